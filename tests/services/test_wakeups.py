"""When the player's screen looks again: at each shown second's end, or an engine event first,
never while paused; checked on a fake clock, with no screen at all."""

from __future__ import annotations

import pytest
from support.player_app import ROUTINE

from handcue.core.engine import Session
from handcue.services.wakeups import SETTLE, next_look, next_wake


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
