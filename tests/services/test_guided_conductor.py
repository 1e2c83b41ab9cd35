"""The guided voice on a fake clock: whole instructions, the second half at the bell, no tone
over the words, and a step clock that waits while guidance is said."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from handcue.core.cues import Cue, CueKind
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode
from handcue.core.routine import Hand, Routine, Step
from handcue.services.actions import Action, ActionKind, Purpose
from handcue.services.conductor import SPEECH_GAP, Conductor

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


def test_a_step_too_short_for_a_bell_says_both_halves_at_its_start() -> None:
    _, tones, actions = play((Step("Strokes", HALVES, 12.0),), VoiceMode.GUIDED)
    speech = [a for a in actions if a.kind is ActionKind.SPEECH]
    assert speech[0].text == (
        "Both hands. Strokes. Twelve seconds. Stroke from the wrist to the fingertips. "
        "Turn the hand over and stroke the palm. Ease off if it feels tender."
    )
    assert all(a.purpose is not Purpose.BELL for a in speech)
    assert all(cue.kind is not CueKind.HALFWAY for _, cue in tones.played)


def test_the_second_hand_hears_a_short_line_not_the_instruction_again() -> None:
    each = Step("Thumb circles", "Circle the thumb pad. Let go if it tingles.", 8.0, hand=Hand.EACH)
    _, _, actions = play((each,), VoiceMode.GUIDED)
    speech = [a.text for a in actions if a.kind is ActionKind.SPEECH]
    assert speech[0] == (
        "Massage your left hand. Thumb circles. Eight seconds. Circle the thumb pad. "
        "Let go if it tingles."
    )
    assert speech[1] == "Switch hands. Massage your right hand next."
    assert speech[2] == "The same on this hand. Eight seconds."
    assert sum("Let go if it tingles." in text for text in speech) == 1


def test_without_a_switch_gap_the_second_hand_is_named() -> None:
    each = Step("Thumb circles", "Circle the thumb pad.", 8.0, hand=Hand.EACH)
    clock = [0.0]
    voice = FakeVoice()
    routine_ = Routine(id="no-gap", title="No gap", steps=(each,), switch_seconds=0)
    conductor = Conductor(
        Session(routine_), voice=voice, tone_seconds=LENGTHS, mode=VoiceMode.GUIDED
    )
    drive(conductor, clock)
    assert voice.said[1][2] == "Now massage your right hand, the same way. Eight seconds."


def test_a_second_hand_whose_first_was_skipped_hears_the_instruction() -> None:
    each = Step("Thumb circles", "Circle the thumb pad.", 8.0, hand=Hand.EACH)
    clock = [0.0]
    voice = FakeVoice()
    session = Session(routine(each))
    conductor = Conductor(session, voice=voice, tone_seconds=LENGTHS, mode=VoiceMode.GUIDED)
    conductor.handle(session.start(0.0), 0.0)
    conductor.handle(session.next(0.1), 0.1)  # before a word of the first hand was said
    drive_on(conductor, clock, 0.1)
    texts = [text for _, _, text in voice.said]
    assert any(text.endswith("Circle the thumb pad.") for text in texts)
    assert "The same on this hand. Eight seconds." not in texts


def drive_on(conductor: Conductor, clock: list[float], now: float, until: float = 600.0) -> None:
    clock[0] = now
    while (due := conductor.due()) is not None and due <= until:
        clock[0] = max(clock[0], due)
        conductor.handle(conductor.session.advance(clock[0]), clock[0])


def test_a_step_made_too_short_for_its_bell_has_its_second_half_said_at_once() -> None:
    clock = [0.0]
    voice = FakeVoice(seconds_per_word=0.1)
    session = Session(routine(Step("Strokes", HALVES, 30.0)))
    conductor = Conductor(session, voice=voice, tone_seconds=LENGTHS, mode=VoiceMode.GUIDED)
    conductor.handle(session.start(0.0), 0.0)
    drive_on(conductor, clock, 0.0, until=4.0)
    assert len(voice.said) == 1
    conductor.handle(session.adjust(4.0, -15.0), 4.0)  # 15 s: no bell any more
    drive_on(conductor, clock, 4.0)
    texts = [text for _, _, text in voice.said]
    assert texts[1] == "Turn the hand over and stroke the palm. Ease off if it feels tender."


def test_a_pause_that_cuts_guidance_off_has_it_said_again_after_the_resume() -> None:
    clock = [0.0]
    voice = FakeVoice()
    session = Session(routine(Step("Strokes", HALVES, 30.0)))
    conductor = Conductor(session, voice=voice, tone_seconds=LENGTHS, mode=VoiceMode.GUIDED)
    conductor.handle(session.start(0.0), 0.0)
    drive_on(conductor, clock, 0.0, until=1.5)
    first = voice.said[0][2]
    conductor.handle(session.pause(1.5), 1.5)
    assert voice.stops == [1.5]
    conductor.handle(session.resume(9.0), 9.0)
    drive_on(conductor, clock, 9.0)
    assert voice.said[1][2] == first
    assert voice.said[1][0] >= 9.0 + SPEECH_GAP


@pytest.mark.parametrize("mode", list(VoiceMode))
def test_every_line_said_was_among_the_lines_made_ahead(mode: VoiceMode) -> None:
    """`lines()` at the start names every line the session goes on to say, so a voice that
    makes speech ahead of time never has to fall back (the duration change excepted)."""
    each = Step("Thumb circles", HALVES, 24.0, hand=Hand.EACH)
    steps = (each, Step("Press", LONG, 6.0, hand=Hand.LEFT), Step("Rest", "Rest.", 12.0))
    clock = [0.0]
    voice = FakeVoice(seconds_per_word=0.1)
    session = Session(routine(*steps))
    conductor = Conductor(session, voice=voice, tone_seconds=LENGTHS, mode=mode, announce_next=4.0)
    ahead = set(conductor.lines(both_modes=False))
    drive(conductor, clock)
    said = {text for _, _, text in voice.said}
    assert said and said <= ahead


def test_switched_to_brief_mid_step_the_second_half_is_not_said() -> None:
    clock = [0.0]
    voice = FakeVoice(seconds_per_word=0.1)
    session = Session(routine(Step("Strokes", HALVES, 30.0)))
    conductor = Conductor(session, voice=voice, tone_seconds=LENGTHS, mode=VoiceMode.GUIDED)
    conductor.handle(session.start(0.0), 0.0)
    drive_on(conductor, clock, 0.0, until=5.0)
    conductor.mode = VoiceMode.BRIEF
    drive_on(conductor, clock, 5.0)
    assert not any("Turn the hand over" in text for _, _, text in voice.said)
