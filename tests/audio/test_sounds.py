"""The bundled earcons: generated as committed, well-formed, and told apart by ear."""

from __future__ import annotations

import itertools
import subprocess
import sys
import wave
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from support.capture import Samples, channel_ratio, dominant_hz

from handcue.audio.loudness import CUE_LOUDNESS, PIP_LOUDNESS, TICK_LOUDNESS, loudness
from handcue.core.cues import HANDED_KINDS, Cue, CueKind, CueSide, all_cues
from handcue.resources import sounds_dir

SOUNDS = sounds_dir()
TOOL = Path(__file__).resolve().parents[2] / "tools" / "make_sounds.py"
CUES = all_cues()


def read(cue: Cue) -> tuple[tuple[int, int, int], Samples]:
    """((rate, sample width, channels), frames x channels in [-1, 1))."""
    with wave.open(str(SOUNDS / f"{cue.sound_name}.wav"), "rb") as source:
        params = (source.getframerate(), source.getsampwidth(), source.getnchannels())
        raw = source.readframes(source.getnframes())
    samples = np.frombuffer(raw, dtype="<i2").reshape(-1, params[2]) / 32768.0
    return params, samples


def test_committed_files_equal_the_generator_output(make_sounds: ModuleType) -> None:
    built = make_sounds.build()
    assert sorted(built) == sorted(p.name for p in SOUNDS.glob("*.wav"))
    for name, data in built.items():
        assert (SOUNDS / name).read_bytes() == data, f"{name} differs: run tools/make_sounds.py"


def test_check_mode_fails_on_a_changed_file(tmp_path: Path) -> None:
    out = tmp_path / "sounds"
    made = subprocess.run([sys.executable, str(TOOL), "--out", str(out)], check=False)
    assert made.returncode == 0
    clean = subprocess.run(
        [sys.executable, str(TOOL), "--check", "--out", str(out)], capture_output=True, check=False
    )
    assert clean.returncode == 0
    pip = out / "pip-left.wav"
    data = bytearray(pip.read_bytes())
    data[-100] ^= 1
    pip.write_bytes(bytes(data))
    dirty = subprocess.run(
        [sys.executable, str(TOOL), "--check", "--out", str(out)], capture_output=True, check=False
    )
    assert dirty.returncode != 0
    assert b"pip-left.wav" in dirty.stderr


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.sound_name)
def test_format_and_clean_edges(cue: Cue) -> None:
    params, samples = read(cue)
    assert params == (44_100, 2, 2)
    peak = float(np.max(np.abs(samples)))
    assert 10 ** (-30 / 20) < peak < 10 ** (-1 / 20)  # heard, and never near clipping
    assert np.all(np.abs(samples[0]) < 1e-3) and np.all(np.abs(samples[-1]) < 1e-3)
    # A click is broadband: nearly all energy must sit below 10 kHz.
    spectrum = np.abs(np.fft.rfft(samples.sum(axis=1))) ** 2
    frequencies = np.fft.rfftfreq(len(samples), 1 / 44_100)
    assert spectrum[frequencies > 10_000].sum() < 1e-5 * spectrum.sum()


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.sound_name)
def test_length_limits(cue: Cue) -> None:
    _, samples = read(cue)
    seconds = len(samples) / 44_100
    limit = {CueKind.FINISH: 1.25, CueKind.PIP: 0.13, CueKind.TICK: 0.06}.get(cue.kind, 0.62)
    assert seconds <= limit


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.sound_name)
def test_dominant_frequency_matches_the_design(cue: Cue, make_sounds: ModuleType) -> None:
    _, samples = read(cue)
    wanted = make_sounds.DESIGN[cue.sound_name].dominant_hz
    assert dominant_hz(samples, 44_100) == pytest.approx(wanted, rel=0.01)


