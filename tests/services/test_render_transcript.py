"""render --voice, guided or brief: the words sit between the tones, and the WebVTT
transcript's times are where the sounds are in the file, a cue a sentence."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from support.eyesfree import FakeSpeech, read_wav, small_routine

from handcue.cli.render import render_file
from handcue.cli.streams import Streams
from handcue.core.guided_text import VoiceMode
from handcue.services.listening import Listening

STAMP = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$")


def _seconds(parts: tuple[str, ...]) -> float:
    hours, minutes, secs, millis = (int(part) for part in parts)
    return hours * 3600 + minutes * 60 + secs + millis / 1000


def read_vtt(path: Path) -> list[tuple[float, float, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "WEBVTT"
    cues = []
    for index, line in enumerate(lines):
        found = STAMP.match(line)
        if found:
            groups = found.groups()
            cues.append((_seconds(groups[:4]), _seconds(groups[4:]), lines[index + 1]))
    return cues


def speech_windows(samples: np.ndarray, rate: int) -> list[float]:
    """Starts of the 10 ms windows where the fake engine's 300 Hz voice sounds."""
    window = rate // 100
    mono = samples.sum(axis=1)
    found = []
    for index in range(len(mono) // window):
        chunk = mono[index * window : (index + 1) * window]
        if np.abs(chunk).max() < 0.05:
            continue
        spectrum = np.abs(np.fft.rfft(chunk * np.hanning(len(chunk))))
        if abs(np.argmax(spectrum) * rate / window - 300) < 60:
            found.append(index * window / rate)
    return found


@pytest.mark.parametrize("mode", list(VoiceMode))
def test_the_transcript_matches_the_audio_within_50_ms_a_cue_a_sentence(
    tmp_path: Path, fake_speech: FakeSpeech, monkeypatch: pytest.MonkeyPatch, mode: VoiceMode
) -> None:
    """Guided or brief, each sentence said is a cue of its own, timed from its sound."""
    monkeypatch.setenv("FAKE_SPEECH_SECONDS", "0.6")
    out = tmp_path / f"{mode.value}.wav"
    err = io.StringIO()
    code = render_file(
        small_routine(),
        None,
        out,
        Listening(voice=True, mode=mode),
        streams=Streams(stdout=io.StringIO(), stderr=err),
    )
    assert code == 0, err.getvalue()
    cues = read_vtt(out.with_suffix(".vtt"))
    spoken = [cue for cue in cues if not cue[2].startswith("[")]
    tones = [cue for cue in cues if cue[2].startswith("[")]
    texts = [text for _, _, text in spoken]
    # Each sentence is its own cue, the instruction among them when guided.
    first = ["Massage your left hand.", "Thumb circles.", "Six seconds."]
    if mode is VoiceMode.GUIDED:
        first.append("Circle the thumb.")
    assert texts[: len(first)] == first
    assert ("Circle the thumb." in texts) is (mode is VoiceMode.GUIDED)
    assert "[Tone: a new step]" in [text for _, _, text in tones]
    samples, rate = read_wav(out)
    heard = speech_windows(samples, rate)
    for start, end, text in spoken:
        inside = [at for at in heard if start - 0.05 <= at <= end + 0.05]
        assert inside, text
        assert min(inside) == pytest.approx(start, abs=0.05), text
        assert max(inside) + 0.01 == pytest.approx(end, abs=0.05), text
    # No word is said while a tone rings.
    for t_start, t_end, meaning in tones:
        for s_start, s_end, text in spoken:
            assert not (s_start < t_end and t_start < s_end), (meaning, text)
