"""The session engine: a routine played against a clock it is handed, never one it keeps.

Nothing here sleeps, spawns threads or reads the time. The caller passes `now` (from a monotonic
clock) to every method and gets back the events that became due. Each segment keeps a deadline,
and the time left is always `deadline - now`, so a late caller loses no time: after a stall,
`advance` reports everything that happened, in order, each event stamped with the moment it was
*due*, and the next segment starts at the previous deadline rather than when it was noticed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from handcue.core.events import DurationChange, Summary

# What the session's methods return, so named here as well (the app's player imports them so).
from handcue.core.events import Event as Event
from handcue.core.events import EventKind as EventKind
from handcue.core.routine import Hand, Routine
from handcue.core.timeline import Segment, build_timeline

HALFWAY_MIN_SECONDS = 20.0
"""Shorter steps get no halfway cue: it would crowd the countdown."""

COUNTDOWN_FROM = 3
"""The last seconds of a step are counted down: 3, 2, 1."""

MIN_REMAINING_SECONDS = 5.0
"""Taking time off a step never leaves less than this, so the countdown still fits."""


class Session:
    """One play-through of a routine, driven by `advance(now)` and the controls.

    Every method that takes `now` first catches up with the events due by then, so a control
    pressed after a stall lands after everything that should already have happened.
    """

    def __init__(self, routine: Routine, durations: Mapping[int, float] | None = None) -> None:
        self.routine = routine
        self.timeline: tuple[Segment, ...] = build_timeline(routine, durations)
        self.position = 0
        self.started = False
        self.finished = False
        self._start = 0.0
        """When the current segment began, shifted forward by pauses."""
        self._paused_at: float | None = None
        self._halfway_pending = False
        self._next_tick = 0
        self._played = 0.0
        self._hand_seconds: dict[Hand, float] = {Hand.LEFT: 0.0, Hand.RIGHT: 0.0, Hand.BOTH: 0.0}
        self._done: set[int] = set()
        self._skipped: set[int] = set()
        self._initial: dict[int, float] = {}
        self._step_seconds: dict[int, float] = {}
        for segment in self.timeline:
            if not segment.is_switch:
                self._initial.setdefault(segment.step_index, segment.duration)
                self._step_seconds.setdefault(segment.step_index, segment.duration)

    # read-only state ---------------------------------------------------------------------

    @property
    def current(self) -> Segment | None:
        """The segment playing (or paused in); None before the start and after the end."""
        if not self.started or self.finished:
            return None
        return self.timeline[self.position]

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def running(self) -> bool:
        """Started, not finished and not paused: time is passing."""
        return self.started and not self.finished and self._paused_at is None

    @property
    def deadline(self) -> float | None:
        """When the current segment ends if nothing changes; None unless there is one."""
        current = self.current
        return None if current is None else self._start + current.duration

    @property
    def done(self) -> frozenset[int]:
        """Positions of segments played to their end."""
        return frozenset(self._done)

    @property
    def skipped(self) -> frozenset[int]:
        """Positions left early with `next` and not played to the end since."""
        return frozenset(self._skipped - self._done)

    @property
    def changes(self) -> tuple[DurationChange, ...]:
        """Steps whose duration changed during the session, by step index, net of undoing."""
        return tuple(
            DurationChange(index, self._initial[index], seconds)
            for index, seconds in sorted(self._step_seconds.items())
            if seconds != self._initial[index]
        )

    def remaining(self, now: float) -> float:
        """Seconds left in the current segment: `deadline - now`, frozen while paused."""
        current = self.current
        if current is None:
            return 0.0 if self.finished or not self.timeline else self.timeline[0].duration
        return max(0.0, self._start + current.duration - self._clock(now))

    def elapsed(self, now: float) -> float:
        """Seconds played in the current segment."""
        current = self.current
        if current is None:
            return 0.0
        return min(current.duration, max(0.0, self._clock(now) - self._start))

    def total_remaining(self, now: float) -> float:
        """Seconds left in the whole routine, from the current segment on."""
        if self.finished:
            return 0.0
        if not self.started:
            return sum(segment.duration for segment in self.timeline)
        # From the final deadline, so it stays right even before `advance` has caught up.
        later = sum(segment.duration for segment in self.timeline[self.position :])
        return max(0.0, self._start + later - self._clock(now))

    def total_elapsed(self, now: float) -> float:
        """Seconds spent playing, pauses excluded, replays included."""
        return self._played + self.elapsed(now)

    def hand_seconds(self, now: float) -> dict[Hand, float]:
        """Seconds of work on LEFT, RIGHT and BOTH; switch gaps count for none."""
        seconds = dict(self._hand_seconds)
        current = self.current
        if current is not None and not current.is_switch:
            seconds[current.hand] += self.elapsed(now)
        return seconds

    def summary(self, now: float) -> Summary:
        return Summary(
            self.total_elapsed(now), self.done, self.skipped, self.hand_seconds(now), self.changes
        )

    def next_due(self) -> float | None:
        """When the next event falls due, for the caller's timer; None while nothing will."""
        if not self.running:
            return None
        return self._next_mark()[0]

    # driving -----------------------------------------------------------------------------

    def start(self, now: float) -> list[Event]:
        """Begin at `now` with the first segment."""
        if self.started:
            raise RuntimeError("the session has already started")
        self.started = True
        events = [Event(EventKind.ROUTINE_STARTED, now, None)]
        if not self.timeline:
            self.finished = True
            events.append(Event(EventKind.ROUTINE_FINISHED, now, None))
            return events
        self._enter(0, now, now, events)
        return events

    def advance(self, now: float) -> list[Event]:
        """Everything due up to and including `now`, in order, each stamped when it was due."""
        events: list[Event] = []
        while self.running:
            due, kind = self._next_mark()
            if due > now:
                break
            segment = self.timeline[self.position]
            if kind is EventKind.COUNTDOWN:
                events.append(Event(kind, due, segment, float(self._next_tick)))
                self._next_tick -= 1
            elif kind is EventKind.HALFWAY:
                events.append(Event(kind, due, segment))
                self._halfway_pending = False
            else:
                if not segment.is_switch:
                    events.append(Event(EventKind.STEP_FINISHED, due, segment))
                self._done.add(self.position)
                self._leave(segment.duration)
                self._enter(self.position + 1, due, due, events)
        return events

    # controls ----------------------------------------------------------------------------

    def pause(self, now: float) -> list[Event]:
        events = self.advance(now)
        if not self.running:
            return events
        self._paused_at = now
        events.append(Event(EventKind.PAUSED, now, self.current))
        return events

    def resume(self, now: float) -> list[Event]:
        if self._paused_at is None or self.finished:
            return self.advance(now)
        self._start += now - self._paused_at
        self._paused_at = None
        return [Event(EventKind.RESUMED, now, self.current)]

    def wait(self, seconds: float) -> None:
        """Hold the running segment's clock for `seconds`, as a pause would, while guidance is
        said: the step is time doing the movement, not listening. Nothing happens when paused
        or not running."""
        if seconds > 0 and self.running:
            self._start += seconds

    def next(self, now: float) -> list[Event]:
        """Leave the current segment for the following one (a gap counts as one)."""
        events = self.advance(now)
        current = self.current
        if current is None:
            return events
        self._skipped.add(self.position)
        events.append(Event(EventKind.SKIPPED, now, current))
        self._leave(self.elapsed(now))
        self._enter(self.position + 1, self._clock(now), now, events)
        return events

    def previous(self, now: float) -> list[Event]:
        """Go back to the previous step or side, passing over gaps; at the first, restart it."""
        events = self.advance(now)
        current = self.current
        if current is None:
            return events
        target = next(
            (p for p in range(self.position - 1, -1, -1) if not self.timeline[p].is_switch),
            None,
        )
        if target is None:
            return events + self._restart(now)
        events.append(Event(EventKind.WENT_BACK, now, current))
        self._leave(self.elapsed(now))
        self._enter(target, self._clock(now), now, events)
        return events

    def restart_step(self, now: float) -> list[Event]:
        """Play the current segment again from its beginning."""
        events = self.advance(now)
        if self.current is None:
            return events
        return events + self._restart(now)

    def adjust(self, now: float, delta_seconds: float) -> list[Event]:
        """Add (or take off) time on the current segment, never leaving under 5 s.

        On the left half of an `each` step the right half gets the same new length, so both
        hands still get equal time. A switch gap cannot be changed.
        """
        events = self.advance(now)
        current = self.current
        if current is None or current.is_switch:
            return events
        left = self.remaining(now)
        target = left + delta_seconds
        if delta_seconds < 0:
            target = max(target, min(left, MIN_REMAINING_SECONDS))
        change = target - left
        if change == 0:
            return events
        seconds = current.duration + change
        self._set_segment(current.position, seconds)
        if current.side == 0:
            self._set_step_rest(current.step_index, seconds, after=current.position)
        self._step_seconds[current.step_index] = seconds
        self._retime(now)
        events.append(Event(EventKind.DURATION_CHANGED, now, self.timeline[self.position], change))
        return events

    # internals ---------------------------------------------------------------------------

    def _clock(self, now: float) -> float:
        """The session's idea of now: time stands still at the moment of the pause."""
        return now if self._paused_at is None else self._paused_at

    def _next_mark(self) -> tuple[float, EventKind]:
        segment = self.timeline[self.position]
        deadline = self._start + segment.duration
        if self._halfway_pending:
            return self._start + segment.duration / 2, EventKind.HALFWAY
        if self._next_tick > 0:
            return deadline - self._next_tick, EventKind.COUNTDOWN
        return deadline, EventKind.STEP_FINISHED

    def _enter(self, position: int, start: float, due: float, events: list[Event]) -> None:
        """Make `position` current from `start` and announce it (or the end) at `due`."""
        if position >= len(self.timeline):
            self.finished = True
            self._paused_at = None
            events.append(Event(EventKind.ROUTINE_FINISHED, due, None))
            return
        self.position = position
        self._start = start
        segment = self.timeline[position]
        self._halfway_pending = not segment.is_switch and segment.duration >= HALFWAY_MIN_SECONDS
        self._next_tick = _first_tick(segment)
        kind = EventKind.SWITCH_HANDS if segment.is_switch else EventKind.STEP_STARTED
        events.append(Event(kind, due, segment))

    def _leave(self, played: float) -> None:
        segment = self.timeline[self.position]
        self._played += played
        if not segment.is_switch:
            self._hand_seconds[segment.hand] += played

    def _restart(self, now: float) -> list[Event]:
        events = [Event(EventKind.STEP_RESTARTED, now, self.current)]
        self._leave(self.elapsed(now))
        self._enter(self.position, self._clock(now), now, events)
        return events

    def _retime(self, now: float) -> None:
        """After the current segment's length changed, drop marks that now lie in the past."""
        segment = self.timeline[self.position]
        clock = self._clock(now)
        # Whether a segment gets a halfway is settled when it starts; a change can only cancel
        # it: when the segment became too short, or its new middle has already gone by.
        if segment.duration < HALFWAY_MIN_SECONDS or self._start + segment.duration / 2 <= clock:
            self._halfway_pending = False
        deadline = self._start + segment.duration
        tick = _first_tick(segment)
        while tick > 0 and deadline - tick <= clock:
            tick -= 1
        self._next_tick = tick

    def _set_segment(self, position: int, seconds: float) -> None:
        segments = list(self.timeline)
        segments[position] = replace(segments[position], duration=seconds)
        self.timeline = tuple(segments)

    def _set_step_rest(
        self, step_index: int, seconds: float, *, after: int, keep: int = -1
    ) -> None:
        """Set every non-gap segment of a step beyond `after`, except `keep`, to `seconds`."""
        for segment in self.timeline:
            if (
                segment.step_index == step_index
                and not segment.is_switch
                and segment.position > after
                and segment.position != keep
            ):
                self._set_segment(segment.position, seconds)


def _first_tick(segment: Segment) -> int:
    """The first countdown number of a segment: none on gaps, none falling at its very start."""
    if segment.is_switch:
        return 0
    tick = COUNTDOWN_FROM
    while tick > 0 and tick >= segment.duration:
        tick -= 1
    return tick
