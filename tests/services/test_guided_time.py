"""The guided voice of every bundled routine, played through the real conductor on a simulated
clock (as `render` plays it): each step's whole instruction is said, once, at any length; and
how long a routine takes with the guidance, by the engines' measured pace."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import wave
from pathlib import Path

import pytest

from handcue.audio import natural_voice
from handcue.audio.speech import find_engine
from handcue.core.engine import HALFWAY_MIN_SECONDS, Session
from handcue.core.guided_text import VoiceMode
from handcue.core.routine import Hand, Routine, Step
from handcue.core.tweaks import Tweaks, apply
from handcue.services.actions import ActionKind
from handcue.services.conductor import conduct
from handcue.services.guided_time import (
    PACES,
    CachedLengths,
    TimedVoice,
    guided_seconds,
    simulate,
)
from handcue.services.listening import Listening
from handcue.storage.routine_files import bundled_routines_dir, load_folder

ROUTINES, PROBLEMS = load_folder(bundled_routines_dir())
LENGTHS = {"as written": 1.0, "at 30%": 0.3}
WORDS_A_SECOND = 3.0


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _instruction_words(step: Step) -> list[str]:
    return _words(re.sub(r"(?i)\b(first half|after the bell)\s*:", " ", step.instruction))


def _count(needle: list[str], haystack: list[str]) -> int:
    width = len(needle)
    return sum(haystack[i : i + width] == needle for i in range(len(haystack) - width + 1))


def _spoken(routine: Routine, length: float) -> tuple[list[str], Session]:
    durations = apply(routine, Tweaks(length=length)).durations
    session = Session(routine, durations)
    voice = TimedVoice(lambda text: len(text.split()) / WORDS_A_SECOND)
    conductor = conduct(session, Listening(voice=True), VoiceMode.GUIDED, voice=voice)
    actions, _ = simulate(conductor)
    said = [a.text for a in actions if a.kind is ActionKind.SPEECH and a.spoken]
    return said, session


def test_the_bundled_routines_load() -> None:
    assert ROUTINES and not PROBLEMS


@pytest.mark.parametrize("length", LENGTHS.values(), ids=LENGTHS.keys())
@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_every_step_says_its_whole_instruction_once(routine: Routine, length: float) -> None:
    """Each step's instruction, both halves and every safety line, is said once, whatever the
    length: a step too short for a halfway bell says its second half at its start, and the
    second hand of a step for each hand is not told again."""
    said, session = _spoken(routine, length)
    heard = _words(" ".join(said))
    for step in routine.steps:
        wanted = _instruction_words(step)
        same = sum(other.instruction == step.instruction for other in routine.steps)
        assert _count(wanted, heard) == same, f"{routine.id}: {step.title}"
    assert session.finished


def test_at_30_percent_steps_in_halves_lose_their_bell_and_keep_their_words() -> None:
    """The case the guided voice once got wrong: halves with no bell to say the second at."""
    short = [
        (routine, step)
        for routine in ROUTINES
        for index, step in enumerate(routine.steps)
        if "after the bell" in step.instruction.lower()
        and apply(routine, Tweaks(length=0.3)).durations[index] < HALFWAY_MIN_SECONDS
    ]
    assert len(short) >= 10
    for routine, step in short:
        said, _ = _spoken(routine, 0.3)
        second = step.instruction.lower().split("after the bell:")[1]
        assert _count(_words(second), _words(" ".join(said))) >= 1, (routine.id, step.title)


def test_guided_time_adds_the_waits_for_long_instructions() -> None:
    long = " ".join(["Press slowly with the pad of the thumb and breathe out."] * 4)
    routine = Routine(
        id="long-words",
        title="Long words",
        steps=(Step("Press", long, 10.0, hand=Hand.LEFT), Step("Rest", "Rest.", 30.0)),
    )
    two_seconds_each = guided_seconds(routine, None, lambda text: 2.0)
    assert two_seconds_each == pytest.approx(routine.total_seconds, abs=0.01)
    slow = guided_seconds(routine, None, lambda text: len(text.split()) * 0.5)
    # The first step's line (47 words, 23.5 s) runs far past its 10 s: the clock waits.
    assert slow > routine.total_seconds + 15
    brief = guided_seconds(routine, None, lambda text: 2.0, VoiceMode.BRIEF)
    assert brief == pytest.approx(routine.total_seconds, abs=0.01)


def test_cached_lengths_come_from_the_speech_made_else_the_pace() -> None:
    kept = {"Press gently.": 1.0, "Breathe out.": 2.0}
    lengths = CachedLengths(PACES["piper"], kept.get)
    assert lengths("Press gently. Breathe out.") == pytest.approx(3.25)
    assert lengths("Press gently. Let go.") == pytest.approx(
        PACES["piper"].seconds("Press gently. Let go.")
    )


def _lines() -> list[str]:
    said, _ = _spoken(ROUTINES[0], 1.0)
    return said[:20]


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as source:
        return source.getnframes() / source.getframerate()


def test_the_espeak_pace_matches_espeak_ng(monkeypatch: pytest.MonkeyPatch) -> None:
    """The estimate is within 25 % of each line espeak-ng writes, and 10 % over all of them."""
    if shutil.which("espeak-ng") is None:
        if os.environ.get("HANDCUE_REQUIRE_SPEECH") == "1":
            pytest.fail("espeak-ng is required (HANDCUE_REQUIRE_SPEECH=1) but not installed")
        pytest.skip("espeak-ng is not installed")
    monkeypatch.delenv("HANDCUE_SPEECH", raising=False)
    engine = find_engine("espeak-ng")
    assert engine is not None
    real, guess = 0.0, 0.0
    with tempfile.TemporaryDirectory() as folder:
        for index, line in enumerate(_lines()):
            path = Path(folder) / f"{index}.wav"
            engine.write_wav(line, path)
            seconds, estimate = _wav_seconds(path), PACES["espeak-ng"].seconds(line)
            assert estimate == pytest.approx(seconds, rel=0.25), line
            real, guess = real + seconds, guess + estimate
    assert guess == pytest.approx(real, rel=0.10)


def test_the_piper_pace_matches_the_natural_voice(tmp_path: Path) -> None:
    """Made a sentence at a time and kept trimmed, with breaths between, as live play and
    `render` say them."""
    engine = natural_voice.natural_engine()
    if engine is None:
        if os.environ.get("HANDCUE_REQUIRE_VOICE"):
            pytest.fail("HANDCUE_REQUIRE_VOICE is set but the extra is missing")
        pytest.skip("the handcue[voice] extra is not installed")
    from handcue.audio.speech_cache import SpeechCache
    from handcue.core.guided_text import sentences

    lines = _lines()
    cache = SpeechCache(tmp_path)
    cache.fill(engine, [s for line in lines for s in sentences(line)])
    measured = CachedLengths(PACES["piper"], lambda s: cache.seconds("piper", engine.voice, s))
    real = [measured(line) for line in lines]
    guess = [PACES["piper"].seconds(line) for line in lines]
    for line, seconds, estimate in zip(lines, real, guess, strict=True):
        assert estimate == pytest.approx(seconds, rel=0.25), line
    assert sum(guess) == pytest.approx(sum(real), rel=0.10)
