"""The session engine against a fake clock: every `now` is a number the test chooses."""

from __future__ import annotations

from itertools import accumulate

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from handcue.core.engine import Session
from handcue.core.events import Event, EventKind
from handcue.core.routine import Hand, Routine, Step

K = EventKind
T0 = 1000.0


def routine(*steps: Step, switch: float = 3.0) -> Routine:
    return Routine("test", "Test", steps, switch_seconds=switch)


def kinds(events: list[Event]) -> list[EventKind]:
    return [e.kind for e in events]


def started(plan: Routine, at: float = T0) -> Session:
    session = Session(plan)
    session.start(at)
    return session


def transitions(events: list[Event]) -> list[tuple[EventKind, float, int | None]]:
    """Segment changes with their due times and positions: the schedule of a run."""
    wanted = {K.STEP_STARTED, K.SWITCH_HANDS, K.ROUTINE_FINISHED}
    return [
        (e.kind, e.due, e.segment.position if e.segment else None)
        for e in events
        if e.kind in wanted
    ]


THREE = routine(
    Step("A", "", 10), Step("B", "", 30, hand=Hand.EACH), Step("C", "", 8, hand=Hand.LEFT)
)
"""10 s both, then 30 s left, 3 s gap, 30 s right, then 8 s left: 81 s."""


# starting and the plain schedule --------------------------------------------------------------


def test_start_announces_the_routine_then_the_first_step() -> None:
    session = Session(THREE)
    events = session.start(T0)
    assert kinds(events) == [K.ROUTINE_STARTED, K.STEP_STARTED]
    assert [e.due for e in events] == [T0, T0]
    assert events[1].segment is session.timeline[0] and session.current is session.timeline[0]
    with pytest.raises(RuntimeError):
        session.start(T0 + 1)


def test_nothing_happens_before_start() -> None:
    session = Session(THREE)
    assert session.advance(T0) == [] and session.next_due() is None
    assert session.pause(T0) == [] and session.next(T0) == [] and session.adjust(T0, 10) == []
    assert session.current is None and not session.started
    assert session.total_remaining(T0) == THREE.total_seconds


def test_a_whole_run_keeps_the_schedule_and_ends_at_start_plus_total() -> None:
    session = started(THREE)
    events = session.advance(T0 + 500)
    starts = [T0 + s for s in accumulate([0.0, 10, 30, 3, 30])]
    assert transitions(events) == [
        (K.STEP_STARTED, starts[1], 1),
        (K.SWITCH_HANDS, starts[2], 2),
        (K.STEP_STARTED, starts[3], 3),
        (K.STEP_STARTED, starts[4], 4),
        (K.ROUTINE_FINISHED, T0 + THREE.total_seconds, None),
    ]
    assert [e.due for e in events] == sorted(e.due for e in events)
    assert session.finished and session.current is None and session.next_due() is None
    assert session.done == frozenset(range(5)) and session.skipped == frozenset()
    assert session.advance(T0 + 600) == []


def test_each_step_finishes_before_the_next_starts_at_the_same_instant() -> None:
    session = started(routine(Step("A", "", 10), Step("B", "", 10)))
    events = session.advance(T0 + 10)
    tail = [(e.kind, e.due) for e in events[-2:]]
    assert tail == [(K.STEP_FINISHED, T0 + 10), (K.STEP_STARTED, T0 + 10)]


def test_the_gap_has_no_finish_countdown_or_halfway_of_its_own() -> None:
    session = started(routine(Step("A", "", 6, hand=Hand.EACH), switch=3))
    events = session.advance(T0 + 100)
    gap = [e for e in events if e.segment is not None and e.segment.is_switch]
    assert kinds(gap) == [K.SWITCH_HANDS]
    assert gap[0].segment is not None and gap[0].segment.hand is Hand.RIGHT


def test_the_empty_routine_starts_and_finishes_at_once() -> None:
    session = Session(routine())
    assert kinds(session.start(T0)) == [K.ROUTINE_STARTED, K.ROUTINE_FINISHED]
    assert session.finished


# halfway and countdown ------------------------------------------------------------------------


@pytest.mark.parametrize(("seconds", "halfway"), [(20.0, True), (19.5, False), (45.0, True)])
def test_halfway_only_for_steps_of_twenty_seconds_or_more(seconds: float, halfway: bool) -> None:
    session = started(routine(Step("A", "", seconds)))
    found = [e.due for e in session.advance(T0 + 100) if e.kind is K.HALFWAY]
    assert found == ([T0 + seconds / 2] if halfway else [])


