"""What the history holds, as values: a session as played, its check-ins, which sessions a view
asks for, and the sums a history view shows."""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

OUTCOMES = ("finished", "stopped", "playing", "interrupted")
"""'playing' is a session still playing, or one whose process died before the next start
closes it as 'interrupted' with the time last saved (see `History.close_interrupted`)."""
HANDS = ("both", "left", "right")
MOMENTS = ("before", "after")


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One rating given before or after a session."""

    moment: str
    measure: str
    hand: str
    rating: int

    def __post_init__(self) -> None:
        if self.moment not in MOMENTS:
            raise ValueError(f"a check-in is 'before' or 'after', got {self.moment!r}")
        if self.hand not in HANDS:
            raise ValueError(f"a check-in's hand is one of {', '.join(HANDS)}, got {self.hand!r}")
        if not self.measure or len(self.measure) > 40:
            raise ValueError("a check-in needs the name of what was rated")
        if not isinstance(self.rating, int) or not 0 <= self.rating <= 10:
            raise ValueError(f"a rating is a whole number from 0 to 10, got {self.rating!r}")


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as played."""

    routine_id: str
    started: datetime
    """Local time with its offset."""
    ended: datetime | None
    """None while playing, or when handcue never got to say how it ended."""
    left_seconds: float
    """Time spent working on the left hand (two-handed steps count for both)."""
    right_seconds: float
    steps_done: int
    steps_skipped: int
    outcome: str = "finished"
    played_seconds: float = 0.0
    """Time spent playing, pauses excluded."""
    routine_title: str | None = None
    goals: tuple[str, ...] = ()
    """The routine's goals as it was played, so filters work after the routine is gone."""
    fingerprint: str | None = None
    """A digest of the steps as played: a different one means the routine was edited."""
    steps_total: int | None = None
    stopped_step: int | None = None
    """The step (from 0) the session was stopped in, when stopped early."""
    stopped_title: str | None = None
    pace: float | None = None
    """The routine's length as played over its length as written; None when as written."""
    tweaks: Mapping[str, float] = field(default_factory=dict)
    """Step number (from 1) to seconds, for steps played at a time of the person's own."""
    changed: Mapping[str, float] = field(default_factory=dict)
    """Step number to seconds, for steps lengthened or shortened during the session."""
    checkins: tuple[CheckIn, ...] = ()
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    """Stays with the session through export and import, so a merge never doubles it."""
    id: int | None = None
    """Set once the record is saved."""

    def __post_init__(self) -> None:
        if not self.routine_id:
            raise ValueError("a session needs the id of its routine")
        if self.started.tzinfo is None:
            raise ValueError("a session's start needs its offset from UTC")
        for name in ("left_seconds", "right_seconds", "played_seconds"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be 0 or more seconds, got {value!r}")
        if self.steps_done < 0 or self.steps_skipped < 0:
            raise ValueError("step counts cannot be negative")
        if self.ended is not None and self.ended < self.started:
            raise ValueError("a session cannot end before it started")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"a session's outcome is one of {', '.join(OUTCOMES)}")
        if self.pace is not None and not (math.isfinite(self.pace) and self.pace > 0):
            raise ValueError(f"a pace must be above 0, got {self.pace!r}")
        if not self.uid or len(self.uid) > 64:
            raise ValueError("a session needs an id of at most 64 characters")

    @property
    def day(self) -> date:
        """The local date it started on."""
        return self.started.date()

    def ratings(self, moment: str, measure: str) -> float | None:
        """The mean rating of `measure` at `moment` over the hands rated; None if not rated."""
        values = [c.rating for c in self.checkins if c.moment == moment and c.measure == measure]
        return sum(values) / len(values) if values else None


@dataclass(frozen=True, slots=True)
class Filter:
    """Which sessions: by routine, by goal (the goal played for, or the routine's today), since
    a day; None means any."""

    routine_ids: frozenset[str] | None = None
    goal: str | None = None
    goal_routines: frozenset[str] = frozenset()
    """Routines that serve `goal` today: a session played before goals were kept counts too."""
    since: date | None = None
    uids: frozenset[str] | None = None
    """Sessions by their `uid`: one session, to delete it."""

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        values: list[object] = []
        if self.routine_ids is not None:
            clauses.append(f"routine_id IN ({', '.join('?' * len(self.routine_ids))})")
            values.extend(sorted(self.routine_ids))
        if self.goal is not None:
            known = ", ".join("?" * len(self.goal_routines))
            clauses.append(
                f"(instr(goals, ?) > 0 OR routine_id IN ({known}))"
                if known
                else "instr(goals, ?) > 0"
            )
            values.append(f" {self.goal} ")
            values.extend(sorted(self.goal_routines))
        if self.since is not None:
            clauses.append("day >= ?")
            values.append(self.since.isoformat())
        if self.uids is not None:
            clauses.append(f"uid IN ({', '.join('?' * len(self.uids))})")
            values.extend(sorted(self.uids))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", values


ANY = Filter()


@dataclass(frozen=True, slots=True)
class RoutineUse:
    """How a routine has been used: sessions, the last start, minutes in all."""

    routine_id: str
    title: str | None
    sessions: int
    last: datetime
    seconds: float


@dataclass(frozen=True, slots=True)
class RatingStats:
    """Mean ratings before and after over `sessions` sessions of one routine, or one day."""

    group: str
    """The routine id, or the day as YYYY-MM-DD."""
    before: float
    after: float
    sessions: int
