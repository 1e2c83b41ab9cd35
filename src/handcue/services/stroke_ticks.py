"""The pacer's ticks in the segment playing: its strokes (`core.pacer`), clear of its own cues.

Each tick is kept as an offset from the segment's start, and the start is asked for again each
time, so a pause, a skip or a changed length moves the ticks with it. Switched on mid-step, the
pacer picks up at the next stroke.
"""

from __future__ import annotations

from collections.abc import Callable

from handcue.core import pacer as pacing
from handcue.core.cues import CueKind
from handcue.core.timeline import Segment

TICK_STALE = 0.1
"""A tick noticed later than this is skipped: a late stroke beat misleads."""


class StrokeTicks:
    """The ticks left in the segment playing, planned at each change of segment."""

    def __init__(self, on: bool) -> None:
        self.on = on
        self._ticks: list[float] = []
        self._tick_index = 0

    def plan(
        self,
        current: tuple[Segment, float] | None,
        now: float,
        length_of: Callable[[CueKind], float],
    ) -> None:
        """Tick the strokes of `current` (the segment playing and its start) from `now` on."""
        self._ticks, self._tick_index = [], 0
        if not self.on or current is None:
            return
        segment, start = current
        step = segment.step
        if segment.is_switch or step.tempo is None:
            return
        quiet = pacing.quiet_spans(segment.duration, length_of)
        self._ticks = pacing.tick_offsets(segment.duration, step.tempo, step.tempo_end, quiet=quiet)
        elapsed = now - start
        while self._tick_index < len(self._ticks) and self._ticks[self._tick_index] < elapsed:
            self._tick_index += 1

    def next_time(self, current: tuple[Segment, float] | None) -> float | None:
        """When the next tick falls; None when no more will in this segment."""
        if self._tick_index >= len(self._ticks):
            return None
        if current is None:
            return None
        return current[1] + self._ticks[self._tick_index]

    def take(self, current: tuple[Segment, float] | None, now: float) -> float | None:
        """The next tick due by `now`, taken (it will not come again); None when none is."""
        at = self.next_time(current)
        if at is None or at > now:
            return None
        self._tick_index += 1
        return at