def test_countdown_is_three_two_one_at_the_last_three_seconds() -> None:
    session = started(routine(Step("A", "", 12.5)))
    ticks = [(e.value, e.due) for e in session.advance(T0 + 100) if e.kind is K.COUNTDOWN]
    deadline = T0 + 12.5
    assert ticks == [(3, deadline - 3), (2, deadline - 2), (1, deadline - 1)]


@pytest.mark.parametrize(("seconds", "values"), [(3.0, [2, 1]), (1.5, [1]), (1.0, [])])
def test_short_steps_count_only_what_fits_after_their_start(
    seconds: float, values: list[int]
) -> None:
    session = started(routine(Step("A", "", seconds)))
    ticks = [e.value for e in session.advance(T0 + 100) if e.kind is K.COUNTDOWN]
    assert ticks == values


def test_next_due_points_at_each_event_in_turn() -> None:
    session = started(routine(Step("A", "", 20)))
    seen = []
    while (due := session.next_due()) is not None:
        events = session.advance(due)
        assert events and all(e.due == due for e in events)
        seen.append(due)
    assert seen == [T0 + 10, T0 + 17, T0 + 18, T0 + 19, T0 + 20]


# stalls: late callers lose no time ------------------------------------------------------------


def test_a_five_second_stall_reports_everything_in_order_stamped_when_due() -> None:
    plan = routine(Step("A", "", 4), Step("B", "", 3, hand=Hand.EACH), Step("C", "", 20))
    session = started(plan)
    assert session.advance(T0 + 0.5) == []  # nothing is due in the first half second
    events = session.advance(T0 + 5.5)  # the event loop was blocked for five seconds
    assert [(e.kind, e.due, e.value) for e in events] == [
        (K.COUNTDOWN, T0 + 1, 3),
        (K.COUNTDOWN, T0 + 2, 2),
        (K.COUNTDOWN, T0 + 3, 1),
        (K.STEP_FINISHED, T0 + 4, None),
        (K.STEP_STARTED, T0 + 4, None),
        (K.COUNTDOWN, T0 + 5, 2),
    ]
    assert session.remaining(T0 + 5.5) == pytest.approx(1.5)
    rest = session.advance(T0 + 200)
    assert rest[-1].kind is K.ROUTINE_FINISHED
    assert rest[-1].due == pytest.approx(T0 + plan.total_seconds, abs=1e-9)


def test_the_first_advance_after_start_is_empty_when_nothing_is_due() -> None:
    session = started(routine(Step("A", "", 4)))
    assert session.advance(T0 + 0.5) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.5, 40), min_size=1, max_size=6),
    st.lists(st.floats(0, 30), max_size=30),
)
def test_many_small_advances_equal_one_big_one(durations: list[float], gaps: list[float]) -> None:
    plan = routine(
        *(
            Step(f"S{i}", "", d, hand=Hand.EACH if i % 2 else Hand.BOTH)
            for i, d in enumerate(durations)
        )
    )
    end = T0 + plan.total_seconds + 1
    piecewise = started(plan)
    collected: list[Event] = []
    for now in accumulate(gaps, initial=T0):
        collected += piecewise.advance(now)
    collected += piecewise.advance(end)
    at_once = started(plan)
    assert collected == at_once.advance(end)
    assert collected[-1].due == pytest.approx(T0 + plan.total_seconds, abs=1e-9)


# pause and resume -----------------------------------------------------------------------------


def test_pause_freezes_time_and_resume_shifts_every_deadline() -> None:
    session = started(routine(Step("A", "", 30), Step("B", "", 10)))
    assert kinds(session.pause(T0 + 12)) == [K.PAUSED]
    assert session.paused and session.next_due() is None
    assert session.advance(T0 + 100) == []
    assert session.remaining(T0 + 100) == 18 and session.elapsed(T0 + 100) == 12
    assert session.pause(T0 + 101) == []  # already paused
    assert [(e.kind, e.due) for e in session.resume(T0 + 112)] == [(K.RESUMED, T0 + 112)]
    assert session.remaining(T0 + 112) == 18
    events = session.advance(T0 + 500)
    assert transitions(events) == [
        (K.STEP_STARTED, T0 + 130, 1),
        (K.ROUTINE_FINISHED, T0 + 140, None),
    ]
    assert session.total_elapsed(T0 + 500) == 40


def test_pause_first_reports_what_was_already_due() -> None:
    session = started(routine(Step("A", "", 5), Step("B", "", 10)))
    events = session.pause(T0 + 6)
    assert kinds(events)[-3:] == [K.STEP_FINISHED, K.STEP_STARTED, K.PAUSED]
    assert events[-1].segment is session.timeline[1]
    assert session.remaining(T0 + 50) == 9


