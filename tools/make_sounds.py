"""Synthesise the bundled earcons: one WAV per cue in `sounds/`.

Someone following a routine has closed eyes and oily hands, so every cue kind must be
recognisable by ear alone, from its rhythm and melodic contour as much as from its pitch:

- start:   rising major arpeggio, three notes, the top one rings (the session begins).
- step:    two-note rising chime, a quick grace note up a fourth (next step begins).
- switch:  'swap' figure, four quick notes alternating high and low, the last one held
           (change hands).
- halfway: one soft bell with slightly inharmonic partials and a long decay (half done).
- pip:     one short pure blip, 0.12 s (the 3-2-1 countdown).
- pause:   falling two-tone, two even notes a fifth apart, downwards (the timer stops).
- resume:  rising two-tone, the mirror of pause, in a lower register than step.
- finish:  descending resolving triad G-E-C, the tonic held, about 1.2 s (routine done).
- tick:    a soft, very short, much quieter knock for stroke pacing.

Hand-aware kinds (step, switch, halfway, pip) have three variants. A left cue is transposed
a fourth down and panned mostly left; a right cue a fourth up and panned mostly right; the
centre one sits in between on both channels. A stereo listener hears the side, a mono
listener still hears it by register. The quieter channel keeps some level so a listener with
one earbud in never misses a cue.

Every note is a sum of sine partials with a raised-cosine attack and release, so each file
starts and ends at zero and nothing clicks. The note that carries the most energy (the held
one) gives the cue's dominant frequency, listed in `DESIGN` for the tests, which check it by
FFT on the files and on captured playback.

Loudness, not peak level, is what matches sounds to an ear: every cue is scaled to a loudness
(`handcue.audio.loudness`, BS.1770's K-weighted LUFS over short blocks) rather than a peak.
Tones that mark a moment sit at -16 LUFS, the level speech is said at; the countdown pips, high
and thrice repeated, 2 LU below them; the tick 12 LU below. The gain is rounded to 0.01 dB, so
a last-digit difference in floating point never changes a sample.

Output: 44.1 kHz, 16-bit, stereo. The synthesis has no randomness, so `--check` can prove the
committed files equal this script's output byte for byte.

Usage: python tools/make_sounds.py [--check] [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT / "src") not in sys.path:
    sys.path.insert(0, str(_ROOT / "src"))

from handcue.audio.loudness import (  # noqa: E402
    CUE_LOUDNESS,
    PIP_LOUDNESS,
    TICK_LOUDNESS,
    loudness,
)
from handcue.core.cues import Cue, CueKind, CueSide, all_cues  # noqa: E402

RATE = 44_100
SAMPLE_WIDTH = 2
CHANNELS = 2
MAX_PEAK_DBFS = -1.0
"""No cue comes near clipping, whatever its loudness asks."""

SIDE_SEMITONES = {CueSide.LEFT: -5, CueSide.CENTRE: 0, CueSide.RIGHT: 5}
"""Register shift per side: a fourth down for the left hand, a fourth up for the right."""

SIDE_GAINS = {CueSide.LEFT: (1.0, 0.3), CueSide.CENTRE: (1.0, 1.0), CueSide.RIGHT: (0.3, 1.0)}
"""(left, right) channel gains: mostly one side, never fully silent on the other."""

SOFT_BELL = ((1.0, 1.0), (2.0, 0.22), (3.0, 0.08))
"""(frequency ratio, amplitude) partials: a warm, rounded tone."""

BELL = ((1.0, 1.0), (2.76, 0.25), (5.4, 0.08))
"""Slightly inharmonic partials give the halfway bell its 'struck' colour."""

PURE = ((1.0, 1.0),)

Partials = tuple[tuple[float, float], ...]
Samples = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Note:
    """One note of a figure: where it starts, how long it lasts, how it decays."""

    semitone: float
    """Semitones from A4 (440 Hz), before the side's shift."""
    start: float
    length: float
    decay: float = 6.0
    """Exponential decay rate per second: higher sounds more percussive."""
    level: float = 1.0


@dataclass(frozen=True)
class Figure:
    notes: tuple[Note, ...]
    partials: Partials
    dominant: int
    """Index of the note that carries the most energy."""
    lufs: float = CUE_LOUDNESS


FIGURES: dict[CueKind, Figure] = {
    CueKind.START: Figure(
        notes=(
            Note(3, 0.00, 0.11, decay=5),  # C5
            Note(7, 0.13, 0.11, decay=5),  # E5
            Note(10, 0.26, 0.32, decay=4),  # G5, rings
        ),
        partials=SOFT_BELL,
        dominant=2,
    ),
    CueKind.STEP: Figure(
        notes=(
            Note(7, 0.00, 0.07, decay=8, level=0.8),  # E5 grace note
            Note(12, 0.09, 0.26, decay=5),  # A5
        ),
        partials=SOFT_BELL,
        dominant=1,
    ),
    CueKind.SWITCH: Figure(
        notes=(
            Note(10, 0.00, 0.07, decay=6, level=0.8),  # G5
            Note(3, 0.09, 0.07, decay=6, level=0.8),  # C5
            Note(10, 0.18, 0.07, decay=6, level=0.8),  # G5
            Note(3, 0.27, 0.25, decay=4),  # C5, held
        ),
        partials=SOFT_BELL,
        dominant=3,
    ),
    CueKind.HALFWAY: Figure(
        notes=(Note(14, 0.00, 0.60, decay=4),),  # B5 bell
        partials=BELL,
        dominant=0,
    ),
    CueKind.PIP: Figure(
        notes=(Note(19, 0.00, 0.12, decay=3),),  # E6 blip
        partials=PURE,
        dominant=0,
        lufs=PIP_LOUDNESS,
    ),
    CueKind.PAUSE: Figure(
        notes=(
            Note(7, 0.00, 0.18, decay=3, level=0.8),  # E5
            Note(0, 0.22, 0.30, decay=3),  # A4
        ),
        partials=PURE,
        dominant=1,
    ),
    CueKind.RESUME: Figure(
        notes=(
            Note(0, 0.00, 0.18, decay=3, level=0.8),  # A4
            Note(7, 0.22, 0.30, decay=3),  # E5
        ),
        partials=PURE,
        dominant=1,
    ),
    CueKind.FINISH: Figure(
        notes=(
            Note(10, 0.00, 0.16, decay=4, level=0.8),  # G5
            Note(7, 0.19, 0.16, decay=4, level=0.8),  # E5
            Note(3, 0.38, 0.82, decay=2.5),  # C5, resolves and rings
        ),
        partials=SOFT_BELL,
        dominant=2,
    ),
    CueKind.TICK: Figure(
        notes=(Note(15, 0.00, 0.04, decay=40),),  # C#6 knock
        partials=PURE,
        dominant=0,
        lufs=TICK_LOUDNESS,
    ),
}


