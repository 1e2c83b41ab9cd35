"""Sounds placed in time, mixed into one stream of 44.1 kHz 16-bit stereo.

The mix holds only the sounds overlapping the stretch being written, never the whole
session, so an hour's file costs the memory of a few seconds. What goes in, and when, is
decided by `services.rendering`; this only adds samples up and streams them out.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from handcue.audio.bank import Sound

RATE = 44100
CHANNELS = 2
SAMPLE_WIDTH = 2

Progress = Callable[[float], None]


@dataclass(slots=True)
class Clip:
    """One sound placed in the file: `frames` from `start` seconds, cut off at `end` if set."""

    start: float
    load: Callable[[], array[int]]
    """Interleaved stereo 44.1 kHz samples; called only when the mix reaches the clip."""
    seconds: float
    end: float | None = None
    text: str = ""
    """What the clip says or means, for the transcript."""

    @property
    def stop(self) -> float:
        natural = self.start + self.seconds
        return natural if self.end is None else min(natural, self.end)


def _samples(frames: bytes) -> array[int]:
    samples = array("h")
    samples.frombytes(frames)
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def to_output(frames: bytes, channels: int, rate: int) -> array[int]:
    """16-bit PCM at any rate, mono or stereo, as 44.1 kHz stereo (linear interpolation)."""
    source = _samples(frames)
    if channels == 2:
        mono = array("h", map(lambda a, b: (a + b) // 2, source[0::2], source[1::2]))
    elif channels == 1:
        mono = source
    else:
        raise ValueError(f"cannot mix {channels}-channel audio")
    if rate != RATE and mono:
        count = int(len(mono) * RATE / rate)
        step = rate / RATE
        last = len(mono) - 1
        resampled = array("h", bytes(2 * count))
        for index in range(count):
            position = index * step
            low = int(position)
            high = min(low + 1, last)
            fraction = position - low
            resampled[index] = int(mono[low] + (mono[high] - mono[low]) * fraction)
        mono = resampled
    stereo = array("h", bytes(4 * len(mono)))
    stereo[0::2] = mono
    stereo[1::2] = mono
    return stereo


def sound_samples(sound: Sound) -> array[int]:
    """A sound from the bank as the mix's samples."""
    if sound.channels == CHANNELS and sound.rate == RATE:
        return _samples(sound.frames)
    return to_output(sound.frames, sound.channels, sound.rate)


def _frame(seconds: float) -> int:
    return round(seconds * RATE)


def _add_clipped(a: int, b: int) -> int:
    return max(-32768, min(32767, a + b))


def _chunks(samples: array[int]) -> Iterator[bytes]:
    """Little-endian bytes of `samples`, in pieces of a second or so."""
    piece = RATE * CHANNELS
    for offset in range(0, len(samples), piece):
        part = samples[offset : offset + piece]
        if sys.byteorder == "big":
            part.byteswap()
        yield part.tobytes()


def mix(
    clips: Sequence[Clip],
    seconds: float,
    sink: Callable[[bytes], None],
    progress: Progress | None = None,
) -> int:
    """Write `seconds` of audio holding `clips` (sorted by start) to `sink`; returns frames.

    Audio is written as soon as no later clip can overlap it, so only the stretch where
    sounds overlap is ever held in memory.
    """
    total = _frame(seconds)
    written = 0
    held = array("h")
    """Mixed samples from frame `written` on, not yet written."""

    def write(data: bytes, frames: int) -> None:
        nonlocal written
        sink(data)
        written += frames
        if progress is not None and total:
            progress(min(1.0, written / total))

    def flush() -> None:
        nonlocal held
        for data in _chunks(held):
            write(data, len(data) // (CHANNELS * SAMPLE_WIDTH))
        held = array("h")

    def silence(until: int) -> None:
        while written < until:
            frames = min(RATE, until - written)
            write(bytes(frames * CHANNELS * SAMPLE_WIDTH), frames)

    for clip in clips:
        start = min(_frame(clip.start), total)
        samples = clip.load()
        keep = max(0, min(_frame(clip.stop), total) - start)
        del samples[keep * CHANNELS :]
        if not samples:
            continue
        if start >= written + len(held) // CHANNELS:
            flush()
            silence(start)
            held = samples
            continue
        offset = (start - written) * CHANNELS
        overlap = min(len(samples), len(held) - offset)
        held[offset : offset + overlap] = array(
            "h", map(_add_clipped, held[offset : offset + overlap], samples[:overlap])
        )
        held.extend(samples[overlap:])
    flush()
    silence(total)
    return written
