"""The conductor on a fake clock: tone then speech, never over each other, next-up, pacer."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from support.eyesfree import small_routine

from handcue.core.cues import Cue, CueKind
from handcue.core.engine import Session
from handcue.services.actions import Action, ActionKind, Purpose
from handcue.services.conductor import SPEECH_GAP, TONE_GAP, Conductor

LENGTHS = {
    "start": 0.5,
    "step-left": 0.35,
    "step-right": 0.35,
    "step-centre": 0.35,
    "pip-left": 0.12,
}


@dataclass
class FakeVoice:
    """Speaks for `seconds_per_word` a word; records everything on the fake clock."""

    seconds_per_word: float = 0.3
    said: list[tuple[float, str]] = field(default_factory=list)
    stops: list[float] = field(default_factory=list)
    until: float = 0.0

    def say(self, text: str, now: float) -> None:
        self.said.append((now, text))
        self.until = now + self.seconds_per_word * len(text.split())

    def busy(self, now: float) -> bool:
        return now < self.until

    def ends_at(self, now: float) -> float | None:
        return self.until if now < self.until else None

    def stop(self, now: float) -> None:
        if now < self.until:
            self.stops.append(now)
        self.until = min(self.until, now)


@dataclass
class FakeTones:
    played: list[Cue] = field(default_factory=list)

    def play(self, cue: Cue) -> None:
        self.played.append(cue)


def drive(conductor: Conductor, until: float, start: float = 0.0) -> list[Action]:
    session = conductor.session
    actions = conductor.handle(session.start(start), start)
    now = start
    while (due := conductor.due()) is not None and due <= until:
        now = max(now, due)
        actions += conductor.handle(session.advance(now), now)
    return actions


def test_step_name_is_said_after_its_tone() -> None:
    voice, tones = FakeVoice(), FakeTones()
    conductor = Conductor(Session(small_routine()), tones=tones, voice=voice, tone_seconds=LENGTHS)
    actions = drive(conductor, until=2.0)
    assert [a.kind for a in actions] == [ActionKind.TONE, ActionKind.TONE, ActionKind.SPEECH]
    # The opening, then the first step's hand once the opening has rung, then its name.
    assert [cue.sound_name for cue in tones.played] == ["start", "step-left"]
    assert actions[1].at == pytest.approx(0.5 + TONE_GAP)
    spoken = 0.5 + TONE_GAP + 0.35 + SPEECH_GAP
    assert voice.said == [
        (pytest.approx(spoken), "Massage your left hand. Thumb circles. Six seconds.")
    ]


def test_a_queued_tone_is_dropped_when_a_newer_cue_comes_first() -> None:
    tones = FakeTones()
    session = Session(small_routine())
    conductor = Conductor(session, tones=tones, tone_seconds=LENGTHS)
    conductor.handle(session.start(0.0), 0.0)
    conductor.handle(session.pause(0.2), 0.2)  # before the opening has finished ringing
    assert conductor.due() is None
    conductor.handle(session.resume(5.0), 5.0)
    assert [cue.kind for cue in tones.played] == [CueKind.START, CueKind.PAUSE, CueKind.RESUME]


def test_pips_give_way_to_speech_and_transition_tones_cut_it_off() -> None:
    # Slow speech: the step-start sentence overruns into the countdown and the next step.
    voice = FakeVoice(seconds_per_word=1.0)
    conductor = Conductor(Session(small_routine()), voice=voice, tone_seconds=LENGTHS)
    actions = drive(conductor, until=6.5)
    tones = [a for a in actions if a.kind is ActionKind.TONE]
    # Speech 0.5 s to 6.5 s covers the pips at 3, 4 and 5: none sounds.
    assert all(a.cue is not None and a.cue.kind is not CueKind.PIP for a in tones)
    # The switch at 6 s stops the voice, then sounds.
    assert voice.stops == [6.0]
    assert tones[-1].at == 6.0 and tones[-1].cue is not None
    assert tones[-1].cue.kind is CueKind.SWITCH


@dataclass
class TimedTones:
    """Records each tone with the fake clock's time, which the test keeps up to date."""

    now: float = 0.0
    times: list[tuple[float, CueKind]] = field(default_factory=list)

    def play(self, cue: Cue) -> None:
        self.times.append((self.now, cue.kind))


