"""What a session reports: its events, each stamped with the moment it was due, and its summary.

Every front end and the conductor listen to these; the engine (`core.engine`) makes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from handcue.core.routine import Hand
from handcue.core.timeline import Segment


class EventKind(StrEnum):
    ROUTINE_STARTED = "routine-started"
    STEP_STARTED = "step-started"
    HALFWAY = "halfway"
    COUNTDOWN = "countdown"
    SWITCH_HANDS = "switch-hands"
    STEP_FINISHED = "step-finished"
    PAUSED = "paused"
    RESUMED = "resumed"
    SKIPPED = "skipped"
    WENT_BACK = "went-back"
    STEP_RESTARTED = "step-restarted"
    DURATION_CHANGED = "duration-changed"
    ROUTINE_FINISHED = "routine-finished"


TRANSITIONS = frozenset(
    {EventKind.STEP_STARTED, EventKind.SWITCH_HANDS, EventKind.ROUTINE_FINISHED}
)
"""Events that change which segment is current: the last one says the state you are in."""


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened in a session.

    `segment` is the segment concerned: the one started, finished, counted down, paused in;
    for SKIPPED and WENT_BACK the one left; for DURATION_CHANGED the one changed, with its new
    duration. Every move to a segment is followed by its own STEP_STARTED (or SWITCH_HANDS for
    a gap), so a listener that only follows those always knows where the session is.
    """

    kind: EventKind
    due: float
    """Monotonic time the event was due, not when it was noticed."""
    segment: Segment | None
    value: float | None = None
    """The countdown number, or the seconds added (negative: taken off) by a duration change."""


@dataclass(frozen=True, slots=True)
class DurationChange:
    """A step whose per-side duration differs from the one the session began with."""

    step_index: int
    old: float
    new: float


@dataclass(frozen=True, slots=True)
class Summary:
    """What the finish screen shows and offers to keep."""

    total_elapsed: float
    done: frozenset[int]
    skipped: frozenset[int]
    hand_seconds: Mapping[Hand, float]
    changes: tuple[DurationChange, ...]
