"""Fault injection: the disk fills at every write of a session and of an import.

A child process plays a whole session (written at its start, at each step, at its end, with
its ratings) and then imports a history, with a file-size limit (RLIMIT_FSIZE) standing for a
full disk. The limit is swept in steps of one log frame from nothing to past all it writes, so
each write in turn is the one that fails. After every run the file passes SQLite's check and
every session kept before is there, unchanged; the child said what it could not save.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from support.children import Children
from support.kept_sessions import keep, session

from handcue.storage.history import CheckIn, History
from handcue.storage.user_database import NotSaved, UserDatabase

FRAME = 4096 + 24
"""One page in the write-ahead log."""
KEPT = 30


def play_and_import(path: Path) -> None:
    """One session as a front end writes it, then an import as the command line does."""
    database = UserDatabase(path)
    history = History(database)
    playing = history.record(replace(session(100), outcome="playing", ended=None))
    for step in range(1, 6):
        history.update(replace(playing, steps_done=step, played_seconds=60.0 * step))
    history.update(
        replace(
            playing,
            outcome="finished",
            steps_done=6,
            played_seconds=360.0,
            checkins=(CheckIn("after", "stiffness", "both", 3),),
        )
    )
    database.close()
    if database.lost or database.in_memory or database.read_only:
        assert database.problems, "a session that was not saved is said"
    strict = UserDatabase(path, strict=True)
    try:
        History(strict).import_sessions(session(number) for number in range(200, 240))
    except NotSaved as error:
        assert str(path) in str(error)
    finally:
        strict.close()


def rows(path: Path, uids: list[str]) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        marks = ", ".join("?" * len(uids))
        return raw.execute(
            f"SELECT * FROM sessions WHERE uid IN ({marks}) ORDER BY uid", uids
        ).fetchall()


def saved(path: Path) -> tuple[str | None, int]:
    """How the played session ended in the file, and how many imported sessions it holds."""
    with sqlite3.connect(path) as raw:
        found = raw.execute("SELECT outcome FROM sessions WHERE routine_id = 'routine-100'")
        row = found.fetchone()
        imported = raw.execute(
            "SELECT count(*) FROM sessions WHERE routine_id >= 'routine-2' "
            "AND routine_id < 'routine-3' AND length(routine_id) = 11"
        ).fetchone()[0]
    return (row[0] if row else None), int(imported)


@pytest.fixture
def base(tmp_path: Path) -> tuple[Path, list[tuple[object, ...]], list[str]]:
    path = tmp_path / "base" / "handcue.sqlite3"
    database = keep(path, range(KEPT))
    uids = sorted(record.uid for record in History(database).recent(None))
    database.close()
    return path, rows(path, uids), uids


def test_a_full_disk_at_every_write_loses_nothing_kept(
    tmp_path: Path,
    base: tuple[Path, list[tuple[object, ...]], list[str]],
    children: Children,
) -> None:
    original, kept, uids = base
    free = tmp_path / "free" / original.name
    free.parent.mkdir()
    shutil.copyfile(original, free)
    play_and_import(free)
    most = 2 * max(os.path.getsize(free), 32768) + 32 * FRAME

    limits = range(0, most, FRAME)
    seen: set[tuple[str | None, int]] = set()
    for limit in limits:
        path = tmp_path / f"limit-{limit}" / original.name
        path.parent.mkdir()
        shutil.copyfile(original, path)

        def full_disk(path: Path = path, limit: int = limit) -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
            play_and_import(path)

        assert children.wait(children.start(full_disk)) == 0, f"limit {limit}"
        assert rows(path, uids) == kept, f"limit {limit}"
        database = UserDatabase(path)
        assert History(database).count() >= KEPT
        database.close()
        assert not any("damaged" in problem for problem in database.problems), limit
        seen.add(saved(path))
    # The sweep went from nothing saved, through a session cut short, to all of it saved.
    assert (None, 0) in seen and ("finished", 40) in seen, seen
    assert any(outcome == "playing" for outcome, _ in seen), seen
