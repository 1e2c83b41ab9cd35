"""Fault injection: one damaged page of the user database costs only the rows on it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from support.kept_sessions import keep, session

from handcue.storage.history import Filter, History
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


def damage_sessions_root(path: Path) -> None:
    """Write noise over the sessions table's root, an interior page above every leaf."""
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        [root] = raw.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sessions'"
        ).fetchone()
    raw.close()
    with path.open("r+b") as file:
        file.seek(PAGE * (root - 1))
        assert file.read(1) == b"\x05", "an interior page of a table"
        file.seek(PAGE * (root - 1))
        file.write(b"\xa5" * PAGE)


@pytest.fixture(params=["with the sqlite3 program", "without it"])
def program(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param == "without it":
        monkeypatch.setattr(shutil, "which", lambda name: None)
    elif shutil.which("sqlite3") is None:
        pytest.skip("the sqlite3 program is not installed")


def test_rows_under_a_damaged_interior_page_are_all_kept(tmp_path: Path, program: None) -> None:
    path = tmp_path / "handcue.sqlite3"
    database = keep(path, range(0))
    History(database).import_sessions(session(number) for number in range(600))
    database.close()
    damage_sessions_root(path)

    database = UserDatabase(path)
    history = History(database)
    kept = {record.routine_id for record in history.recent(None)}
    database.close()
    assert kept == {f"routine-{number}" for number in range(600)}
    [said] = database.problems
    assert "600 sessions kept" in said


def test_forgotten_sessions_stay_forgotten_when_pages_are_read(
    tmp_path: Path, program: None
) -> None:
    path = tmp_path / "handcue.sqlite3"
    database = keep(path, range(0))
    history = History(database)
    history.import_sessions(session(number) for number in range(600))
    history.forget(Filter(routine_ids=frozenset(f"routine-{n}" for n in range(0, 600, 2))))
    history.forget(Filter(routine_ids=frozenset(f"routine-{n}" for n in range(300, 600))))
    database.close()
    damage_sessions_root(path)

    database = UserDatabase(path)
    kept = {record.routine_id for record in History(database).recent(None)}
    database.close()
    assert kept == {f"routine-{number}" for number in range(1, 300, 2)}


def test_the_damage_is_said_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "handcue.sqlite3"
    database = keep(path, range(0))
    History(database).import_sessions(session(number) for number in range(600))
    database.close()
    damage_one_sessions_page(path)
    database = UserDatabase(path)
    History(database).count()
    database.close()
    assert database.problems
    assert all("\n" not in problem for problem in database.problems)
