"""Cues and speech at one loudness: the meter checked against BS.1770, then used on espeak-ng.

The sound files themselves are measured in test_sounds.py; here the meter is shown to read
what the standard says on steady sounds, and the speech a person hears (espeak-ng run exactly
as the player runs it) is measured against the tones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from support.eyesfree import read_wav

from handcue.audio.loudness import CUE_LOUDNESS, k_weighting, loudness
from handcue.audio.speech import EspeakEngine
from handcue.core import speech_text
from handcue.core.timeline import build_timeline
from handcue.storage.routine_files import load_library


def sine(hz: float, amplitude: float, seconds: float = 3.0, rate: int = 48_000) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return amplitude * np.sin(2 * np.pi * hz * t)


@pytest.mark.parametrize("rate", [48_000, 44_100, 22_050])
def test_a_full_scale_997_hz_sine_in_one_channel_reads_minus_3(rate: int) -> None:
    """BS.1770's calibration: such a sine reads -3.01 LUFS with 400 ms blocks; the filter's
    exact gain at 997 Hz makes it -3.05."""
    tone = sine(997, 1.0, rate=rate)
    stereo = np.stack([tone, np.zeros_like(tone)], axis=1)
    assert loudness(stereo, rate) == pytest.approx(-3.05, abs=0.03)


def test_the_weighting_favours_what_the_ear_hears_best() -> None:
    """The K curve: flat through the middle, cut in the bass, +4 dB in the treble."""
    gain_db = 10 * np.log10(k_weighting(np.array([30.0, 500.0, 1000.0, 4000.0, 10_000.0])))
    assert gain_db[0] < -6.0
    assert gain_db[1] == pytest.approx(0.0, abs=0.2)
    assert gain_db[2] == pytest.approx(0.7, abs=0.2)
    assert gain_db[3] == pytest.approx(4.0, abs=0.2)
    assert gain_db[4] == pytest.approx(4.0, abs=0.2)
    # Same amplitude, so the treble tone reads louder than the mid one, which beats the bass.
    levels = [loudness(sine(hz, 0.3), 48_000) for hz in (60, 1000, 4000)]
    assert levels[0] < levels[1] < levels[2]


def test_a_level_change_reads_as_the_same_change() -> None:
    quiet, loud = (loudness(sine(440, a), 48_000) for a in (0.1, 0.4))
    assert loud - quiet == pytest.approx(20 * np.log10(4), abs=0.01)


def test_silence_between_sounds_does_not_make_them_quieter() -> None:
    """Gating: a word followed by a pause reads as loud as the word alone."""
    word = sine(440, 0.3, seconds=0.5)
    with_pause = np.concatenate([word, np.zeros(48_000 * 2), word])
    assert loudness(with_pause, 48_000) == pytest.approx(loudness(word, 48_000), abs=0.3)
    assert loudness(np.zeros(4800), 48_000) == -np.inf


def _espeak() -> str:
    program = shutil.which("espeak-ng")
    if program is None:
        if os.environ.get("HANDCUE_REQUIRE_SPEECH") == "1":
            pytest.fail("espeak-ng is required (HANDCUE_REQUIRE_SPEECH=1) but not installed")
        pytest.skip("espeak-ng is not installed")
    return program


def _sentences() -> list[str]:
    """What the voice says in a bundled routine: every step's start, a switch, the end."""
    routine = load_library(None).get("bedtime-wind-down")
    assert routine is not None
    said: list[str] = []
    for segment in build_timeline(routine):
        if segment.is_switch:
            said.append(speech_text.switch_hands(segment, routine.partner))
        else:
            said.append(speech_text.step_start(segment, routine.partner))
    said.append(speech_text.finished())
    return list(dict.fromkeys(said))


def test_espeak_ng_speaks_at_the_loudness_of_the_cues(tmp_path: Path) -> None:
    """The words come out of espeak-ng as the player starts it (same rate, same amplitude),
    heard on both sides like the centre cues; each sentence is within 2 LU of the tones and
    their average within 1 LU."""
    engine = EspeakEngine(_espeak())
    levels: list[float] = []
    for index, text in enumerate(_sentences()):
        out = tmp_path / f"said-{index}.wav"
        speak_argv, _ = engine.speak_command(text)
        write_argv, stdin = engine.write_command(text, out)
        assert [arg for arg in write_argv if arg not in ("-w", str(out))] == speak_argv
        subprocess.run(write_argv, input=(stdin or "").encode(), check=True, timeout=60)
        samples, rate = read_wav(out)
        mono = samples[:, 0]
        levels.append(loudness(np.stack([mono, mono], axis=1), rate))
    assert len(levels) >= 5
    assert all(abs(level - CUE_LOUDNESS) <= 2.0 for level in levels), levels
    assert float(np.mean(levels)) == pytest.approx(CUE_LOUDNESS, abs=1.0)