def lufs(cue: Cue) -> float:
    return loudness(read(cue)[1], 44_100)


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.sound_name)
def test_every_cue_is_as_loud_as_its_kind_should_be(cue: Cue) -> None:
    """Tones that mark a moment at the loudness of speech, pips 2 LU under, the tick 12."""
    wanted = {CueKind.PIP: PIP_LOUDNESS, CueKind.TICK: TICK_LOUDNESS}.get(cue.kind, CUE_LOUDNESS)
    assert lufs(cue) == pytest.approx(wanted, abs=0.1)


@pytest.mark.parametrize("side", list(CueSide))
def test_pips_are_no_louder_than_step_tones_for_any_hand(side: CueSide) -> None:
    assert lufs(Cue(CueKind.PIP, side)) <= lufs(Cue(CueKind.STEP, side)) - 1.0


def test_tick_is_much_quieter_than_every_other_cue() -> None:
    tick = lufs(Cue(CueKind.TICK))
    for cue in CUES:
        if cue.kind is not CueKind.TICK:
            assert lufs(cue) >= tick + 8.0, cue


@pytest.mark.parametrize("kind", sorted(HANDED_KINDS))
def test_left_is_left_and_lower_right_is_right_and_higher(kind: CueKind) -> None:
    left = read(Cue(kind, CueSide.LEFT))[1]
    centre = read(Cue(kind, CueSide.CENTRE))[1]
    right = read(Cue(kind, CueSide.RIGHT))[1]
    assert channel_ratio(left) > 4
    assert channel_ratio(right) < 1 / 4
    assert channel_ratio(centre) == pytest.approx(1.0, rel=0.05)
    low, middle, high = (dominant_hz(s, 44_100) for s in (left, centre, right))
    assert low * 1.2 < middle and middle * 1.2 < high


@dataclass(frozen=True)
class Features:
    """What an ear latches on to: how many notes, which way they go, how long, how high."""

    notes: int
    contour: int
    duration: float
    pitch: float


def _note_spans(mono: Samples) -> list[tuple[int, int]]:
    """Notes found from the 5 ms RMS envelope: a note starts where it rises after a dip."""
    hop = 220
    frames = len(mono) // hop
    rms = np.sqrt(np.mean(mono[: frames * hop].reshape(frames, hop) ** 2, axis=1))
    floor = 0.08 * float(rms.max())
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for index, value in enumerate(rms):
        if value > floor and start is None:
            start = index
        elif value <= floor and start is not None:
            spans.append((start * hop, index * hop))
            start = None
    if start is not None:
        spans.append((start * hop, frames * hop))
    return spans


def features(samples: Samples) -> Features:
    mono = samples.sum(axis=1)
    spans = _note_spans(mono)
    pitches = [dominant_hz(mono[a:b], 44_100) for a, b in spans]
    rise = pitches[-1] / pitches[0]
    contour = 0 if abs(np.log2(rise)) < 1 / 24 else (1 if rise > 1 else -1)
    return Features(len(spans), contour, len(mono) / 44_100, dominant_hz(samples, 44_100))


def _distinct(a: Features, b: Features) -> bool:
    return (
        a.notes != b.notes
        or a.contour != b.contour
        or max(a.duration, b.duration) > 1.3 * min(a.duration, b.duration)
        or abs(np.log2(a.pitch / b.pitch)) > 2 / 12
    )


def test_features_find_the_designed_notes(make_sounds: ModuleType) -> None:
    for cue in CUES:
        found = features(read(cue)[1])
        assert found.notes == len(make_sounds.DESIGN[cue.sound_name].notes_hz), cue


@pytest.mark.parametrize("side", list(CueSide))
def test_every_pair_of_kinds_sounds_different(side: CueSide) -> None:
    found = {kind: features(read(Cue(kind, side))[1]) for kind in CueKind}
    for a, b in itertools.combinations(CueKind, 2):
        assert _distinct(found[a], found[b]), (a, b, found[a], found[b])
