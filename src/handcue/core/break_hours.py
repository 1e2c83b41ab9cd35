"""Whether a local time falls within working hours and days and outside quiet hours (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time


@dataclass(frozen=True)
class BreakHours:
    """Working hours and days (0 is Monday) and quiet hours; a quiet span may cross midnight."""

    start: time = time(0, 0)
    end: time = time(23, 59, 59)
    days: frozenset[int] = frozenset(range(7))
    quiet_start: time | None = None
    quiet_end: time | None = None


def _within(moment: time, start: time, end: time) -> bool:
    return start <= moment < end if start <= end else moment >= start or moment < end


def may_remind(hours: BreakHours, local: datetime) -> bool:
    """True when a reminder may be shown at this local time."""
    moment = local.time()
    if local.weekday() not in hours.days or not _within(moment, hours.start, hours.end):
        return False
    if hours.quiet_start is not None and hours.quiet_end is not None:
        return not _within(moment, hours.quiet_start, hours.quiet_end)
    return True
