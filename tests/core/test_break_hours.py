"""Working hours, days and quiet hours, including a quiet span across midnight."""

from datetime import datetime, time

from handcue.core.break_hours import BreakHours, may_remind

HOURS = BreakHours(
    start=time(9),
    end=time(23, 30),
    days=frozenset(range(5)),
    quiet_start=time(12),
    quiet_end=time(13),
)


def test_working_hours_days_and_quiet_hours() -> None:
    assert may_remind(HOURS, datetime(2026, 12, 7, 10, 0))  # Monday
    assert not may_remind(HOURS, datetime(2026, 12, 7, 8, 59))
    assert not may_remind(HOURS, datetime(2026, 12, 7, 12, 30))
    assert not may_remind(HOURS, datetime(2026, 12, 5, 10, 0))  # Saturday


def test_quiet_span_across_midnight() -> None:
    night = BreakHours(quiet_start=time(22), quiet_end=time(7))
    assert not may_remind(night, datetime(2026, 12, 7, 23, 0))
    assert not may_remind(night, datetime(2026, 12, 7, 6, 0))
    assert may_remind(night, datetime(2026, 12, 7, 8, 0))