def test_resume_without_pause_does_nothing() -> None:
    assert started(THREE).resume(T0 + 1) == []


def test_a_halfway_missed_during_a_pause_is_not_lost() -> None:
    session = started(routine(Step("A", "", 40)))
    session.pause(T0 + 5)
    session.resume(T0 + 65)
    (halfway,) = [e for e in session.advance(T0 + 100) if e.kind is K.HALFWAY]
    assert halfway.due == T0 + 80


# next, previous, restart ----------------------------------------------------------------------


def test_next_skips_to_the_following_segment_at_once() -> None:
    session = started(THREE)
    events = session.next(T0 + 4)
    assert [(e.kind, e.due) for e in events] == [(K.SKIPPED, T0 + 4), (K.STEP_STARTED, T0 + 4)]
    assert events[0].segment is session.timeline[0] and session.position == 1
    assert session.remaining(T0 + 4) == 30 and session.skipped == {0}
    assert session.next_due() == T0 + 4 + 15  # halfway of the new 30 s segment


def test_next_from_a_left_half_goes_through_the_switch_gap() -> None:
    session = started(THREE)
    session.next(T0 + 1)
    assert kinds(session.next(T0 + 2)) == [K.SKIPPED, K.SWITCH_HANDS]
    assert kinds(session.next(T0 + 3)) == [K.SKIPPED, K.STEP_STARTED]
    assert session.current is not None and session.current.hand is Hand.RIGHT


def test_next_on_the_last_segment_finishes_the_routine() -> None:
    session = started(routine(Step("A", "", 10)))
    assert kinds(session.next(T0 + 1)) == [K.SKIPPED, K.ROUTINE_FINISHED]
    assert session.finished and session.next(T0 + 2) == [] and session.previous(T0 + 2) == []


def test_previous_goes_back_one_side_passing_over_the_gap() -> None:
    session = started(THREE)
    session.advance(T0 + 45)  # in the right half (position 3), 2 s in
    assert session.position == 3
    events = session.previous(T0 + 45)
    assert kinds(events) == [K.WENT_BACK, K.STEP_STARTED]
    assert events[0].segment is session.timeline[3] and session.position == 1
    assert session.remaining(T0 + 45) == 30


def test_previous_on_the_first_step_restarts_it() -> None:
    session = started(THREE)
    events = session.previous(T0 + 6)
    assert kinds(events) == [K.STEP_RESTARTED, K.STEP_STARTED]
    assert session.position == 0 and session.remaining(T0 + 6) == 10


def test_restart_plays_the_segment_again_with_its_cues() -> None:
    session = started(routine(Step("A", "", 20)))
    session.advance(T0 + 15)
    assert kinds(session.restart_step(T0 + 15)) == [K.STEP_RESTARTED, K.STEP_STARTED]
    halfway = [e.due for e in session.advance(T0 + 100) if e.kind is K.HALFWAY]
    assert halfway == [T0 + 25]
    assert session.total_elapsed(T0 + 100) == 35


def test_moving_while_paused_stays_paused_at_the_start_of_the_new_segment() -> None:
    session = started(THREE)
    session.pause(T0 + 3)
    assert kinds(session.next(T0 + 20)) == [K.SKIPPED, K.STEP_STARTED]
    assert session.paused and session.remaining(T0 + 50) == 30
    session.resume(T0 + 60)
    assert session.deadline == T0 + 90


def test_a_skipped_segment_played_later_to_the_end_counts_as_done() -> None:
    session = started(routine(Step("A", "", 10), Step("B", "", 10)))
    session.next(T0 + 1)
    session.previous(T0 + 2)
    session.advance(T0 + 12)
    assert 0 in session.done and session.skipped == frozenset()


# changing durations ---------------------------------------------------------------------------


def test_adding_time_moves_the_deadline_and_the_countdown() -> None:
    session = started(routine(Step("A", "", 10)))
    session.advance(T0 + 8)  # countdown 3 and 2 already played
    events = session.adjust(T0 + 8, 10)
    assert [(e.kind, e.value) for e in events] == [(K.DURATION_CHANGED, 10)]
    assert session.deadline == T0 + 20 and session.remaining(T0 + 8) == 12
    ticks = [(e.value, e.due) for e in session.advance(T0 + 100) if e.kind is K.COUNTDOWN]
    assert ticks == [(3, T0 + 17), (2, T0 + 18), (1, T0 + 19)]


