"""A routine laid out flat: one segment per hand, so the engine never has to think about `each`.

An `each` step becomes its left half, a switch-hands gap, then its right half; every other step
is one segment on the hand it names. The engine only walks this list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from handcue.core.routine import Hand, Routine, Step


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of time on one hand (or the gap while the hands change over)."""

    position: int
    """Index in the timeline."""
    step_index: int
    """Index into `routine.steps`."""
    step: Step
    hand: Hand
    """LEFT, RIGHT or BOTH, never EACH; a switch gap carries the hand it leads to."""
    side: int
    """0 for the first (or only) side, 1 for the right half of an `each` step and its gap."""
    duration: float
    is_switch: bool = False
    """True for the switch-hands gap between the halves of an `each` step."""


def build_timeline(
    routine: Routine, durations: Mapping[int, float] | None = None
) -> tuple[Segment, ...]:
    """Expand `routine` into segments; `durations` maps step index to seconds per side.

    Without `durations` the segments add up to `routine.total_seconds`. A routine whose
    `switch_seconds` is zero gets no gap segment: the right half follows the left at once.
    """
    overrides = dict(durations or {})
    for index, seconds in overrides.items():
        if not 0 <= index < len(routine.steps):
            raise ValueError(f"no step {index} in routine {routine.id!r}")
        if not seconds > 0:
            raise ValueError(f"step {index} needs a duration above 0 seconds, got {seconds!r}")
    segments: list[Segment] = []

    def add(index: int, step: Step, hand: Hand, side: int, seconds: float, gap: bool) -> None:
        segments.append(Segment(len(segments), index, step, hand, side, seconds, gap))

    for index, step in enumerate(routine.steps):
        seconds = float(overrides.get(index, step.duration))
        if step.hand is Hand.EACH:
            add(index, step, Hand.LEFT, 0, seconds, False)
            if routine.switch_seconds > 0:
                add(index, step, Hand.RIGHT, 1, float(routine.switch_seconds), True)
            add(index, step, Hand.RIGHT, 1, seconds, False)
        else:
            add(index, step, step.hand, 0, seconds, False)
    return tuple(segments)
