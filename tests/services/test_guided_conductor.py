"""The guided voice on a fake clock: whole instructions, the second half at the bell, no tone
over the words, and a step clock that waits while guidance is said."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from handcue.core.cues import Cue, CueKind
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode
from handcue.core.routine import Hand, Routine, Step
from handcue.services.conductor import SPEECH_GAP, Action, ActionKind, Conductor, Purpose

LENGTHS = {"start": 0.5, "step-left": 0.35, "step-centre": 0.35, "halfway-centre": 0.3}
HALVES = (
    "First half: stroke from the wrist to the fingertips. "
    "After the bell: turn the hand over and stroke the palm. Ease off if it feels tender."
)
LONG = " ".join(["Press slowly with the pad of the thumb and breathe out."] * 4)


@dataclass
class FakeVoice:
    """Speaks `seconds_per_word` a word on the fake clock; records every word and stop."""

    seconds_per_word: float = 0.3
    said: list[tuple[float, float, str]] = field(default_factory=list)
    stops: list[float] = field(default_factory=list)
    until: float = 0.0

    def say(self, text: str, now: float) -> None:
        self.until = now + self.seconds_per_word * len(text.split())
        self.said.append((now, self.until, text))

    def busy(self, now: float) -> bool:
        return now < self.until

    def ends_at(self, now: float) -> float | None:
        return self.until if now < self.until else None

    def stop(self, now: float) -> None:
        if now < self.until:
            self.stops.append(now)
            self.said[-1] = (*self.said[-1][:1], now, self.said[-1][2])
        self.until = min(self.until, now)


@dataclass
class ClockedTones:
    """Records each tone with the moment it played."""

    clock: list[float]
    played: list[tuple[float, Cue]] = field(default_factory=list)

    def play(self, cue: Cue) -> None:
        self.played.append((self.clock[0], cue))


def routine(*steps: Step) -> Routine:
    return Routine(id="guided-test", title="Guided test", steps=steps, switch_seconds=2.0)


def drive(conductor: Conductor, clock: list[float], until: float = 600.0) -> list[Action]:
    session = conductor.session
    actions = conductor.handle(session.start(0.0), 0.0)
    while (due := conductor.due()) is not None and due <= until:
        clock[0] = max(clock[0], due)
        actions += conductor.handle(session.advance(clock[0]), clock[0])
    return actions


def play(steps: tuple[Step, ...], mode: VoiceMode) -> tuple[FakeVoice, ClockedTones, list[Action]]:
    clock = [0.0]
    voice, tones = FakeVoice(), ClockedTones(clock)
    conductor = Conductor(
        Session(routine(*steps)), tones=tones, voice=voice, tone_seconds=LENGTHS, mode=mode
    )
    return voice, tones, drive(conductor, clock)


def test_guided_says_the_first_half_at_the_start_and_the_second_at_the_bell() -> None:
    _, tones, actions = play((Step("Strokes", HALVES, 30.0),), VoiceMode.GUIDED)
    speech = [a for a in actions if a.kind is ActionKind.SPEECH]
    assert speech[0].purpose is Purpose.STEP
    assert speech[0].text == (
        "Both hands. Strokes. Thirty seconds. Stroke from the wrist to the fingertips."
    )
    bell = next(a for a in speech if a.purpose is Purpose.BELL)
    assert bell.text == "Turn the hand over and stroke the palm. Ease off if it feels tender."
    halfway = next(at for at, cue in tones.played if cue.kind is CueKind.HALFWAY)
    assert bell.at >= halfway + LENGTHS["halfway-centre"] + SPEECH_GAP - 1e-9


def test_brief_keeps_the_short_line_and_says_nothing_at_the_bell() -> None:
    _, _, actions = play((Step("Strokes", HALVES, 30.0),), VoiceMode.BRIEF)
    speech = [a for a in actions if a.kind is ActionKind.SPEECH]
    assert speech[0].text == "Both hands. Strokes. Thirty seconds."
    assert all(a.purpose is not Purpose.BELL for a in speech)


def test_long_guidance_is_never_cut_by_a_tone_and_the_clock_waits() -> None:
    # Forty words at 0.3 s each is 12 s of speech in a 6 s step.
    steps = (Step("Press", LONG, 6.0, hand=Hand.LEFT), Step("Rest", "Rest the hands.", 6.0))
    voice, tones, _ = play(steps, VoiceMode.GUIDED)
    assert voice.stops == []
    for start, end, _text in voice.said:
        for at, cue in tones.played:
            length = LENGTHS.get(cue.sound_name, 0.6)
            assert not (at < end and start < at + length), (cue, at, start, end)
    first_end = voice.said[0][1]
    next_step = next(at for at, cue in tones.played if cue.kind is CueKind.STEP and at > 1.0)
    # The countdown (three pips before the end) waited for the words; the step ran on from there.
    assert next_step == pytest.approx(first_end + SPEECH_GAP + 3.0)
    pips = [at for at, cue in tones.played if cue.kind is CueKind.PIP]
    assert pips and min(pips) == pytest.approx(first_end + SPEECH_GAP)


def test_brief_does_not_hold_the_clock() -> None:
    steps = (Step("Press", LONG, 6.0, hand=Hand.LEFT), Step("Rest", "Rest the hands.", 6.0))
    _, tones, _ = play(steps, VoiceMode.BRIEF)
    next_step = next(at for at, cue in tones.played if cue.kind is CueKind.STEP and at > 1.0)
    assert abs(next_step - 6.0) < 1e-9
