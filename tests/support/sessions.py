"""One way to build a `SessionRecord` for tests: a finished session, changed where a test says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from handcue.storage.history import CheckIn, SessionRecord

STARTED = datetime(2025, 3, 4, 21, 30, tzinfo=UTC)


def session_record(
    routine_id: str = "evening",
    started: datetime = STARTED,
    *,
    minutes: float = 7,
    **changes: Any,
) -> SessionRecord:
    """A session of `routine_id` that began at `started` and ended `minutes` later."""
    fields: dict[str, Any] = {
        "routine_id": routine_id,
        "started": started,
        "ended": started + timedelta(minutes=minutes),
        "left_seconds": 100.0,
        "right_seconds": 100.0,
        "steps_done": 5,
        "steps_skipped": 0,
    }
    fields.update(changes)
    return SessionRecord(**fields)


def rated(
    routine_id: str,
    started: datetime,
    minutes: float,
    before: int,
    after: int,
    measure: str = "stiffness",
    **changes: Any,
) -> SessionRecord:
    """A session with a check-in before and after, rating `measure` on both hands."""
    checkins = (
        CheckIn("before", measure, "both", before),
        CheckIn("after", measure, "both", after),
    )
    return session_record(routine_id, started, minutes=minutes, checkins=checkins, **changes)
