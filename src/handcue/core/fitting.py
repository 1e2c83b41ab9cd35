"""Fitting a routine into a time budget: every step stretched or squeezed by one factor.

No step is squeezed below a minimum (a step already shorter keeps its time) or stretched past
an hour; when that puts the budget out of reach, the closest durations come back with what
they take and why the budget could not be met.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from handcue.core.durations import format_short
from handcue.core.routine import Routine
from handcue.core.safe_text import quoted
from handcue.core.tweaks import (
    MAX_SECONDS,
    TweakError,
    Tweaks,
    apply,
    base_durations,
    total_seconds,
)

DEFAULT_MINIMUM_STEP = 10.0
"""Shortest a step may be squeezed to when fitting a routine into a time budget."""


@dataclass(frozen=True, slots=True)
class Fit:
    """The outcome of fitting a routine into a time budget."""

    durations: dict[int, float]
    total: float
    """Playing time with these durations; equals the target when `met`."""
    met: bool
    message: str
    """What was done, or why the target could not be reached and what came closest."""
    closest: str = ""
    """When the target is too short to meet: what playing the closest durations (every step
    at the minimum) takes, in one line. Empty for a target past an hour a step, which is no
    length anyone means for a routine."""


def fit(
    routine: Routine,
    target_seconds: float,
    minimum_step: float = DEFAULT_MINIMUM_STEP,
    tweaks: Tweaks | None = None,
) -> Fit:
    """Stretch or squeeze every step by one factor so the routine plays for `target_seconds`.

    No step is squeezed below `minimum_step` (a step already shorter keeps its time) or stretched
    past an hour; when that makes the target unreachable, the closest durations come back with
    `met=False` and a message that says why.
    """
    target = _positive(target_seconds, "target")
    minimum = _positive(minimum_step, "minimum step")
    base = apply(routine, tweaks).durations if tweaks else base_durations(routine)
    sides = {index: step.sides for index, step in enumerate(routine.steps)}
    floors = {index: min(seconds, minimum) for index, seconds in base.items()}
    gaps = total_seconds(routine, base) - sum(base[i] * sides[i] for i in base)

    def durations_at(factor: float) -> dict[int, float]:
        return {i: min(max(base[i] * factor, floors[i]), MAX_SECONDS) for i in base}

    def total_at(factor: float) -> float:
        return total_seconds(routine, durations_at(factor))

    shortest = total_seconds(routine, floors)
    longest = gaps + sum(MAX_SECONDS * sides[i] for i in base)
    asked = format_short(target)
    if target < shortest - 1e-9:
        return Fit(
            floors,
            shortest,
            False,
            f"Cannot fit {routine.title} into {asked}: with at least {format_short(minimum)} per "
            f"step it takes {format_short(shortest)}. Choose a longer time or a shorter routine.",
            f"{routine.title} fitted to {format_short(shortest)}, the shortest it plays with at "
            f"least {format_short(minimum)} a step ({asked} asked).",
        )
    if target > longest + 1e-9:
        ceiling = durations_at(math.inf)
        return Fit(
            ceiling,
            longest,
            False,
            f"Cannot stretch {routine.title} to {asked}: at one hour per step it takes "
            f"{format_short(longest)}.",
        )

    high = _bisect(total_at, target, MAX_SECONDS / min(base.values(), default=1.0))
    factor = _solve_linear(high, target, base, sides, floors, gaps)
    durations = durations_at(factor)
    held = sum(1 for i in base if base[i] * factor < floors[i])
    note = f"; {held} step{'s' if held != 1 else ''} kept at the minimum" if held else ""
    return Fit(
        durations,
        total_seconds(routine, durations),
        True,
        f"{routine.title} fits {asked}: steps at {factor:.0%} of their time{note}.",
    )


def _bisect(total_at: Callable[[float], float], target: float, high: float) -> float:
    """The smallest factor up to `high` whose total reaches `target`, to the last few bits: a
    start for the exact solve."""
    low = 0.0
    for _ in range(200):
        middle = (low + high) / 2
        if total_at(middle) < target:
            low = middle
        else:
            high = middle
    return high


def _solve_linear(
    guess: float,
    target: float,
    base: dict[int, float],
    sides: dict[int, int],
    floors: dict[int, float],
    gaps: float,
) -> float:
    """Refine the bisection's `guess` exactly: with the clamped steps fixed, the total is linear
    in the factor."""
    fixed = gaps
    slope = 0.0
    for i, seconds in base.items():
        raw = seconds * guess
        if raw < floors[i]:
            fixed += floors[i] * sides[i]
        elif raw > MAX_SECONDS:
            fixed += MAX_SECONDS * sides[i]
        else:
            slope += seconds * sides[i]
    if slope <= 0:
        return guess
    exact = (target - fixed) / slope
    return exact if exact > 0 else guess


def _positive(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TweakError(f"the {what} must be a number of seconds, got {quoted(value)}")
    if not (math.isfinite(value) and value > 0):
        raise TweakError(f"the {what} must be above 0 seconds, got {value!r}")
    return float(value)
