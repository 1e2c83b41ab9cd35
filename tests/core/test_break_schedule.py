"""The break schedule on a fake clock: work counts only while active, pauses keep it, snoozes shrink."""

from handcue.core.break_schedule import (
    BreakSettings,
    BreakState,
    Idle,
    done,
    pause,
    resume,
    snooze,
    tick,
)

SETTINGS = BreakSettings(every_seconds=60, snooze_seconds=40, snooze_limit=2)


def run(
    state: BreakState, start: float, end: float, idle: Idle = Idle.ACTIVE
) -> tuple[BreakState, list[float]]:
    due = []
    for now in range(int(start), int(end) + 1):
        state, fire = tick(SETTINGS, state, float(now), idle, playing=False)
        if fire:
            due.append(float(now))
    return state, due


def test_due_after_work_and_only_once() -> None:
    _state, due = run(BreakState(), 0, 300)
    assert due == [60.0]


def test_idle_time_is_not_work_but_unknown_is() -> None:
    state, due = run(BreakState(), 0, 100, Idle.IDLE)
    assert due == [] and state.worked == 0
    state, due = run(BreakState(), 0, 100, Idle.UNKNOWN)
    assert due == [60.0]


def test_pause_keeps_counted_work() -> None:
    state, _ = run(BreakState(), 0, 30)
    state = pause(state, until=1000)
    state, due = run(state, 31, 500)
    assert due == [] and state.worked == 30
    state = resume(state)
    state, due = run(state, 501, 600)
    assert due == [530.0]


def test_never_while_playing() -> None:
    state = BreakState()
    for now in range(0, 200):
        state, fire = tick(SETTINGS, state, float(now), Idle.ACTIVE, playing=True)
        assert not fire


def test_snoozes_shrink_and_are_limited() -> None:
    state, due = run(BreakState(), 0, 60)
    state = snooze(SETTINGS, state, 60)
    state, due = run(state, 61, 200)
    assert due == [100.0]
    state = snooze(SETTINGS, state, 100)
    state, due = run(state, 101, 200)
    assert due == [120.0]
    assert snooze(SETTINGS, state, 120) == state


def test_done_starts_counting_again() -> None:
    state, _ = run(BreakState(), 0, 60)
    state = done(state)
    state, due = run(state, 61, 200)
    assert due == [120.0]


def test_held_time_counts_but_waits() -> None:
    state = BreakState()
    for now in range(0, 100):
        state, fire = tick(SETTINGS, state, float(now), Idle.ACTIVE, playing=False, hold=True)
        assert not fire
    assert state.worked == 99
    state, fire = tick(SETTINGS, state, 100.0, Idle.ACTIVE, playing=False)
    assert fire


def test_no_reminder_to_an_idle_person_until_they_are_back() -> None:
    state, due = run(BreakState(), 0, 60)
    state = snooze(SETTINGS, state, 60)
    state, due = run(state, 61, 200, Idle.IDLE)
    assert due == []
    state, due = run(state, 201, 210)
    assert due == [201.0]


def test_a_long_gap_between_ticks_is_not_work() -> None:
    state, _ = run(BreakState(), 0, 10)
    state, fire = tick(SETTINGS, state, 210.0, Idle.ACTIVE, playing=False)
    assert not fire and state.worked == 10


RESTING = BreakSettings(every_seconds=600, rest_seconds=300)


def steps(
    state: BreakState, start: int, end: int, idle: Idle, settings: BreakSettings = RESTING
) -> tuple[BreakState, list[float]]:
    due = []
    for now in range(start, end + 1, 10):
        state, fire = tick(settings, state, float(now), idle, playing=False)
        if fire:
            due.append(float(now))
    return state, due


def test_a_long_enough_time_away_counts_as_a_break() -> None:
    """Eight minutes of work, five away: the next break is ten minutes of work later, not two."""
    state, _ = steps(BreakState(last_tick=0), 0, 480, Idle.ACTIVE)
    assert state.worked == 480
    state, _ = steps(state, 490, 780, Idle.IDLE)
    assert state.worked == 0 and state.away == 300
    state, due = steps(state, 790, 1400, Idle.ACTIVE)
    assert state.away == 0
    assert due == [1380.0]


def test_a_short_time_away_keeps_what_was_counted() -> None:
    state, _ = steps(BreakState(last_tick=0), 0, 480, Idle.ACTIVE)
    state, _ = steps(state, 490, 770, Idle.IDLE)  # 290 s: one tick short
    state, due = steps(state, 780, 1000, Idle.ACTIVE)
    assert state.away == 0
    assert due == [890.0], "what was still owed, counted from the first tick back"


def test_a_suspended_machine_is_time_away() -> None:
    state, _ = steps(BreakState(last_tick=0), 0, 480, Idle.ACTIVE)
    state, fire = tick(RESTING, state, 480 + 3600.0, Idle.ACTIVE, playing=False)
    assert not fire and state.worked == 0


def test_a_break_waiting_for_its_answer_is_not_rested_away() -> None:
    """Offered, or snoozed: it waits for the person, however long they were gone."""
    state, due = steps(BreakState(last_tick=0), 0, 600, Idle.ACTIVE)
    assert due == [600.0] and state.offered
    state, _ = steps(state, 610, 1500, Idle.IDLE)
    assert state.offered and state.worked == 600
    snoozed = snooze(RESTING, state, 1500)
    snoozed, _ = steps(snoozed, 1510, 2400, Idle.IDLE)
    assert snoozed.snooze_until is not None and snoozed.worked == 600


def test_a_pause_neither_counts_time_away_nor_forgets_it() -> None:
    state, _ = steps(BreakState(last_tick=0), 0, 480, Idle.ACTIVE)
    state, _ = steps(state, 490, 600, Idle.IDLE)
    state = pause(state, until=5000)
    state, _ = steps(state, 610, 4990, Idle.IDLE)
    assert state.away == 120 and state.worked == 480
