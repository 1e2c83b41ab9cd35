"""Acknowledgements and history: round trips, damaged databases and unusable folders."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.sessions import session_record

from handcue.storage import paths
from handcue.storage.acknowledgements import GENERAL, Acknowledgements, UserDatabase
from handcue.storage.history import History, SessionRecord

STARTED = datetime(2025, 3, 4, 21, 30, tzinfo=UTC)


def session(
    routine_id: str = "evening", minutes: int = 0, changes: dict[str, Any] | None = None
) -> SessionRecord:
    return session_record(
        started=STARTED + timedelta(minutes=minutes),
        **{
            "routine_id": routine_id,
            "left_seconds": 190.5,
            "right_seconds": 185.25,
            "steps_done": 9,
            "steps_skipped": 1,
            **(changes or {}),
        },
    )


def backups(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.glob(f"{path.name}.corrupt-*") if p.suffix != "")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "handcue.sqlite3"


def reopen(path: Path) -> UserDatabase:
    return UserDatabase(path)


def test_default_database_is_in_the_data_folder() -> None:
    database = UserDatabase()
    Acknowledgements(database).acknowledge(GENERAL)
    assert database.path == paths.data_dir() / "handcue.sqlite3"
    assert database.path.exists()
    database.close()


# acknowledgements


def test_acknowledgement_is_remembered_per_routine(db_path: Path) -> None:
    first = reopen(db_path)
    Acknowledgements(first).acknowledge("evening", ["skin", "arthritis-flare"])
    first.close()

    second = Acknowledgements(reopen(db_path))
    assert second.is_acknowledged("evening", ["arthritis-flare", "skin"])
    assert not second.is_acknowledged("morning")
    assert second.problems == []


def test_general_precautions_are_acknowledged_once(db_path: Path) -> None:
    acknowledgements = Acknowledgements(reopen(db_path))
    assert not acknowledgements.is_acknowledged(GENERAL)
    acknowledgements.acknowledge(GENERAL)
    assert Acknowledgements(reopen(db_path)).is_acknowledged(GENERAL)


def test_a_new_caution_asks_again(db_path: Path) -> None:
    acknowledgements = Acknowledgements(reopen(db_path))
    acknowledgements.acknowledge("evening", ["skin"])
    assert not acknowledgements.is_acknowledged("evening", ["skin", "neuropathy"])
    acknowledgements.acknowledge("evening", ["skin", "neuropathy"])
    assert acknowledgements.is_acknowledged("evening", ["skin", "neuropathy"])


# history


def test_history_round_trip_newest_first(db_path: Path) -> None:
    history = History(reopen(db_path))
    saved = [
        history.record(session("evening", 0)),
        history.record(
            session("morning", 60, {"ended": None, "outcome": "stopped", "steps_skipped": 4})
        ),
        history.record(session("evening", 120, {"left_seconds": 0.0})),
    ]
    assert all(record.id is not None for record in saved)
    history.database.close()

    recent = History(reopen(db_path)).recent(2)
    assert recent == [saved[2], saved[1]]
    assert recent[1].ended is None
    assert recent[0].started.tzinfo is not None


def test_recent_of_an_empty_history(db_path: Path) -> None:
    assert History(reopen(db_path)).recent(5) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"left_seconds": -1.0},
        {"right_seconds": float("nan")},
        {"steps_done": -1},
        {"routine_id": ""},
        {"ended": STARTED - timedelta(seconds=1)},
    ],
)
def test_impossible_sessions_are_refused(db_path: Path, changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        session(changes=changes)


def test_failed_change_leaves_nothing_half_written(db_path: Path) -> None:
    database = reopen(db_path)
    history = History(database)
    history.record(session())

    def half_then_fail(db: sqlite3.Connection) -> None:
        db.execute("DELETE FROM sessions")
        raise KeyError("interrupted")

    with pytest.raises(KeyError):
        database.write(half_then_fail)
    assert len(history.recent(10)) == 1


def test_unreadable_row_is_reported_and_the_rest_listed(db_path: Path) -> None:
    history = History(reopen(db_path))
    good = history.record(session())
    history.database.write(
        lambda db: db.execute(
            "INSERT INTO sessions (uid, routine_id, started_at, day, ended_at, left_seconds, "
            "right_seconds, steps_done, steps_skipped) "
            "VALUES ('u1', 'x', 'yesterday', 'yesterday', NULL, 1, 1, 1, 0)"
        )
    )
    assert history.recent(10) == [good]
    assert any("left out" in problem for problem in history.problems)


def test_acknowledgements_and_history_share_one_database(db_path: Path) -> None:
    database = reopen(db_path)
    Acknowledgements(database).acknowledge("evening")
    History(database).record(session())
    database.close()
    with sqlite3.connect(db_path) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert {"acknowledgements", "sessions"} <= tables


# damaged databases and unusable folders


def test_garbage_file_is_moved_aside_and_a_new_database_started(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    garbage = b"this is not a database, just some bytes " * 200
    db_path.write_bytes(garbage)

    acknowledgements = Acknowledgements(reopen(db_path))
    assert not acknowledgements.is_acknowledged("evening")
    acknowledgements.acknowledge("evening")

    [backup] = backups(db_path)
    assert backup.read_bytes() == garbage
    [problem] = acknowledgements.problems
    assert str(db_path) in problem
    assert backup.name in problem
    assert not acknowledgements.database.in_memory
    assert Acknowledgements(reopen(db_path)).is_acknowledged("evening")


def test_database_with_damaged_pages_is_moved_aside(db_path: Path) -> None:
    history = History(reopen(db_path))
    for number in range(300):
        history.record(session(f"routine-{number}", number))
    history.database.close()
    content = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(content[16:18], "big")
    for page in range(1, len(content) // page_size):
        start = page * page_size
        content[start : start + 64] = b"\xa5" * 64
    db_path.write_bytes(bytes(content))

    recovered = History(reopen(db_path))
    assert recovered.recent(5) == []
    [backup] = backups(db_path)
    assert backup.read_bytes() == bytes(content)
    assert any(str(db_path) in problem for problem in recovered.problems)
    assert recovered.record(session()).id is not None


def test_folder_that_cannot_be_made_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    database = UserDatabase(blocker / "handcue.sqlite3")
    acknowledgements = Acknowledgements(database)
    acknowledgements.acknowledge("evening")
    assert acknowledgements.is_acknowledged("evening")
    History(database).record(session())
    assert database.in_memory
    [problem] = database.problems
    assert str(blocker) in problem
    assert "until handcue closes" in problem
    assert blocker.read_text() == "a file where the folder should be"


def test_database_that_cannot_be_opened_falls_back_to_memory(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    history = History(reopen(db_path))
    assert history.record(session()).id is not None
    assert history.database.in_memory
    assert db_path.is_dir()
    assert backups(db_path) == []


def test_database_from_a_newer_version_is_left_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as raw:
        raw.execute("PRAGMA user_version = 99")
    before = db_path.read_bytes()
    database = reopen(db_path)
    Acknowledgements(database).acknowledge("evening")
    database.close()
    assert database.in_memory
    assert any("newer handcue" in problem for problem in database.problems)
    assert db_path.read_bytes() == before


def test_write_failure_mid_run_keeps_the_data_in_memory(db_path: Path) -> None:
    database = reopen(db_path)
    acknowledgements = Acknowledgements(database)
    acknowledgements.acknowledge("evening")
    with sqlite3.connect(db_path) as other:
        other.execute("DROP TABLE acknowledgements")
    acknowledgements.acknowledge("morning")
    assert database.in_memory
    assert acknowledgements.is_acknowledged("morning")
    assert database.problems
