"""Which parts of each hand are done, being worked or still to come, for the progress map.

Kept apart from the widget so the rules are unit tested without a terminal: the widget only
draws what `hands_progress` returns.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from handcue.core.routine import Area, Hand, Step


class RegionState(StrEnum):
    """The state of one region of one hand at one moment of the routine."""

    UNUSED = "unused"
    """The routine never works this region on this hand."""
    PENDING = "pending"
    """Work on it is still to come (even if an earlier step already touched it)."""
    ACTIVE = "active"
    """The current step works it now."""
    DONE = "done"
    """Every step that works it played to its end."""
    SKIPPED = "skipped"
    """Every step that works it is behind us, and at least one was skipped."""


SYMBOLS: Mapping[RegionState, str] = MappingProxyType(
    {
        RegionState.UNUSED: " ",
        RegionState.PENDING: "·",
        RegionState.ACTIVE: "◆",
        RegionState.DONE: "✓",
        RegionState.SKIPPED: "-",
    }
)
"""One symbol per state, so the map never relies on colour alone."""

HANDS: tuple[Hand, Hand] = (Hand.LEFT, Hand.RIGHT)


class SegmentLike(Protocol):
    """What the map needs from a timeline segment: one stretch of play on one or both hands."""

    @property
    def step(self) -> Step: ...

    @property
    def hand(self) -> Hand: ...

    @property
    def duration(self) -> float: ...

    @property
    def is_switch(self) -> bool: ...


def hands_of(segment: SegmentLike) -> frozenset[Hand]:
    """The hands a segment works: none while switching hands, both for `both` (and `each`)."""
    if segment.is_switch:
        return frozenset()
    if segment.hand in (Hand.LEFT, Hand.RIGHT):
        return frozenset({segment.hand})
    return frozenset(HANDS)


@dataclass(frozen=True, slots=True)
class HandProgress:
    hand: Hand
    states: Mapping[Area, RegionState]
    done_seconds: float
    total_seconds: float
    active: bool
    """True while the current segment works this hand."""

    @property
    def used(self) -> bool:
        return self.total_seconds > 0

    @property
    def fraction(self) -> float:
        """Share of this hand's work that is behind us, 0 to 1 (1 for a hand never worked)."""
        if not self.used:
            return 1.0
        return min(1.0, max(0.0, self.done_seconds / self.total_seconds))

    @property
    def percent(self) -> int:
        """Whole percent, rounded down so 100% only shows once the hand is really finished."""
        return int(self.fraction * 100 + 1e-9)

    def state(self, area: Area) -> RegionState:
        return self.states.get(area, RegionState.UNUSED)


@dataclass(frozen=True, slots=True)
class HandsProgress:
    left: HandProgress
    right: HandProgress

    def __iter__(self) -> Iterator[HandProgress]:
        return iter((self.left, self.right))

    def of(self, hand: Hand) -> HandProgress:
        return self.right if hand is Hand.RIGHT else self.left


def hands_progress(
    segments: Sequence[SegmentLike],
    position: int,
    elapsed: float = 0.0,
    skipped: Collection[int] = frozenset(),
) -> HandsProgress:
    """Progress of both hands with `elapsed` seconds played of segment `position`.

    A `position` at or past the end means the routine is over. Segments in `skipped` were left
    before their end: their regions show as skipped, never done, and their time is not counted
    as done.
    """
    position = max(0, position)
    current = segments[position] if position < len(segments) else None
    current_hands = hands_of(current) if current is not None else frozenset()
    left, right = (
        _one_hand(hand, segments, position, elapsed, hand in current_hands, skipped)
        for hand in HANDS
    )
    return HandsProgress(left=left, right=right)


def _one_hand(
    hand: Hand,
    segments: Sequence[SegmentLike],
    position: int,
    elapsed: float,
    active: bool,
    skipped: Collection[int],
) -> HandProgress:
    touched: dict[Area, list[int]] = {}
    done = total = 0.0
    for index, segment in enumerate(segments):
        if hand not in hands_of(segment):
            continue
        total += segment.duration
        if index < position:
            done += 0.0 if index in skipped else segment.duration
        elif index == position:
            done += min(segment.duration, max(0.0, elapsed))
        for area in segment.step.areas:
            touched.setdefault(area, []).append(index)
    states: dict[Area, RegionState] = {}
    for area in Area:
        indices = touched.get(area)
        if not indices:
            states[area] = RegionState.UNUSED
        elif active and position in indices:
            states[area] = RegionState.ACTIVE
        elif max(indices) < position:
            left_early = any(index in skipped for index in indices)
            states[area] = RegionState.SKIPPED if left_early else RegionState.DONE
        else:
            states[area] = RegionState.PENDING
    return HandProgress(
        hand=hand,
        states=MappingProxyType(states),
        done_seconds=done,
        total_seconds=total,
        active=active,
    )
