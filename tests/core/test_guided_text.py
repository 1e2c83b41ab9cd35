"""The guided voice reads every step's whole instruction, split at the bell, for every routine."""

from __future__ import annotations

import re

import pytest

from handcue.core import guided_text
from handcue.core.guided_text import VoiceMode, halves, mode_for
from handcue.core.timeline import build_timeline
from handcue.storage.routine_files import bundled_routines_dir, load_folder


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _without_markers(text: str) -> str:
    return re.sub(r"(?i)\b(first half|after the bell)\s*:", " ", text)


ROUTINES, PROBLEMS = load_folder(bundled_routines_dir())


def test_the_bundled_routines_load() -> None:
    assert ROUTINES and not PROBLEMS


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_every_step_says_its_whole_instruction_in_order(routine: object) -> None:
    from handcue.core.routine import Routine

    assert isinstance(routine, Routine)
    for segment in build_timeline(routine):
        if segment.is_switch:
            continue
        spoken = " ".join(guided_text.step_start(segment)[1:] + guided_text.at_bell(segment))
        assert _words(spoken) == _words(_without_markers(segment.step.instruction))


def test_a_step_in_halves_says_its_second_half_at_the_bell() -> None:
    split = halves(
        "Hold the forearm. First half: circle clockwise. After the bell: circle the other "
        "way. Let go at once if it tingles."
    )
    assert split.first == ("Hold the forearm.", "Circle clockwise.")
    assert split.second == ("Circle the other way.", "Let go at once if it tingles.")


def test_a_step_in_one_part_says_it_all_at_the_start() -> None:
    split = halves("Press gently.   Ease off if it feels tender")
    assert split == guided_text.Halves(("Press gently.", "Ease off if it feels tender."))


def test_the_guided_start_begins_with_the_brief_line() -> None:
    routine = ROUTINES[0]
    segment = next(s for s in build_timeline(routine) if not s.is_switch)
    from handcue.core import speech_text

    assert guided_text.step_start(segment)[0] == speech_text.step_start(segment)


def test_guided_for_the_first_plays_then_brief_unless_chosen() -> None:
    assert [mode_for(n) for n in range(guided_text.GUIDED_PLAYS + 1)] == [VoiceMode.GUIDED] * (
        guided_text.GUIDED_PLAYS
    ) + [VoiceMode.BRIEF]
    assert mode_for(0, VoiceMode.BRIEF) is VoiceMode.BRIEF
    assert mode_for(99, VoiceMode.GUIDED) is VoiceMode.GUIDED
