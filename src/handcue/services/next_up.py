"""When "Next: ..." is said: `announce_next` seconds before a step ends.

If the voice is still busy then, the announcement waits for it, and is dropped when it could no
longer start `NEXT_UP_LEAD` seconds before the end. None comes in a step's first second, when
the step's own name is said; a step started again is announced again.
"""

from __future__ import annotations

from collections.abc import Callable

from handcue.core.timeline import Segment

NEXT_UP_LEAD = 1.5
"""A next-up announcement that cannot start this long before the step ends is dropped."""
NEXT_UP_MIN_DELAY = 1.0
"""No next-up in the first second of a step: the step's own name comes then."""


class NextUp:
    """Whether the next step is announced yet in the segment playing, and when it will be."""

    def __init__(self, announce_next: float | None) -> None:
        self.announce_next = announce_next
        self._entry = 0
        """Counts segment entries, so a restarted step is announced again."""
        self._announced = -1
        self._next_up_wait: float | None = None

    def entered(self) -> None:
        """A segment began (or began again)."""
        self._entry += 1
        self._next_up_wait = None

    def time(self, current: tuple[Segment, float] | None) -> float | None:
        """When the next-up announcement wants attention, or None; `current` is the segment
        playing and its start."""
        if self.announce_next is None or self._announced == self._entry:
            return None
        if current is None or current[0].is_switch:
            return None
        segment, start = current
        at = start + segment.duration - self.announce_next
        if at < start + NEXT_UP_MIN_DELAY:
            return None
        if self._next_up_wait is not None:
            return max(at, self._next_up_wait)
        return at

    def due(
        self,
        current: tuple[Segment, float] | None,
        now: float,
        waiting_on: Callable[[], float | None],
    ) -> Segment | None:
        """The segment whose next step is to be announced at `now`, or None; `waiting_on` says
        when the voice is free, None when it is free now."""
        at = self.time(current)
        if at is None or at > now:
            return None
        assert current is not None  # time() returned a time
        segment, start = current
        deadline = start + segment.duration
        free = waiting_on()
        if free is not None:
            if free > deadline - NEXT_UP_LEAD:
                self._announced = self._entry
                self._next_up_wait = None
            else:
                self._next_up_wait = max(free, now + 1e-3)
            return None
        self._announced = self._entry
        self._next_up_wait = None
        return segment
