"""Fault injection: SIGKILL at random moments of a session and of an import, 100 times.

A child process plays sessions (written at the start, at each step, at the end) and imports
histories, over and over, until it is killed at a moment drawn at random. After every kill the
file passes SQLite's check, and every session kept before the child started is still there,
unchanged; handcue opens it without finding damage, and closes the killed session as
interrupted.
"""

from __future__ import annotations

import random
import sqlite3
import time
import uuid
from dataclasses import replace
from pathlib import Path

from support.children import Children
from support.kept_sessions import keep, session

from handcue.storage.history import History
from handcue.storage.user_database import UserDatabase

RUNS = 100
SEED = 24


def work(path: Path) -> None:
    database = UserDatabase(path)
    history = History(database)
    for _ in range(1000):
        playing = history.record(
            replace(session(1000), outcome="playing", ended=None, uid=uuid.uuid4().hex)
        )
        for step in range(1, 4):
            history.update(replace(playing, steps_done=step, played_seconds=30.0 * step))
        history.update(replace(playing, outcome="finished", played_seconds=120.0))
        history.import_sessions(
            replace(session(number), uid=uuid.uuid4().hex) for number in range(20)
        )


def finished(path: Path) -> dict[str, tuple[object, ...]]:
    """Every session that had ended, by uid, with its whole row."""
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        found = raw.execute("SELECT * FROM sessions WHERE outcome != 'playing'").fetchall()
    raw.close()
    return {str(row[1]): tuple(row) for row in found}


def test_sigkill_at_random_moments_loses_no_kept_session(
    tmp_path: Path, children: Children
) -> None:
    path = tmp_path / "handcue.sqlite3"
    keep(path, range(10)).close()
    draw = random.Random(SEED)
    kills = 0
    for run in range(RUNS):
        kept = finished(path)
        child = children.start(lambda: work(path))
        time.sleep(draw.uniform(0.0, 0.04))
        kills += children.kill(child)
        after = finished(path)
        assert {uid: after.get(uid) for uid in kept} == kept, f"run {run}"
        database = UserDatabase(path)
        history = History(database)
        history.close_interrupted()
        assert history.count(), f"run {run}"
        database.close()
        assert not any("damaged" in problem for problem in database.problems), run
    assert kills > RUNS // 2, "most kills landed while the child was writing"
    with sqlite3.connect(path) as raw:
        left = raw.execute("SELECT count(*) FROM sessions WHERE outcome = 'playing'").fetchone()
    assert left == (0,), "every killed session was closed as interrupted"
