"""How loud a sound is to a listener, so cues and speech can be made to match.

Peak level says little about loudness: a short high blip at the same peak as a spoken word
sounds far louder. This meter follows ITU-R BS.1770 (the LUFS of broadcast loudness): the
signal is K-weighted (a high-pass near 40 Hz and a +4 dB shelf above 1.5 kHz, where the ear is
most sensitive), the channels' mean squares are summed, and quiet blocks are gated out. Its one
change is the block: 50 ms (hop 12.5 ms) instead of 400 ms, since the cues last 40 ms to
1.2 s and a 400 ms block would average a blip with the silence around it. On steady sounds it
reads what BS.1770 does (a full-scale 997 Hz sine in one channel is -3.05); on speech it reads
about 2 LU above it, which is why cues and speech are compared with this meter alone.

The K-weighting is applied in the frequency domain as the magnitude of BS.1770's own 48 kHz
filters, which holds at any sample rate up to 48 kHz. Needs numpy; imported only to make
sounds, render files and test.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.float64]

CUE_LOUDNESS = -16.0
"""LUFS of every tone that marks a moment (start, step, switch, halfway, pause, resume, finish),
and of speech: espeak-ng at its usual amplitude reads about -15.3 on this meter."""
PIP_LOUDNESS = -18.0
"""The countdown pips: high and repeated three times, so a little below the step tones."""
TICK_LOUDNESS = -28.0
"""The pacer's tick: a quiet beat under the hands, well below everything else."""

BLOCK_SECONDS = 0.05
HOP_SECONDS = 0.0125
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
"""Blocks this far below the level of the blocks above the absolute gate do not count."""
OFFSET = -0.691
"""BS.1770's constant, which makes a 997 Hz sine read its RMS level in one channel."""

# BS.1770-4, table 1 and 2: the two stages of the K-weighting filter at 48 kHz.
_SHELF = (
    (1.53512485958697, -2.69169618940638, 1.19839281085285),
    (1.0, -1.69065929318241, 0.73248077421585),
)
_HIGH_PASS = ((1.0, -2.0, 1.0), (1.0, -1.99004745483398, 0.99007225036621))


def k_weighting(frequencies: npt.ArrayLike) -> Samples:
    """The power gain of the K-weighting filter at each frequency in Hz (up to 24 kHz)."""
    z = np.exp(-2j * np.pi * np.asarray(frequencies, dtype=np.float64) / 48_000.0)
    gain = np.ones_like(z)
    for numerator, denominator in (_SHELF, _HIGH_PASS):
        b0, b1, b2 = numerator
        a0, a1, a2 = denominator
        gain = gain * (b0 + b1 * z + b2 * z * z) / (a0 + a1 * z + a2 * z * z)
    power: Samples = np.abs(gain) ** 2
    return power


def block_powers(samples: Samples, rate: int) -> Samples:
    """K-weighted mean square of each block, summed over the channels."""
    frames = np.asarray(samples, dtype=np.float64)
    if frames.ndim == 1:
        frames = frames[:, np.newaxis]
    size = max(2, round(BLOCK_SECONDS * rate))
    hop = max(1, round(HOP_SECONDS * rate))
    # Silence either side, so a sound shorter than a block still fills one, and every sample
    # is in as many blocks as any other.
    pad = np.zeros((size, frames.shape[1]))
    padded = np.concatenate([pad, frames, pad])
    count = (len(padded) - size) // hop + 1
    index = np.arange(size)[np.newaxis, :] + hop * np.arange(count)[:, np.newaxis]
    blocks = padded[index]  # blocks x size x channels
    spectrum = np.fft.rfft(blocks, axis=1)
    weights = k_weighting(np.fft.rfftfreq(size, 1.0 / rate))
    energy = np.abs(spectrum) ** 2 * weights[np.newaxis, :, np.newaxis]
    # A real signal's spectrum holds every bin but the first (and the last, for an even size)
    # twice: Parseval's sum counts them double.
    last = size // 2 if size % 2 == 0 else None
    energy[:, 1:last] *= 2.0
    powers: Samples = energy.sum(axis=(1, 2)) / (size * size)
    return powers


def loudness(samples: Samples, rate: int) -> float:
    """Loudness in LUFS of `samples` (frames, or frames x channels, in -1..1); -inf if silent.

    A mono sound counts once; played on both sides of a pair of headphones it is 3 LU louder,
    so pass it as two channels to compare it with stereo cues.
    """
    powers = block_powers(samples, rate)
    levels = OFFSET + 10.0 * np.log10(np.maximum(powers, 1e-30))
    audible = levels > ABSOLUTE_GATE
    if not audible.any():
        return -math.inf
    threshold = OFFSET + 10.0 * math.log10(float(powers[audible].mean())) + RELATIVE_GATE
    counted = audible & (levels > threshold)
    return OFFSET + 10.0 * math.log10(float(powers[counted].mean()))


CEILING = 10.0 ** (-1.0 / 20.0)
"""The highest peak a levelled sound may reach: -1 dBFS."""


def levelled(frames: bytes, channels: int, rate: int, target: float = CUE_LOUDNESS) -> bytes:
    """16-bit little-endian PCM `frames` scaled to `target` LUFS, peaks kept under -1 dBFS.

    A mono sound is measured as heard on both sides, the way it is mixed with the cues. Each
    speech engine speaks at its own level; this puts every one at the level of the tones.
    """
    ints = np.frombuffer(frames, dtype="<i2").reshape(-1, channels)
    samples = ints.astype(np.float64) / 32768.0
    heard = np.concatenate([samples, samples], axis=1) if channels == 1 else samples
    level = loudness(heard, rate)
    peak = float(np.max(np.abs(samples), initial=0.0))
    if not math.isfinite(level) or peak == 0.0:
        return frames
    gain = min(10.0 ** ((target - level) / 20.0), CEILING / peak)
    scaled = np.clip(np.rint(samples * gain * 32768.0), -32768, 32767)
    return bytes(scaled.astype("<i2").tobytes())
