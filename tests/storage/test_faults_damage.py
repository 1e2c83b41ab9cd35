"""Fault injection: one damaged page of the user database costs only the rows on it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from support.kept_sessions import keep, session

from handcue.storage.history import History
from handcue.storage.user_database import UserDatabase

PAGE = 4096


def damage_one_sessions_page(path: Path) -> None:
    """Write noise over one leaf page of the sessions table, in the middle of the file."""
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sessions'").fetchone()
    pages = path.stat().st_size // PAGE
    assert pages > 20 and root[0] < pages
    with path.open("r+b") as file:
        file.seek(PAGE * (pages // 2))
        file.write(b"\xa5" * PAGE)


def test_a_damaged_page_keeps_every_readable_row_in_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "handcue.sqlite3"
    database = keep(path, range(0))
    history = History(database)
    history.import_sessions(session(number) for number in range(600))
    database.close()
    damage_one_sessions_page(path)

    database = UserDatabase(path)
    kept = History(database).count()
    database.close()
    assert 500 <= kept <= 600
    [said] = [problem for problem in database.problems if "damaged" in problem]
    assert f"{kept} sessions kept" in said
    [original] = tmp_path.glob("handcue.sqlite3.corrupt-*[0-9]")
    assert original.name in said
    assert original.stat().st_size > 20 * PAGE
