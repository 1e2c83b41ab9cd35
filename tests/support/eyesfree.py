"""Helpers for the eyes-free tests: a small routine, a fake speech engine, onset detection."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from handcue.core.routine import Hand, Routine, Step

REPO = Path(__file__).resolve().parent.parent.parent

Samples = npt.NDArray[np.float64]

FAKE_ENGINE = """#!{python}
# Stands in for espeak-ng: logs what it was asked, "speaks" for a while or writes a WAV.
import json, math, os, signal, struct, sys, time, wave

start = time.monotonic()
args = sys.argv[1:]
text = sys.stdin.read() if "--stdin" in args else ""
record = {{"argv": args, "text": text, "start": start}}

def finish(*_):
    record["end"] = time.monotonic()
    with open(os.environ["FAKE_SPEECH_LOG"], "a") as log:
        log.write(json.dumps(record) + "\\n")
    sys.exit(0)

signal.signal(signal.SIGTERM, finish)
open(os.environ["FAKE_SPEECH_LOG"] + ".started", "a").close()
if "-w" in args:
    path = args[args.index("-w") + 1]
    seconds = float(os.environ.get("FAKE_SPEECH_SECONDS", "0.8"))
    rate = 22050
    count = int(seconds * rate)
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 300 * i / rate)))
            for i in range(count)
        ))
else:
    time.sleep(float(os.environ.get("FAKE_SPEECH_SECONDS", "0.8")))
finish()
"""


@dataclass
class FakeSpeech:
    folder: Path
    log: Path

    def started(self, limit: float = 10.0) -> bool:
        """Wait until a fake has started and can note being stopped."""
        marker = self.log.with_name(self.log.name + ".started")
        end = time.monotonic() + limit
        while not marker.exists() and time.monotonic() < end:
            time.sleep(0.01)
        return marker.exists()

    def records(self) -> list[dict[str, object]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]


def small_routine(*, tempo: float | None = None, tempo_end: float | None = None) -> Routine:
    """Three steps covering every cue: an `each` step, a step with a halfway, a short one."""
    return Routine(
        id="eyes-test",
        title="Eyes test",
        steps=(
            Step("Thumb circles", "Circle the thumb.", 6.0, hand=Hand.EACH),
            Step("Palm strokes", "Stroke the palm.", 22.0, tempo=tempo, tempo_end=tempo_end),
            Step("Shake out", "Shake both hands.", 5.0, hand=Hand.LEFT),
        ),
        switch_seconds=2.0,
        prepare="Sit comfortably with warm hands.",
        cautions=("skin",),
    )


def read_wav(path: Path) -> tuple[Samples, int]:
    import wave

    with wave.open(str(path), "rb") as source:
        assert source.getsampwidth() == 2
        rate = source.getframerate()
        channels = source.getnchannels()
        raw = source.readframes(source.getnframes())
    ints = np.frombuffer(raw, dtype="<i2").reshape(-1, channels)
    return ints.astype(np.float64) / 32768.0, rate


def onsets(
    samples: Samples, rate: int, *, threshold: float = 0.004, quiet: float = 0.03
) -> list[float]:
    """Times where the 1 ms energy envelope rises above `threshold` after `quiet` s of silence."""
    mono = np.abs(samples).max(axis=1) if samples.ndim == 2 else np.abs(samples)
    hop = rate // 1000
    frames = len(mono) // hop
    envelope = mono[: frames * hop].reshape(frames, hop).max(axis=1)
    loud = envelope > threshold
    found: list[float] = []
    silent_for = int(quiet * 1000)
    last_loud = -silent_for - 1
    for index in np.flatnonzero(loud):
        if index - last_loud > silent_for:
            # Refine to the sample inside the first loud millisecond.
            block = mono[index * hop : (index + 1) * hop]
            first = int(np.argmax(block > threshold))
            found.append((index * hop + first) / rate)
        last_loud = int(index)
    return found


def placed_at(audio: Samples, rate: int, sound: Samples, near: float, search: float = 0.2) -> float:
    """Where `sound` (mono) sits in `audio` (mono), looked for within `search` s of `near`.

    The lag of the best normalised cross-correlation: unlike a rise out of silence, it finds a
    cue that follows straight on from speech cut off under it, and lossy coding's pre-echo
    does not move it.
    """
    width = round(search * rate)
    first = max(0, round(near * rate) - width)
    segment = audio[first : first + len(sound) + 2 * width].astype(np.float64)
    size = 1 << (len(segment) + len(sound)).bit_length()
    spectrum = np.fft.rfft(segment, size) * np.conj(np.fft.rfft(sound, size))
    lags = len(segment) - len(sound) + 1
    correlation = np.fft.irfft(spectrum, size)[:lags]
    energy = np.sqrt(np.convolve(segment**2, np.ones(len(sound)), "valid")) + 1e-12
    return (first + int(np.argmax(correlation / energy))) / rate