def test_taking_time_off_never_leaves_less_than_five_seconds() -> None:
    session = started(routine(Step("A", "", 60)))
    (event,) = session.adjust(T0 + 10, -100)
    assert event.value == -45 and session.remaining(T0 + 10) == 5
    assert session.adjust(T0 + 10, -10) == []  # already at the floor
    late = session.adjust(T0 + 12, -1)  # under the floor: nothing more comes off
    assert kinds(late) == [K.COUNTDOWN] and session.deadline == T0 + 15


def test_taking_time_off_drops_a_halfway_that_has_now_gone_by() -> None:
    session = started(routine(Step("A", "", 60)))
    session.adjust(T0 + 20, -20)  # 40 s long now: its middle, T0 + 20, is not in the future
    assert [e for e in session.advance(T0 + 100) if e.kind is K.HALFWAY] == []


def test_adjusting_a_left_half_gives_the_right_half_the_same_time() -> None:
    session = started(routine(Step("A", "", 30, hand=Hand.EACH)))
    session.adjust(T0 + 5, 15)
    assert [s.duration for s in session.timeline] == [45, 3, 45]
    assert [(c.step_index, c.old, c.new) for c in session.changes] == [(0, 30, 45)]


def test_the_switch_gap_cannot_be_adjusted() -> None:
    session = started(routine(Step("A", "", 10, hand=Hand.EACH)))
    session.advance(T0 + 11)
    assert session.current is not None and session.current.is_switch
    assert session.adjust(T0 + 11, 10) == []


def test_adjusting_while_paused_counts_from_the_frozen_time() -> None:
    session = started(routine(Step("A", "", 30)))
    session.pause(T0 + 10)
    session.adjust(T0 + 50, -100)
    assert session.remaining(T0 + 80) == 5
    session.resume(T0 + 90)
    assert session.deadline == T0 + 95


def test_durations_given_up_front_are_the_baseline() -> None:
    session = Session(THREE, {0: 20})
    session.start(T0)
    assert session.timeline[0].duration == 20 and session.changes == ()


# what the finish screen reads -----------------------------------------------------------------


def test_hand_seconds_and_summary_after_a_run_with_a_skip() -> None:
    session = started(THREE)
    session.advance(T0 + 20)  # A done (10 s both), 10 s into the left half
    session.next(T0 + 20)  # leave the left half after 10 s, into the gap
    session.advance(T0 + 500)
    summary = session.summary(T0 + 500)
    assert summary.hand_seconds == {Hand.BOTH: 10, Hand.LEFT: 10 + 8, Hand.RIGHT: 30}
    assert summary.skipped == {1} and summary.done == {0, 2, 3, 4}
    assert summary.total_elapsed == 10 + 10 + 3 + 30 + 8


def test_elapsed_and_remaining_add_up_to_the_total_while_playing() -> None:
    session = started(THREE)
    for now in (T0, T0 + 7.25, T0 + 40, T0 + 80.5):
        session.advance(now)
        total = session.total_elapsed(now) + session.total_remaining(now)
        assert total == pytest.approx(THREE.total_seconds)


# any mix of controls ------------------------------------------------------------------------

CONTROLS = ("advance", "pause", "resume", "next", "previous", "restart_step", "adjust")


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(CONTROLS), st.floats(0, 12), st.floats(-30, 30)),
        max_size=25,
    )
)
@example([("adjust", 10.0, -25.0), ("advance", 10.0, 0.0), ("resume", 12.0, 0.0)])
def test_whatever_the_controls_the_routine_ends_when_the_time_left_said(
    script: list[tuple[str, float, float]],
) -> None:
    session = started(THREE)
    stream: list[Event] = []
    now = T0
    for control, gap, delta in script:
        now += gap
        if control == "adjust":
            stream += session.adjust(now, delta)
        else:
            stream += getattr(session, control)(now)
    stream += session.resume(now)
    if not session.finished:
        expected_end = now + session.total_remaining(now)
        stream += session.advance(now + 1000)
        assert stream[-1].kind is K.ROUTINE_FINISHED
        assert stream[-1].due == pytest.approx(expected_end, abs=1e-9)
    assert [e.due for e in stream] == sorted(e.due for e in stream)
    assert stream.count(stream[-1]) == 1 and session.finished


def test_wait_holds_the_step_clock_like_a_pause_and_not_when_paused() -> None:
    from handcue.core.routine import Routine, Step

    session = Session(Routine(id="w", title="W", steps=(Step("A", "Do A.", 30.0),)))
    session.start(0.0)
    session.wait(4.0)
    assert session.deadline == 34.0
    assert [e.kind for e in session.advance(19.0)] == [EventKind.HALFWAY]
    session.pause(20.0)
    session.wait(5.0)
    assert session.deadline == 34.0
