"""The sentences the voice says: numbers in words, hands, next-up and the introduction."""

from __future__ import annotations

import pytest

from handcue.core import speech_text
from handcue.core.routine import Hand, Routine, Step
from handcue.core.timeline import build_timeline
from handcue.core.vocabulary import PRECAUTIONS


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (20, "twenty"),
        (45, "forty-five"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (130, "one hundred thirty"),
        (2005, "two thousand five"),
    ],
)
def test_number_words(number: int, words: str) -> None:
    assert speech_text.number_words(number) == words


def test_number_words_refuses_what_it_cannot_say() -> None:
    with pytest.raises(ValueError, match="cannot say"):
        speech_text.number_words(-1)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (45, "forty-five seconds"),
        (1, "one second"),
        (60, "one minute"),
        (90, "one minute thirty seconds"),
        (120, "two minutes"),
        (61, "one minute one second"),
        (44.6, "forty-five seconds"),
        (3600, "one hour"),
        (0, "zero seconds"),
    ],
)
def test_duration_words(seconds: float, words: str) -> None:
    assert speech_text.duration_words(seconds) == words


ROUTINE = Routine(
    id="r",
    title="Evening calm",
    steps=(
        Step("Thumb circles", "x", 45.0, hand=Hand.EACH),
        Step("palm press", "x", 90.0, hand=Hand.BOTH),
    ),
    prepare="Warm your hands",
    cautions=("skin", "severe-pain"),
)


def test_step_start_says_hand_step_and_time() -> None:
    left, gap, right, both = build_timeline(ROUTINE)
    assert (
        speech_text.step_start(left) == "Massage your left hand. Thumb circles. Forty-five seconds."
    )
    assert (
        speech_text.step_start(right)
        == "Massage your right hand. Thumb circles. Forty-five seconds."
    )
    assert speech_text.step_start(both) == "Both hands. Palm press. One minute thirty seconds."
    assert speech_text.switch_hands(gap) == "Switch hands. Massage your right hand next."


def test_next_up_names_the_next_hand_and_step() -> None:
    left, _gap, right, both = build_timeline(ROUTINE)
    assert speech_text.next_up(left, right) == "Next: switch hands and massage your right hand."
    assert speech_text.next_up(right, both) == "Next: both hands. Palm press."
    assert speech_text.next_up(both, None) == "Next: the end of the routine."


def test_intro_reads_title_preparation_and_each_precaution() -> None:
    lines = speech_text.intro(ROUTINE)
    assert lines[0] == "Evening calm."
    assert lines[1] == "Preparation. Warm your hands."
    assert lines[2] == "Precautions."
    assert lines[3].startswith(PRECAUTIONS["skin"].title)
    assert PRECAUTIONS["severe-pain"].advice in lines[4]
    assert len(lines) == 5


def test_intro_without_preparation_or_cautions_is_the_title_alone() -> None:
    bare = Routine(id="b", title="Bare", steps=ROUTINE.steps)
    assert speech_text.intro(bare) == ["Bare."]
