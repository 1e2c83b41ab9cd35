"""The cue thread: the same catch-up step with a fake clock, and cues on time from a thread
while the caller's own thread is stuck (asleep, or busy in Python holding the interpreter)."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field

import pytest

from handcue.core.cues import Cue, CueKind, CueSide
from handcue.core.engine import EventKind, Session
from handcue.core.routine import Hand, Routine, Step
from handcue.eyesfree.conductor import Conductor
from handcue.eyesfree.cue_thread import Beat, CueThread


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


def blocked(how: str, seconds: float) -> None:
    """Hold this thread for `seconds`: asleep (the interpreter is free) or spinning in Python."""
    if how == "sleep":
        time.sleep(seconds)
        return
    end = time.monotonic() + seconds
    total = 0
    while time.monotonic() < end:
        total += sum(range(200))


@pytest.mark.parametrize("how", ["sleep", "busy"])
def test_a_step_cue_sounds_while_the_callers_thread_is_stuck(how: str) -> None:
    tones = StampedTones()
    heard: list[Beat] = []
    cues = make(short_routine(0.3), tones, on_change=heard.append)
    cues.control(cues.session.start)
    cues.start()
    try:
        blocked(how, 1.5)  # the step boundary falls 0.3 s into this
        block_ended = time.monotonic()
    finally:
        cues.stop()
    kinds = tones.kinds()
    assert kinds[:2] == [CueKind.START, CueKind.STEP], kinds
    at, cue, thread = tones.played[1]
    assert cue.side is CueSide.RIGHT
    assert thread == "handcue-cues"
    assert at < block_ended, "the cue waited for the blocked thread"
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
    tones = StampedTones()
    cues = make(short_routine(0.4), tones)
    cues.control(cues.session.start)
    cues.start()
    try:
        cues.control(cues.session.pause)
        time.sleep(0.6)  # past the old deadline: nothing may sound while paused
        assert tones.kinds() == [CueKind.START, CueKind.PAUSE]
        resumed_at = time.monotonic()
        cues.control(cues.session.resume)
        deadline = time.monotonic() + 5.0
        while CueKind.STEP not in tones.kinds() and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        cues.stop()
    assert tones.kinds()[:4] == [CueKind.START, CueKind.PAUSE, CueKind.RESUME, CueKind.STEP]
    assert tones.played[3][0] >= resumed_at + 0.3  # the step still had about 0.4 s to run
