"""Helpers for the eyes-free tests: a small routine, a fake speech engine, onset detection."""

from __future__ import annotations

import json
import sys
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


FAKE_PIPER = """#!{python}
# Stands in for piper: logs each run; writes one WAV a line (-i FILE -d DIR) or one (-f FILE),
# 0.1 s of a 440 Hz tone a word, and says "Wrote PATH" on stderr as piper does.
import json, math, os, struct, sys, time, wave

args = sys.argv[1:]
with open(os.environ["FAKE_PIPER_LOG"], "a") as log:
    log.write(json.dumps(args) + "\\n")

def write(path, text):
    count = 2205 * len(text.split())
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"".join(
            struct.pack("<h", int(6000 * math.sin(2 * math.pi * 440 * i / 22050)))
            for i in range(count)
        ))
    print("INFO:__main__:Wrote " + path, file=sys.stderr, flush=True)

if "-d" in args:
    folder = args[args.index("-d") + 1]
    os.makedirs(folder, exist_ok=True)
    with open(args[args.index("-i") + 1], encoding="utf-8") as source:
        for line in source:
            if line.strip() == os.environ.get("FAKE_PIPER_FAIL_AT"):
                print("RuntimeError: the model broke", file=sys.stderr)
                sys.exit(3)
            if line.strip():
                write(os.path.join(folder, str(time.monotonic_ns()) + ".wav"), line)
else:
    write(args[args.index("-f") + 1], sys.stdin.read())
"""
FAKE_PIPER_HZ = 440.0
FAKE_PIPER_SECONDS_A_WORD = 0.1


@dataclass
class FakePiper:
    """A fake piper program; `runs()` are the argument lists it was started with."""

    program: Path
    log: Path

    def runs(self) -> list[list[str]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]


def make_fake_piper(folder: Path) -> FakePiper:
    """Write the fake piper into `folder`; its runs are logged where FAKE_PIPER_LOG says."""
    program = folder / "piper"
    program.write_text(FAKE_PIPER.format(python=sys.executable))
    program.chmod(0o755)
    return FakePiper(program, folder / "piper.log")


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