def test_no_tone_ever_sounds_while_the_voice_speaks() -> None:
    voice, tones = FakeVoice(seconds_per_word=0.4), TimedTones()
    session = Session(small_routine(tempo=90))
    conductor = Conductor(
        session, tones=tones, voice=voice, tone_seconds=LENGTHS, announce_next=4.0, pacer=True
    )
    conductor.handle(session.start(0.0), 0.0)
    while (due := conductor.due()) is not None:
        tones.now = due
        conductor.handle(session.advance(due), due)
    assert session.finished
    assert {kind for _, kind in tones.times} >= {CueKind.TICK, CueKind.PIP, CueKind.STEP}
    spans = []
    for start, text in voice.said:
        natural = start + 0.4 * len(text.split())
        end = min([stop for stop in voice.stops if start <= stop < natural], default=natural)
        spans.append((start, end))
    assert len(spans) >= 8
    for at, kind in tones.times:
        assert not any(start <= at < end for start, end in spans), (at, kind)


def test_next_up_comes_n_seconds_before_the_end() -> None:
    conductor = Conductor(Session(small_routine()), announce_next=4.0, tone_seconds=LENGTHS)
    actions = drive(conductor, until=100.0)
    nexts = [(a.at, a.text) for a in actions if a.purpose is Purpose.NEXT]
    # Thumb left ends at 6, right (after the 2 s gap) at 14, palm at 36, shake out at 41.
    assert nexts == [
        (pytest.approx(2.0), "Next: switch hands and massage your right hand."),
        (pytest.approx(10.0), "Next: both hands. Palm strokes."),
        (pytest.approx(32.0), "Next: massage your left hand. Shake out."),
        (pytest.approx(37.0), "Next: the end of the routine."),
    ]
    # No voice: the texts are there to show, not spoken.
    assert not any(a.spoken for a in actions)


def test_next_up_waits_for_speech_and_is_dropped_when_too_late() -> None:
    def said_at(seconds_per_word: float) -> list[tuple[float, str]]:
        voice = FakeVoice(seconds_per_word=seconds_per_word)
        conductor = Conductor(
            Session(small_routine()), voice=voice, announce_next=4.0, tone_seconds=LENGTHS
        )
        drive(conductor, until=5.9)
        return voice.said

    # The step's eight words from `begins`; the next-up is due at 2 s, the step ends at 6 s.
    begins = 0.5 + TONE_GAP + 0.35 + SPEECH_GAP
    on_time = said_at(0.1)  # speech ends at 1.88 s
    assert on_time[1] == (pytest.approx(2.0), "Next: switch hands and massage your right hand.")
    waited = said_at(0.4)  # speech ends at 4.28 s: next-up follows after the gap
    assert waited[1] == (
        pytest.approx(begins + 3.2 + SPEECH_GAP),
        "Next: switch hands and massage your right hand.",
    )
    dropped = said_at(0.7)  # speech ends at 6.68 s, after 6 - 1.5: too late to say it
    assert len(dropped) == 1


def test_pause_moves_the_pacer_ticks_with_the_clock() -> None:
    session = Session(small_routine(tempo=60))
    conductor = Conductor(session, pacer=True, tone_seconds=LENGTHS)
    drive(conductor, until=20.0)  # palm strokes start at 14
    conductor.handle(session.pause(20.2), 20.2)
    assert conductor.due() is None
    conductor.handle(session.resume(30.2), 30.2)
    ticks: list[float] = []
    now = 30.2
    while (due := conductor.due()) is not None and due < 40.0:
        now = due
        ticks += [
            a.at for a in conductor.handle(session.advance(now), now) if a.kind is ActionKind.TICK
        ]
    # Strokes every second from 14 s, shifted by the 10 s pause; 25 s (halfway) stays quiet.
    assert ticks == pytest.approx([31.0, 32.0, 33.0, 34.0, 36.0, 37.0, 38.0, 39.0])


def test_pacer_off_means_no_ticks_and_can_be_turned_on_mid_step() -> None:
    session = Session(small_routine(tempo=60))
    conductor = Conductor(session, tone_seconds=LENGTHS)
    actions = drive(conductor, until=18.5)
    assert not [a for a in actions if a.kind is ActionKind.TICK]
    conductor.set_pacer(True, 18.5)
    assert conductor.due() == pytest.approx(19.0)
