"""Fault injection: a `-wal` that is not this database's own is never applied.

A log from another folder, or an old log of this same file put back by a restore, would
overwrite the person's pages if SQLite applied it; handcue copies everything aside first and
opens the file without the log.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

from support.kept_sessions import keep, session

from handcue.storage.history import History
from handcue.storage.user_database import UserDatabase


def count(path: Path) -> int:
    with sqlite3.connect(path) as raw:
        return int(raw.execute("SELECT count(*) FROM sessions").fetchone()[0])


def copy_log(source: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm"):
        shutil.copyfile(
            source.with_name(source.name + suffix), target.with_name(target.name + suffix)
        )


def test_a_log_from_another_database_is_set_aside_not_applied(tmp_path: Path) -> None:
    mine = tmp_path / "mine" / "handcue.sqlite3"
    keep(mine, range(50)).close()
    other = tmp_path / "other" / "handcue.sqlite3"
    theirs = keep(other, range(100, 101))
    copy_log(other, mine)
    theirs.close()

    database = UserDatabase(mine)
    assert History(database).count() == 50
    database.close()
    assert count(mine) == 50
    said = " ".join(database.problems)
    assert "did not belong" in said and "foreign-log" in said
    kept = list(mine.parent.glob("handcue.sqlite3.before-check-*"))
    original = next(path for path in kept if not path.name.endswith(("-wal", "-shm")))
    assert original.with_name(original.name + "-wal").exists()  # kept as found, log too
    alone = tmp_path / "alone.sqlite3"
    shutil.copyfile(original, alone)
    assert count(alone) == 50


def test_an_old_log_of_the_same_file_is_set_aside_not_applied(tmp_path: Path) -> None:
    mine = tmp_path / "handcue.sqlite3"
    early = keep(mine, range(10))
    saved = tmp_path / "saved"
    saved.mkdir()
    copy_log(mine, saved / mine.name)
    early.close()
    keep(mine, range(10, 50)).close()
    copy_log(saved / mine.name, mine)

    database = UserDatabase(mine)
    assert History(database).count() == 50
    database.close()
    assert count(mine) == 50


def test_the_files_own_log_is_applied_and_no_copy_is_left(tmp_path: Path) -> None:
    mine = tmp_path / "handcue.sqlite3"
    keep(mine, range(5)).close()
    live = keep(mine, range(5, 8))
    saved = tmp_path / "saved"
    saved.mkdir()
    shutil.copyfile(mine, saved / mine.name)
    copy_log(mine, saved / mine.name)
    live.close()
    crashed = saved / mine.name  # as a kill left it: the last sessions only in the log

    database = UserDatabase(crashed)
    assert History(database).count() == 8
    database.close()
    assert database.problems == []
    assert not list(saved.glob("*before-check*"))


def test_an_old_log_that_would_reopen_a_finished_session_is_never_applied(
    tmp_path: Path,
) -> None:
    """The same sessions, the same file: only the rows tell that the log is older."""
    mine = tmp_path / "handcue.sqlite3"
    keep(mine, range(10)).close()
    live = UserDatabase(mine)
    history = History(live)
    playing = history.record(replace(session(10), outcome="playing", ended=None))
    saved = tmp_path / "saved"
    saved.mkdir()
    copy_log(mine, saved / mine.name)  # a backup taken while the session played
    history.update(replace(playing, outcome="finished", played_seconds=420.0))
    live.close()
    copy_log(saved / mine.name, mine)  # ... and put back after it finished

    database = UserDatabase(mine)
    [record] = History(database).recent(1)
    database.close()
    assert (record.outcome, record.played_seconds) == ("finished", 420.0)
    said = " ".join(database.problems)
    assert "'playing'" in said and "foreign-log" in said
    [before] = [
        path
        for path in tmp_path.glob("handcue.sqlite3.before-check-*")
        if not path.name.endswith(("-wal", "-shm"))
    ]
    assert (
        before.with_name(before.name + "-wal").read_bytes()
        == (saved / (mine.name + "-wal")).read_bytes()
    )


def test_a_log_that_changes_kept_rows_is_applied_with_the_files_kept_aside(
    tmp_path: Path,
) -> None:
    """A kill after a session's last save: the log moves the session on, and is applied; the
    files as they were stay beside it, since the log changed a row the file held."""
    mine = tmp_path / "handcue.sqlite3"
    live = keep(mine, range(3))
    history = History(live)
    playing = history.record(replace(session(10), outcome="playing", ended=None))
    live.close()  # checkpointed: the file holds the session as playing
    live = UserDatabase(mine)
    live.read(lambda db: db.execute("PRAGMA wal_autocheckpoint = 0"))
    History(live).update(replace(playing, outcome="stopped", played_seconds=60.0))
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    shutil.copyfile(mine, crashed / mine.name)
    copy_log(mine, crashed / mine.name)
    live.close()

    database = UserDatabase(crashed / mine.name)
    outcomes = {r.routine_id: r.outcome for r in History(database).recent(None)}
    database.close()
    assert outcomes["routine-10"] == "stopped"
    [said] = database.problems
    assert "was applied" in said and "before-check" in said
    assert list(crashed.glob("handcue.sqlite3.before-check-*"))
