"""The week's breaks read back: taken of those offered, per day, and nothing when the reminders
were never used."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from handcue.services.breaks_taken import breaks_line
from handcue.storage.reminders import Reminders
from handcue.storage.user_database import UserDatabase

TODAY = date(2026, 12, 9)  # a Wednesday


def _offer(store: Reminders, day: date, outcome: str | None) -> None:
    when = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    ident = store.offer(when, "desk-reset", "Desk reset")
    assert ident is not None
    if outcome is not None:
        assert store.answer(ident, outcome, when + timedelta(minutes=1))


def test_no_reminder_ever_offered_says_nothing(tmp_path: Path) -> None:
    database = UserDatabase(tmp_path / "handcue.sqlite3")
    try:
        assert breaks_line(Reminders(database), TODAY) is None
    finally:
        database.close()


def test_each_day_of_the_last_week_with_breaks_is_counted(tmp_path: Path) -> None:
    database = UserDatabase(tmp_path / "handcue.sqlite3")
    store = Reminders(database)
    try:
        _offer(store, TODAY - timedelta(days=7), "played")  # a week ago: not counted
        _offer(store, TODAY - timedelta(days=6), "played")
        _offer(store, TODAY - timedelta(days=6), "skipped")
        _offer(store, TODAY, "played")
        _offer(store, TODAY, "snoozed")
        _offer(store, TODAY, None)
        assert breaks_line(store, TODAY) == (
            "Breaks taken of those offered, last 7 days: 2 of 5 (Thu 03 1/2, today 1/3)"
        )
    finally:
        database.close()
