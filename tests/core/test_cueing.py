"""Which cues a batch of engine events plays: what is current, once, in a fixed order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handcue.core.cueing import CUE_LEGEND, PRECEDENCE, cues_for
from handcue.core.cues import Cue, CueKind, CueSide, all_cues
from handcue.core.engine import Session
from handcue.core.events import TRANSITIONS, Event, EventKind
from handcue.core.routine import Hand, Routine, Step

C = CueKind
T0 = 50.0


def routine(*steps: Step) -> Routine:
    return Routine("test", "Test", steps)


def started(plan: Routine) -> tuple[Session, list[Event]]:
    session = Session(plan)
    return session, session.start(T0)


PLAN = routine(
    Step("A", "", 10, hand=Hand.LEFT), Step("B", "", 20, hand=Hand.EACH), Step("C", "", 6)
)
"""left 0-10, left half 10-30, gap 30-33, right half 33-53, both 53-59."""


def test_the_opening_plays_start_then_the_hand_to_begin_with() -> None:
    _, events = started(PLAN)
    assert [e.kind for e in events] == [EventKind.ROUTINE_STARTED, EventKind.STEP_STARTED]
    assert cues_for(events, T0) == [Cue(C.START), Cue(C.STEP, CueSide.LEFT)]


def test_the_start_plays_start_when_the_first_step_is_for_both_hands() -> None:
    _, events = started(routine(Step("A", "", 10), Step("B", "", 10, hand=Hand.LEFT)))
    assert [e.kind for e in events] == [EventKind.ROUTINE_STARTED, EventKind.STEP_STARTED]
    assert cues_for(events, T0) == [Cue(C.START)]
    # later steps for both hands keep their own tone
    session, _ = started(routine(Step("A", "", 10), Step("B", "", 10)))
    assert cues_for(session.advance(T0 + 10), T0 + 10) == [Cue(C.STEP, CueSide.CENTRE)]


def test_an_empty_routine_plays_finish() -> None:
    _, events = started(routine())
    assert cues_for(events, T0) == [Cue(C.FINISH)]


@pytest.mark.parametrize(
    ("hand", "side"),
    [(Hand.LEFT, CueSide.LEFT), (Hand.RIGHT, CueSide.RIGHT), (Hand.BOTH, CueSide.CENTRE)],
)
def test_a_step_cue_sits_on_the_side_of_its_hand(hand: Hand, side: CueSide) -> None:
    session, _ = started(routine(Step("A", "", 5), Step("B", "", 5, hand=hand)))
    events = session.advance(T0 + 5)
    assert cues_for(events, T0 + 5) == [Cue(C.STEP, side)]


def test_a_finished_step_and_the_next_one_play_a_single_step_cue() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 9.9)
    events = session.advance(T0 + 10.01)
    assert [e.kind for e in events] == [EventKind.STEP_FINISHED, EventKind.STEP_STARTED]
    assert cues_for(events, T0 + 10.01) == [Cue(C.STEP, CueSide.LEFT)]


def test_the_switch_gap_plays_switch_toward_the_next_hand() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 29.9)
    assert cues_for(session.advance(T0 + 30), T0 + 30) == [Cue(C.SWITCH, CueSide.RIGHT)]
    assert cues_for(session.advance(T0 + 33), T0 + 33) == [Cue(C.STEP, CueSide.RIGHT)]


def test_halfway_and_countdown_sound_on_the_current_hand() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 19.9)
    assert cues_for(session.advance(T0 + 20), T0 + 20) == [Cue(C.HALFWAY, CueSide.LEFT)]
    for second in (27, 28, 29):
        assert cues_for(session.advance(T0 + second), T0 + second) == [Cue(C.PIP, CueSide.LEFT)]


def test_pause_and_resume() -> None:
    session, _ = started(PLAN)
    assert cues_for(session.pause(T0 + 2), T0 + 2) == [Cue(C.PAUSE)]
    assert cues_for(session.resume(T0 + 9), T0 + 9) == [Cue(C.RESUME)]


def test_pausing_on_a_step_change_plays_the_pause() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 9.5)
    events = session.pause(T0 + 10)
    assert EventKind.STEP_STARTED in {e.kind for e in events}
    assert cues_for(events, T0 + 10) == [Cue(C.PAUSE)]


@pytest.mark.parametrize(
    ("control", "expected"),
    [
        ("next", Cue(C.STEP, CueSide.LEFT)),  # the left half of B
        ("restart_step", Cue(C.STEP, CueSide.LEFT)),
        ("previous", Cue(C.STEP, CueSide.LEFT)),  # the first step restarts
    ],
)
def test_controls_play_the_step_now_current(control: str, expected: Cue) -> None:
    session, _ = started(PLAN)
    now = T0 + 4
    events = getattr(session, control)(now)
    assert cues_for(events, now) == [expected]


def test_going_back_from_the_right_half_plays_the_left_hand() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 40)
    assert cues_for(session.previous(T0 + 40), T0 + 40) == [Cue(C.STEP, CueSide.LEFT)]


def test_skipping_into_the_gap_plays_switch_and_off_the_end_plays_finish() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 15)
    assert cues_for(session.next(T0 + 15), T0 + 15) == [Cue(C.SWITCH, CueSide.RIGHT)]
    session.advance(T0 + 40)  # the skip pulled everything 15 s earlier: C runs 38-44
    assert session.current is not None and session.current.step_index == 2
    assert cues_for(session.next(T0 + 40), T0 + 40) == [Cue(C.FINISH)]


def test_a_duration_change_makes_no_sound_of_its_own() -> None:
    session, _ = started(PLAN)
    events = session.adjust(T0 + 1, 10)
    assert events and cues_for(events, T0 + 1) == []


def test_after_a_stall_only_the_state_you_are_in_sounds() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 8)
    events = session.advance(T0 + 13.5)  # stalled across a countdown and a step change
    assert {e.kind for e in events} >= {EventKind.COUNTDOWN, EventKind.STEP_STARTED}
    assert cues_for(events, T0 + 13.5) == [Cue(C.STEP, CueSide.LEFT)]


def test_after_a_stall_past_the_end_only_finish_sounds() -> None:
    session, _ = started(PLAN)
    events = session.advance(T0 + 500)
    assert cues_for(events, T0 + 500) == [Cue(C.FINISH)]


def test_after_a_stall_the_current_step_outranks_a_fresh_pip() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 50)
    events = session.advance(T0 + 55.1)  # step C began at 53 (stale), its pip 3 at 56 is ahead
    assert cues_for(events, T0 + 55.1) == [Cue(C.STEP, CueSide.CENTRE)]
    events = session.advance(T0 + 57.1)  # pips at 56 (stale) and 57 (fresh)
    assert cues_for(events, T0 + 57.1) == [Cue(C.PIP, CueSide.CENTRE)]


def test_stale_after_sets_how_late_is_too_late() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 19)
    events = session.advance(T0 + 20.3)
    assert cues_for(events, T0 + 20.3) == []
    assert cues_for(events, T0 + 20.3, stale_after=0.5) == [Cue(C.HALFWAY, CueSide.LEFT)]


def test_an_overtaken_transition_is_silent_even_when_fresh() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 9.9)
    events = session.advance(T0 + 10.05) + session.next(T0 + 10.1)
    assert [e.kind for e in events].count(EventKind.STEP_STARTED) == 1
    assert [e.kind for e in events][-1] is EventKind.SWITCH_HANDS
    assert cues_for(events, T0 + 10.1) == [Cue(C.SWITCH, CueSide.RIGHT)]


def test_a_countdown_from_a_segment_left_behind_is_dropped() -> None:
    session, _ = started(PLAN)
    session.advance(T0 + 6.95)
    events = session.advance(T0 + 7.0) + session.next(T0 + 7.05)
    assert EventKind.COUNTDOWN in {e.kind for e in events}
    assert cues_for(events, T0 + 7.05) == [Cue(C.STEP, CueSide.LEFT)]


def test_cues_that_fall_together_merge_by_precedence_whatever_the_event_order() -> None:
    segment = Session(PLAN).timeline[0]
    step = Event(EventKind.STEP_STARTED, T0, segment)
    start = Event(EventKind.ROUTINE_STARTED, T0, None)
    paused = Event(EventKind.PAUSED, T0, segment)
    halfway = Event(EventKind.HALFWAY, T0, segment)
    assert cues_for([paused, step, start], T0) == [Cue(C.PAUSE)]
    assert cues_for([start, step, paused], T0) == [Cue(C.PAUSE)]
    assert cues_for([step, halfway], T0) == [Cue(C.STEP, CueSide.LEFT)]
    assert cues_for([start, halfway], T0) == [Cue(C.START)]


def test_the_precedence_names_every_kind_once() -> None:
    assert sorted(PRECEDENCE) == sorted(CueKind)


def test_the_legend_has_one_distinct_line_per_cue() -> None:
    assert [cue for cue, _ in CUE_LEGEND] == all_cues()
    meanings = [meaning for _, meaning in CUE_LEGEND]
    assert all(meanings) and len(set(meanings)) == len(meanings)
    for cue, meaning in CUE_LEGEND:
        if cue.side is CueSide.LEFT:
            assert "left" in meaning


TRANSITION_CUES = {C.STEP, C.SWITCH, C.FINISH}


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.floats(1, 40), min_size=1, max_size=5),
    st.lists(st.floats(0.01, 15), min_size=1, max_size=25),
)
def test_a_batch_plays_one_cue_at_most_and_a_step_change_always_sounds(
    durations: list[float], gaps: list[float]
) -> None:
    plan = routine(*(Step(f"S{i}", "", d, hand=Hand.EACH) for i, d in enumerate(durations)))
    session, _ = started(plan)
    now = T0
    for gap in gaps:
        now += gap
        events = session.advance(now)
        cues = cues_for(events, now)
        assert len(cues) <= 1
        last = [e for e in events if e.kind in TRANSITIONS][-1:]
        if last:
            assert cues and cues[0].kind in TRANSITION_CUES
