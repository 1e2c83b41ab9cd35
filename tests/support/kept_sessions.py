"""Sessions kept in a user database, for the tests that damage it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from handcue.storage.history import History, SessionRecord
from handcue.storage.user_database import UserDatabase

STARTED = datetime(2025, 3, 4, 21, 30, tzinfo=UTC)


def session(number: int) -> SessionRecord:
    return SessionRecord(
        routine_id=f"routine-{number}",
        started=STARTED + timedelta(hours=number),
        ended=STARTED + timedelta(hours=number, minutes=7),
        left_seconds=100.0,
        right_seconds=100.0,
        steps_done=5,
        steps_skipped=0,
    )


def keep(path: Path, numbers: range) -> UserDatabase:
    """Record sessions and leave the database open, its log still beside it."""
    database = UserDatabase(path)
    history = History(database)
    for number in numbers:
        history.record(session(number))
    return database
