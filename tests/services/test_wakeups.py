"""When the player's screen looks again: at each shown second's end, or an engine event first,
never while paused; checked on a fake clock, with no screen at all."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from support.player_app import ROUTINE

from handcue.core.engine import Session
from handcue.core.pacer import stroke_offsets
from handcue.core.routine import Routine
from handcue.services.wakeups import (
    SETTLE,
    SWEEP_MIN_GAP,
    SWEEP_STEPS,
    Sweep,
    next_look,
    next_sweep_look,
    next_wake,
    sweep,
)


def test_the_timer_wakes_on_the_next_second_boundary() -> None:
    session = Session(ROUTINE)
    session.start(100.0)
    # 29.6 s left at 100.4: the display changes to 0:29 at 101.0.
    assert next_wake(session, 100.4) == pytest.approx(101.0 + SETTLE)
    session.pause(100.4)
    assert next_wake(session, 100.5) is None


def test_the_timer_wakes_for_an_engine_event_before_the_second() -> None:
    session = Session(ROUTINE)
    session.start(0.0)
    session.adjust(0.0, -0.25)  # 29.75 s long: halfway at 14.875
    assert session.advance(14.8) == []
    # The display next changes at 15.75 (0:15 -> 0:14); the halfway cue comes first.
    assert next_wake(session, 14.8) == pytest.approx(14.875 + SETTLE)


def test_a_conductor_moment_before_the_next_second_comes_first() -> None:
    session = Session(ROUTINE)
    session.start(100.0)
    assert next_look(session, 100.4, also=100.5) == pytest.approx(100.5)
    assert next_look(session, 100.4, also=102.0) == pytest.approx(101.0 + SETTLE)
    session.pause(100.4)
    assert next_look(session, 100.5) is None
    assert next_look(session, 100.5, also=103.0) == pytest.approx(103.0)


def _with_tempo(tempo: float, tempo_end: float | None = None) -> Routine:
    first = replace(ROUTINE.steps[0], tempo=tempo, tempo_end=tempo_end)
    return replace(ROUTINE, steps=(first, *ROUTINE.steps[1:]))


def test_the_sweep_turns_exactly_where_each_tick_sounds() -> None:
    """The bar is full or empty, never between, at every stroke the pacer ticks on."""
    routine = _with_tempo(40.0, 20.0)
    session = Session(routine)
    session.start(0.0)
    step = routine.steps[0]
    for number, offset in enumerate(stroke_offsets(step.duration, 40.0, 20.0), start=1):
        where = sweep(session, offset)
        assert where is not None
        assert where.strokes == pytest.approx(number)
    assert sweep(session, 0.0) == Sweep(0.0, 40.0)
    end = sweep(session, step.duration - 1e-9)
    assert end is not None and end.tempo == pytest.approx(20.0)


def test_the_sweep_is_looked_at_sixteen_times_a_stroke_and_never_too_often() -> None:
    slow = Session(_with_tempo(30.0))  # a stroke every 2 s
    slow.start(0.0)
    looks = [0.0]
    while len(looks) < 40:
        wake = next_sweep_look(slow, looks[-1])
        assert wake is not None
        looks.append(wake)
    gaps = [b - a for a, b in itertools.pairwise(looks[1:])]
    assert all(gap == pytest.approx(2.0 / SWEEP_STEPS, abs=2 * SETTLE) for gap in gaps)
    fast = Session(_with_tempo(600.0))  # ten strokes a second: capped at 20 looks
    fast.start(0.0)
    wake = next_sweep_look(fast, 1.0)
    assert wake is not None and wake - 1.0 >= SWEEP_MIN_GAP


def test_no_sweep_without_a_tempo_or_while_paused() -> None:
    session = Session(ROUTINE)
    session.start(0.0)
    assert sweep(session, 1.0) is None and next_sweep_look(session, 1.0) is None
    paced = Session(_with_tempo(30.0))
    paced.start(0.0)
    paced.pause(1.0)
    assert next_sweep_look(paced, 2.0) is None
    where = sweep(paced, 5.0)  # paused at 1 s: half a stroke, and it stays there
    assert where is not None and where.strokes == pytest.approx(0.5)
