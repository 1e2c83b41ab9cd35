"""A row left 'playing' by a process that died is closed as 'interrupted' at the next start."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from pathlib import Path

from support.kept_sessions import session

from handcue.storage import players
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


def playing_row(path: Path, number: int, player: str | None, hours_ago: float) -> None:
    """A row left 'playing', saved with `player` as the process that played it."""
    started = datetime.now().astimezone() - timedelta(hours=hours_ago)
    database = UserDatabase(path)
    record = replace(session(number), outcome="playing", ended=None, started=started)
    History(database).record(record)
    database.write(
        lambda db: (
            db.execute(
                "UPDATE settings SET value = ? WHERE key = ?", (player, "playing-pid:" + record.uid)
            )
            if player is not None
            else db.execute("DELETE FROM settings WHERE key = ?", ("playing-pid:" + record.uid,))
        )
    )
    database.close()


def this(**changes: object) -> str:
    return json.dumps({**asdict(players.this_process()), **changes})


def test_a_row_whose_process_is_gone_by_any_sign_is_closed(tmp_path: Path) -> None:
    path = tmp_path / "handcue.sqlite3"
    playing_row(path, 1, this(), hours_ago=0.1)  # this very process: still playing
    playing_row(path, 2, this(boot="a-boot-before-the-last-reboot"), hours_ago=0.1)
    playing_row(path, 3, this(start=1), hours_ago=0.1)  # the id now names another process
    playing_row(path, 4, str(os.getpid()), hours_ago=24 * 30)  # an id only, used again since
    playing_row(path, 5, this(host="elsewhere.example"), hours_ago=0.1)  # maybe still playing
    playing_row(path, 6, this(host="elsewhere.example"), hours_ago=48)
    playing_row(path, 7, None, hours_ago=0.1)  # nothing says who played it

    database = UserDatabase(path)
    assert History(database).close_interrupted() == 5
    database.close()
    found = {routine: outcome for routine, (outcome, _) in outcomes(path).items()}
    assert found == {
        "routine-1": "playing",
        "routine-2": "interrupted",
        "routine-3": "interrupted",
        "routine-4": "interrupted",
        "routine-5": "playing",
        "routine-6": "interrupted",
        "routine-7": "interrupted",
    }


def test_the_full_screen_app_closes_rows_of_dead_processes_before_reading_any(
    user_folders: Path,
) -> None:
    """The app opens the database after its first frame, in the worker that reads your
    figures: the rows are closed as it opens, before that worker reads a thing."""
    from handcue.app.app import HandcueApp
    from handcue.core.library import Library
    from handcue.services.launch import Launch

    path = user_folders / "data" / "handcue.sqlite3"
    playing_row(path, 1, this(boot="a-boot-before-the-last-reboot"), hours_ago=1)
    user = HandcueApp(Launch(Library(()))).user
    outcome = user.history.recent(1)[0].outcome
    user.close()
    assert outcome == "interrupted"
    assert outcomes(path)["routine-1"][0] == "interrupted"
