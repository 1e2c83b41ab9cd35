"""Words every message shares: counts ("1 step", "3 steps"), the hands by name, and a step's
time "per hand" when it is done on each hand in turn."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from handcue.core.durations import format_short
from handcue.core.routine import Hand, Step

HAND_NAMES: Mapping[Hand, str] = MappingProxyType(
    {
        Hand.LEFT: "left hand",
        Hand.RIGHT: "right hand",
        Hand.BOTH: "both hands",
        Hand.EACH: "each hand",
    }
)


def counted(count: int, noun: str) -> str:
    """`count` and `noun`, the noun plural unless there is exactly one (nouns here take -s)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def step_time(step: Step, seconds: float | None = None) -> str:
    """`45s`, or `45s per hand` for a step done on each hand in turn; `seconds` defaults to the
    step's written duration."""
    text = format_short(step.duration if seconds is None else seconds)
    return f"{text} per hand" if step.sides == 2 else text
