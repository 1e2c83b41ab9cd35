"""A guided routine with the natural voice, followed by ear: `handcue play --plain --voice
--guided` through simpleaudio, captured.

The voice is a stand-in for piper (a 440 Hz tone, 0.1 s a word) so the words can be told from
the cues; its lines are made before the first step and played through handcue's own sound
player, as the natural voice is. Every line said must be heard, each after the tone before it
has rung and before the next one starts: speech between the tones, none over them. The first
step's guidance runs past the moment its countdown is due, so its pips must wait for the words.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from support.capture import Capture, dominant_hz, run_python, wav_frames
from support.eyesfree import FAKE_PIPER_HZ, make_fake_piper

from handcue.core.cues import all_cues
from handcue.services.conductor import SPEECH_GAP

pytestmark = pytest.mark.audio

ROUTINE = """\
title: By ear, guided
goals: [grip]
switch_seconds: 2
steps:
  - {title: Warm, instruction: Rub the palms together. Keep the strokes slow and warm., duration: 5}
  - title: Thumb
    instruction: >-
      First half: circle the thumb pad slowly. After the bell: press the web of the thumb.
      Let go if it tingles.
    hand: each
    areas: [thumb]
    duration: 8
"""

LINES = 5
"""Warm's guidance, the left hand's (both halves: no bell in 8 s), the switch, the right
hand's short line, and the end."""
EDGE = 0.06
"""How far apart two arrivals may seem on a busy machine (each capture's own process starts a
little late)."""


def _is_tone(capture: Capture) -> str | None:
    """The cue this capture is (a cut-off cue is a prefix of its sound), or None."""
    for cue in all_cues():
        frames = wav_frames(cue.sound_name)
        if capture.raw and frames.startswith(capture.raw):
            return cue.sound_name
    return None


def test_guided_speech_sounds_between_the_tones_and_never_over_them(tmp_path: Path) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "guided.yaml").write_text(ROUTINE, encoding="utf-8")
    piper = make_fake_piper(tmp_path)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from handcue.audio import natural_voice\n"
        f"engine = natural_voice.PiperEngine({str(piper.program)!r}, Path('m'), Path('c'))\n"
        "natural_voice.natural_engine = lambda: engine\n"
        "from handcue.__main__ import main\n"
        "sys.exit(main(['play', 'guided', '--plain', '--yes', '--voice', '--guided']))\n"
    )
    run = run_python(
        code,
        tmp_path,
        env={
            "HANDCUE_ROUTINES": str(routines),
            "HANDCUE_AUDIO": "simpleaudio",
            "HANDCUE_SPEECH": "",
            "HANDCUE_DATA_DIR": str(tmp_path / "data"),
            "HANDCUE_CONFIG_DIR": str(tmp_path / "config"),
            "HANDCUE_CACHE_DIR": str(tmp_path / "cache"),
            "FAKE_PIPER_LOG": str(piper.log),
        },
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert len(piper.runs()) == 1, "every line made in one run, before the first step"
    tones = [(c, name) for c in run.captures if (name := _is_tone(c)) is not None]
    speech = [c for c in run.captures if _is_tone(c) is None and c.raw]
    assert len(speech) == LINES, [(c.arrival, c.duration) for c in run.captures]
    for capture in speech:
        assert dominant_hz(capture.samples, capture.rate) == pytest.approx(FAKE_PIPER_HZ, rel=0.02)
        assert np.abs(capture.samples).max() > 0.05
    for words in speech:
        start, end = words.arrival, words.arrival + words.duration
        before = [t for t, _ in tones if t.arrival < start]
        assert before, "a tone marks the moment before any words"
        last = before[-1]
        assert start >= last.arrival + last.duration - EDGE, "words began over a tone"
        for tone, name in tones:
            assert not start + EDGE < tone.arrival < end - EDGE, f"{name} sounded over the words"
    # The first step's guidance ran past its countdown's first pip (due 3 s before its end):
    # the pips waited until the words were done.
    first_words = speech[0]
    pips = [t for t, name in tones if name.startswith("pip") and t.arrival < speech[1].arrival]
    assert pips
    assert pips[0].arrival >= first_words.arrival + first_words.duration + SPEECH_GAP - EDGE
    assert "Let go if it tingles." in run.stdout
    assert run.stdout.count("Let go if it tingles.") == 1
