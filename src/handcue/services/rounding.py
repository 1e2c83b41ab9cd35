"""Saved amounts rounded the way a person would write them: `length: 92%`, not
`scale: 0.9155287832432428`; a step of `1m45s`, not `1m43.3s`."""

from __future__ import annotations

from collections.abc import Callable

from handcue.core.tweaks import MAX_SECONDS

SECOND_STEP_ABOVE_A_MINUTE = 5
"""Past a minute, people count step times in fives: 1m45s rather than 1m43s."""


def round_seconds(seconds: float) -> float:
    """Whole seconds under a minute, the nearest five seconds above; never 0, never past an
    hour."""
    if seconds < 60:
        return float(max(1, round(seconds)))
    step = SECOND_STEP_ABOVE_A_MINUTE
    return float(min(MAX_SECONDS, step * round(seconds / step)))


def round_length(
    length: float,
    total_at: Callable[[float], float] | None = None,
    target: float | None = None,
    tolerance: float = 0.5,
) -> float:
    """`length` to a whole percent; with `target`, to as few decimals of a percent as keep
    `total_at(length)` within `tolerance` seconds of it, so a fit to 8 minutes still reads
    8m to the second."""
    if total_at is None or target is None:
        return round(length, 2)
    for places in (2, 3, 4):
        rounded = round(length, places)
        if abs(total_at(rounded) - target) <= tolerance:
            return rounded
    return length
