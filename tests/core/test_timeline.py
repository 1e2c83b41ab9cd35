"""The flat timeline: every hand kind, the switch gap, and duration overrides."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handcue.core.routine import Hand, Routine, Step
from handcue.core.timeline import build_timeline


def routine(*steps: Step, switch: float = 3.0) -> Routine:
    return Routine("test", "Test", steps, switch_seconds=switch)


@pytest.mark.parametrize("hand", [Hand.LEFT, Hand.RIGHT, Hand.BOTH])
def test_single_hand_steps_are_one_segment_on_that_hand(hand: Hand) -> None:
    step = Step("Press", "", 30, hand=hand)
    (segment,) = build_timeline(routine(step))
    assert (segment.hand, segment.side, segment.duration, segment.is_switch) == (hand, 0, 30, False)
    assert segment.step is step and segment.step_index == 0 and segment.position == 0


def test_each_is_left_then_a_switch_gap_then_right() -> None:
    step = Step("Roll", "", 20, hand=Hand.EACH)
    left, gap, right = build_timeline(routine(step, switch=4.0))
    assert [(s.hand, s.side, s.duration, s.is_switch) for s in (left, gap, right)] == [
        (Hand.LEFT, 0, 20, False),
        (Hand.RIGHT, 1, 4.0, True),
        (Hand.RIGHT, 1, 20, False),
    ]
    assert {s.step_index for s in (left, gap, right)} == {0}


def test_the_default_switch_gap_is_three_seconds() -> None:
    gap = build_timeline(Routine("r", "R", (Step("Roll", "", 10, hand=Hand.EACH),)))[1]
    assert gap.is_switch and gap.duration == 3.0


def test_no_gap_when_switch_seconds_is_zero() -> None:
    segments = build_timeline(routine(Step("Roll", "", 10, hand=Hand.EACH), switch=0))
    assert [(s.hand, s.is_switch) for s in segments] == [(Hand.LEFT, False), (Hand.RIGHT, False)]


def test_positions_follow_the_order_of_play() -> None:
    steps = (Step("A", "", 5, hand=Hand.EACH), Step("B", "", 6), Step("C", "", 7, hand=Hand.LEFT))
    segments = build_timeline(routine(*steps))
    assert [s.position for s in segments] == list(range(5))
    assert [s.step_index for s in segments] == [0, 0, 0, 1, 2]


def test_durations_override_seconds_per_side() -> None:
    steps = (Step("A", "", 30, hand=Hand.EACH), Step("B", "", 60))
    segments = build_timeline(routine(*steps), {0: 12.5})
    assert [s.duration for s in segments] == [12.5, 3.0, 12.5, 60]


@pytest.mark.parametrize(("durations", "message"), [({2: 5.0}, "no step 2"), ({0: 0}, "above 0")])
def test_bad_overrides_are_refused(durations: dict[int, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_timeline(routine(Step("A", "", 30), Step("B", "", 30)), durations)


hands = st.sampled_from(list(Hand))
steps = st.builds(
    Step,
    title=st.just("S"),
    instruction=st.just(""),
    duration=st.floats(0.5, 600),
    hand=hands,
)


@given(st.lists(steps, max_size=8), st.floats(0, 10))
def test_the_timeline_lasts_as_long_as_the_routine(items: list[Step], switch: float) -> None:
    plan = routine(*items, switch=switch)
    segments = build_timeline(plan)
    assert sum(s.duration for s in segments) == pytest.approx(plan.total_seconds)
    assert all(s.hand is not Hand.EACH for s in segments)
    assert len([s for s in segments if not s.is_switch]) == sum(s.sides for s in items)
