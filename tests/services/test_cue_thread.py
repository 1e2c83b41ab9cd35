"""The cue thread: the same catch-up step with a fake clock, and cues sounded from a thread of
their own while the caller's thread is stuck (asleep, or busy in Python holding the
interpreter). The clock is fake throughout, so no test races the machine's speed;
`bench/engine_lateness.py` measures how late cues are on the real clock."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from handcue.core.cues import Cue, CueKind, CueSide
from handcue.core.engine import Session
from handcue.core.events import EventKind
from handcue.core.routine import Hand, Routine, Step
from handcue.services.conductor import Conductor
from handcue.services.cue_thread import Beat, CueThread


@dataclass
class StampedTones:
    """Keeps each cue with the monotonic time it was asked for, from whichever thread."""

    played: list[tuple[float, Cue, str]] = field(default_factory=list)
    fail: bool = False

    def play(self, cue: Cue) -> None:
        if self.fail:
            raise OSError("the device went away")
        self.played.append((time.monotonic(), cue, threading.current_thread().name))

    def kinds(self) -> list[CueKind]:
        return [cue.kind for _, cue, _ in self.played]


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def short_routine(first: float, second: float = 5.0) -> Routine:
    return Routine(
        id="threaded",
        title="Threaded",
        steps=(
            Step("Palm strokes", "Stroke the palm.", first),
            Step("Thumb circles", "Circle the thumb.", second, hand=Hand.RIGHT),
        ),
    )


def make(routine: Routine, tones: StampedTones, **kwargs: object) -> CueThread:
    session = Session(routine)
    return CueThread(session, Conductor(session, tones=tones), **kwargs)  # type: ignore[arg-type]


def test_pump_and_control_follow_a_fake_clock_without_a_thread() -> None:
    clock, tones = FakeClock(), StampedTones()
    cues = make(short_routine(4.0), tones, clock=clock)
    started = cues.control(cues.session.start)
    assert [event.kind for event in started.events][:2] == [
        EventKind.ROUTINE_STARTED,
        EventKind.STEP_STARTED,
    ]
    assert tones.kinds() == [CueKind.START]
    assert not cues.pump()  # nothing due yet: an empty beat is falsy
    clock.now += 4.0
    beat = cues.pump()
    assert beat.now == clock.now
    assert EventKind.STEP_STARTED in [event.kind for event in beat.events]
    assert tones.kinds()[-1] is CueKind.STEP
    assert tones.played[-1][1].side is CueSide.RIGHT
    paused = cues.control(cues.session.pause)
    assert [event.kind for event in paused.events] == [EventKind.PAUSED]
    assert not cues.running


def blocked_until(how: str, done: Callable[[], bool], limit: float = 10.0) -> None:
    """Hold this thread until `done()` (or `limit` seconds): asleep, with the interpreter free,
    or spinning in Python and holding it."""
    end = time.monotonic() + limit
    total = 0
    while not done() and time.monotonic() < end:
        if how == "sleep":
            time.sleep(0.005)
        else:
            total += sum(range(200))


@pytest.mark.parametrize("how", ["sleep", "busy"])
def test_a_step_cue_sounds_while_the_callers_thread_is_stuck(how: str) -> None:
    """The boundary passes (on a fake clock) while this thread is stuck: only the cue thread
    can sound the step, and it must, however long the machine takes to run it."""
    clock, tones = FakeClock(), StampedTones()
    heard: list[Beat] = []
    cues = make(short_routine(0.3), tones, clock=clock, on_change=heard.append)
    cues.control(cues.session.start)
    cues.start()
    try:
        clock.now += 0.35
        cues.changed()
        blocked_until(how, lambda: CueKind.STEP in tones.kinds())
    finally:
        cues.stop()
    kinds = tones.kinds()
    assert kinds[:2] == [CueKind.START, CueKind.STEP], kinds
    _, cue, thread = tones.played[1]
    assert cue.side is CueSide.RIGHT
    assert thread == "handcue-cues"
    assert any(EventKind.STEP_STARTED in [e.kind for e in beat.events] for beat in heard)


def test_stop_ends_the_thread_and_restores_the_switch_interval() -> None:
    before = sys.getswitchinterval()
    cues = make(short_routine(30.0), StampedTones())
    cues.control(cues.session.start)
    cues.start()
    assert cues.running
    assert sys.getswitchinterval() <= 0.001
    cues.stop()
    cues.stop()  # twice is fine
    assert not cues.running
    assert sys.getswitchinterval() == before


def test_a_failing_sound_is_reported_once_and_the_session_goes_on() -> None:
    clock, tones = FakeClock(), StampedTones(fail=True)
    errors: list[Exception] = []
    cues = make(short_routine(1.0, 1.0), tones, clock=clock, on_error=errors.append)
    cues.control(cues.session.start)
    for _ in range(3):
        clock.now += 1.0
        cues.pump()
    assert cues.session.finished
    assert len(errors) == 1
    assert "went away" in str(errors[0])


def test_controls_from_another_thread_wake_the_cue_thread() -> None:
    """A pause then resume moves the deadline; the thread must sound the step at the new one."""
    clock, tones = FakeClock(), StampedTones()
    cues = make(short_routine(0.4), tones, clock=clock)
    cues.control(cues.session.start)
    cues.start()
    try:
        clock.now += 0.1
        cues.control(cues.session.pause)
        clock.now += 1.0  # past the old deadline: nothing may sound while paused
        cues.changed()
        time.sleep(0.2)  # time for a wrong cue to show; none can be due while paused
        assert tones.kinds() == [CueKind.START, CueKind.PAUSE]
        cues.control(cues.session.resume)
        clock.now += 0.2  # not yet: 0.3 s of the step were left at the pause
        cues.changed()
        time.sleep(0.2)
        assert CueKind.STEP not in tones.kinds()
        clock.now += 0.15
        cues.changed()
        deadline = time.monotonic() + 10.0
        while CueKind.STEP not in tones.kinds() and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        cues.stop()
    assert tones.kinds()[:4] == [CueKind.START, CueKind.PAUSE, CueKind.RESUME, CueKind.STEP]
    assert tones.played[3][2] == "handcue-cues"
