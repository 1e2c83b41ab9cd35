"""A row left 'playing' by a process that died is closed as 'interrupted' at the next start."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from pathlib import Path

from support.kept_sessions import session

from handcue.storage.history import History
from handcue.storage.user_database import UserDatabase


def outcomes(path: Path) -> dict[str, tuple[str, float]]:
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT routine_id, outcome, played_seconds FROM sessions")
        return {routine: (outcome, played) for routine, outcome, played in rows}


def test_only_the_row_of_a_dead_process_is_closed(tmp_path: Path) -> None:
    path = tmp_path / "handcue.sqlite3"
    child = os.fork()
    if child == 0:  # a handcue killed mid-session: its row says 'playing', 42 s saved
        database = UserDatabase(path)
        History(database).record(replace(session(1), outcome="playing", played_seconds=42.0))
        database.close()
        os._exit(0)
    os.waitpid(child, 0)
    database = UserDatabase(path)
    history = History(database)
    history.record(replace(session(2), outcome="playing", played_seconds=5.0))

    assert history.close_interrupted() == 1
    database.close()
    assert outcomes(path) == {"routine-1": ("interrupted", 42.0), "routine-2": ("playing", 5.0)}