@dataclass(frozen=True)
class Earcon:
    """What a cue is meant to sound like, for the tests to compare against the audio."""

    cue: Cue
    dominant_hz: float
    notes_hz: tuple[float, ...]
    onsets: tuple[float, ...]
    duration: float
    lufs: float


def _hz(semitone: float, side: CueSide) -> float:
    return 440.0 * float(2.0 ** ((semitone + SIDE_SEMITONES[side]) / 12.0))


def _duration(figure: Figure) -> float:
    return max(note.start + note.length for note in figure.notes)


def _envelope(count: int, decay: float) -> Samples:
    """Raised-cosine attack (6 ms), exponential decay, raised-cosine release to exact zero."""
    t = np.arange(count, dtype=np.float64) / RATE
    env = np.exp(-decay * t)
    attack = min(int(0.006 * RATE), count // 4)
    release = min(int(0.030 * RATE), count // 2)
    env[:attack] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack)
    env[count - release :] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, release + 1) / release)
    return env


def _render_mono(figure: Figure, side: CueSide) -> Samples:
    total = round(_duration(figure) * RATE) + 1
    out = np.zeros(total, dtype=np.float64)
    for note in figure.notes:
        count = round(note.length * RATE)
        begin = round(note.start * RATE)
        t = np.arange(count, dtype=np.float64) / RATE
        f0 = _hz(note.semitone, side)
        tone = np.zeros(count, dtype=np.float64)
        for ratio, amplitude in figure.partials:
            # Higher partials fade faster, as on a real bell.
            tone += amplitude * np.exp(-ratio * 2.0 * t) * np.sin(2.0 * np.pi * f0 * ratio * t)
        out[begin : begin + count] += note.level * tone * _envelope(count, note.decay)
    return out


def render(cue: Cue) -> bytes:
    """The cue as little-endian 16-bit interleaved stereo frames, at its figure's loudness."""
    figure = FIGURES[cue.kind]
    mono = _render_mono(figure, cue.side)
    mono /= float(np.max(np.abs(mono)))
    left_gain, right_gain = SIDE_GAINS[cue.side]
    stereo = np.empty((mono.size, 2), dtype=np.float64)
    stereo[:, 0] = mono * left_gain
    stereo[:, 1] = mono * right_gain
    gain_db = round(figure.lufs - loudness(stereo, RATE), 2)
    scaled = stereo * 10.0 ** (gain_db / 20.0)
    peak = float(np.max(np.abs(scaled)))
    if peak > 10.0 ** (MAX_PEAK_DBFS / 20.0):
        raise ValueError(f"{cue.sound_name} would peak at {20 * np.log10(peak):.1f} dBFS")
    return np.rint(scaled * 32767.0).astype("<i2").tobytes()


def wav_bytes(frames: bytes) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(CHANNELS)
        out.setsampwidth(SAMPLE_WIDTH)
        out.setframerate(RATE)
        out.writeframes(frames)
    return buffer.getvalue()


def design(cue: Cue) -> Earcon:
    figure = FIGURES[cue.kind]
    return Earcon(
        cue=cue,
        dominant_hz=_hz(figure.notes[figure.dominant].semitone, cue.side),
        notes_hz=tuple(_hz(note.semitone, cue.side) for note in figure.notes),
        onsets=tuple(note.start for note in figure.notes),
        duration=_duration(figure),
        lufs=figure.lufs,
    )


DESIGN: dict[str, Earcon] = {cue.sound_name: design(cue) for cue in all_cues()}
"""Intended sound of every cue, keyed by file stem."""


def build() -> dict[str, bytes]:
    """File name -> complete WAV file contents, for every cue."""
    return {f"{cue.sound_name}.wav": wav_bytes(render(cue)) for cue in all_cues()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--out", type=Path, default=_ROOT / "sounds", help="sounds folder")
    args = parser.parse_args(argv)
    files = build()
    if args.check:
        stale = [
            name
            for name, data in files.items()
            if not (args.out / name).is_file() or (args.out / name).read_bytes() != data
        ]
        extra = sorted(p.name for p in args.out.glob("*.wav") if p.name not in files)
        for name in stale:
            print(f"out of date: {args.out / name}", file=sys.stderr)
        for name in extra:
            print(f"not made by this script: {args.out / name}", file=sys.stderr)
        if stale or extra:
            print("run: python tools/make_sounds.py", file=sys.stderr)
            return 1
        print(f"{len(files)} sounds up to date")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
    print(f"wrote {len(files)} sounds to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
