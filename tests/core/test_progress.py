"""The progress map's rules: region states and percent per hand, without a terminal."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handcue.core.progress import (
    SYMBOLS,
    HandProgress,
    RegionState,
    hands_of,
    hands_progress,
)
from handcue.core.routine import Area, Hand, Step


@dataclass(frozen=True)
class Seg:
    step: Step
    hand: Hand
    duration: float
    is_switch: bool = False


def step(*areas: Area, duration: float = 10.0, hand: Hand = Hand.BOTH) -> Step:
    return Step(title="t", instruction="i", duration=duration, hand=hand, areas=areas)


THUMB = step(Area.THUMB, Area.THENAR, hand=Hand.EACH)
PALM = step(Area.PALM, duration=20.0)
WRIST = step(Area.WRIST, hand=Hand.RIGHT, duration=5.0)

# thumb (left), switch, thumb (right), palm (both), wrist (right)
SEGMENTS = (
    Seg(THUMB, Hand.LEFT, 10.0),
    Seg(THUMB, Hand.RIGHT, 3.0, is_switch=True),
    Seg(THUMB, Hand.RIGHT, 10.0),
    Seg(PALM, Hand.BOTH, 20.0),
    Seg(WRIST, Hand.RIGHT, 5.0),
)


def test_hands_of_a_switch_is_empty_and_both_means_left_and_right() -> None:
    assert hands_of(SEGMENTS[1]) == frozenset()
    assert hands_of(SEGMENTS[0]) == {Hand.LEFT}
    assert hands_of(SEGMENTS[3]) == {Hand.LEFT, Hand.RIGHT}


def test_at_the_start_the_current_hand_is_active_and_the_rest_pending() -> None:
    progress = hands_progress(SEGMENTS, 0)
    assert progress.left.active and not progress.right.active
    assert progress.left.state(Area.THUMB) is RegionState.ACTIVE
    assert progress.left.state(Area.THENAR) is RegionState.ACTIVE
    assert progress.left.state(Area.PALM) is RegionState.PENDING
    assert progress.right.state(Area.THUMB) is RegionState.PENDING
    assert progress.right.state(Area.WRIST) is RegionState.PENDING


def test_regions_no_step_works_are_unused_for_that_hand() -> None:
    progress = hands_progress(SEGMENTS, 0)
    assert progress.left.state(Area.WRIST) is RegionState.UNUSED
    assert progress.left.state(Area.FOREARM) is RegionState.UNUSED
    assert progress.right.state(Area.FOREARM) is RegionState.UNUSED


def test_during_the_switch_no_hand_is_active_and_the_left_thumb_is_done() -> None:
    progress = hands_progress(SEGMENTS, 1, elapsed=1.0)
    assert not progress.left.active and not progress.right.active
    assert progress.left.state(Area.THUMB) is RegionState.DONE
    assert progress.right.state(Area.THUMB) is RegionState.PENDING
    assert progress.left.percent == 33  # 10 of 30 s on the left, rounded down


def test_a_both_hands_step_makes_both_active() -> None:
    progress = hands_progress(SEGMENTS, 3, elapsed=10.0)
    assert progress.left.active and progress.right.active
    assert progress.left.state(Area.PALM) is RegionState.ACTIVE
    assert progress.right.state(Area.PALM) is RegionState.ACTIVE
    assert progress.right.state(Area.THUMB) is RegionState.DONE
    assert progress.left.percent == 66  # 10 + 10 of 30, rounded down
    assert progress.right.percent == 57  # 10 + 10 of 35, rounded down


def test_a_region_worked_again_later_stays_pending_until_its_last_step() -> None:
    again = (*SEGMENTS, Seg(step(Area.THUMB), Hand.BOTH, 5.0))
    progress = hands_progress(again, 3)
    assert progress.left.state(Area.THUMB) is RegionState.PENDING


def test_past_the_end_everything_worked_is_done_and_at_100_percent() -> None:
    progress = hands_progress(SEGMENTS, len(SEGMENTS))
    for hand in progress:
        assert not hand.active
        assert hand.percent == 100
        assert all(
            state in (RegionState.DONE, RegionState.UNUSED) for state in hand.states.values()
        )
    assert progress.right.state(Area.WRIST) is RegionState.DONE


def test_percent_is_not_100_until_the_last_moment() -> None:
    last = len(SEGMENTS) - 1
    assert hands_progress(SEGMENTS, last, elapsed=4.99).right.percent == 99
    assert hands_progress(SEGMENTS, last, elapsed=5.0).right.percent == 100


def test_elapsed_is_clamped_to_the_segment() -> None:
    assert hands_progress(SEGMENTS, 0, elapsed=-3).left.done_seconds == 0
    assert hands_progress(SEGMENTS, 0, elapsed=99).left.done_seconds == 10


def test_a_hand_never_worked_reads_as_unused_not_as_zero() -> None:
    only_right = (Seg(WRIST, Hand.RIGHT, 5.0),)
    left = hands_progress(only_right, 0).left
    assert not left.used
    assert left.fraction == 1.0


def test_of_picks_the_hand() -> None:
    progress = hands_progress(SEGMENTS, 0)
    assert progress.of(Hand.LEFT) is progress.left
    assert progress.of(Hand.RIGHT) is progress.right


@pytest.mark.parametrize("state", list(RegionState))
def test_every_state_has_its_own_symbol(state: RegionState) -> None:
    assert list(SYMBOLS.values()).count(SYMBOLS[state]) == 1


@given(
    durations=st.lists(st.floats(0.5, 100.0), min_size=1, max_size=8),
    hands=st.lists(st.sampled_from([Hand.LEFT, Hand.RIGHT, Hand.BOTH]), min_size=8, max_size=8),
    data=st.data(),
)
def test_percent_never_goes_down_as_the_routine_moves_on(
    durations: list[float], hands: list[Hand], data: st.DataObject
) -> None:
    segments = [
        Seg(step(Area.PALM, duration=d), hand, d) for d, hand in zip(durations, hands, strict=False)
    ]
    moments = sorted(
        data.draw(
            st.lists(
                st.tuples(st.integers(0, len(segments)), st.floats(0.0, 100.0)),
                min_size=2,
                max_size=6,
            )
        )
    )
    previous: list[HandProgress] | None = None
    for position, elapsed in moments:
        now = list(hands_progress(segments, position, elapsed))
        if previous is not None:
            for before, after in zip(previous, now, strict=True):
                assert after.done_seconds >= before.done_seconds - 1e-9
        previous = now
