"""Hear what handcue plays without a sound card: capture ALSA output in a subprocess.

The subprocess gets a temporary HOME whose `.asoundrc` makes ALSA's default device the
`file` plugin over the `null` device, with the file being a pipe into `alsa_pacer.py`. Why a
pipe: the null device swallows audio at any speed and a plain file is truncated by every
new stream, whereas the file plugin starts the pipe command once per stream (at hw_params
time, so inside simpleaudio's `play_buffer`), and the pacer reads at the audio byte rate
like a real device. Each stream thus becomes one capture with its arrival time on the
shared monotonic clock, which the subprocess can also read.

Known offsets: a capture arrives when the pacer's interpreter has started, 5-20 ms after
the stream opened on an idle machine.

    run = run_python("from handcue.audio ...; player.play(...); player.wait(5)", tmp_path)
    for capture in run.captures: capture.samples, capture.arrival
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np
import numpy.typing as npt
import pytest

from handcue.core.cues import CueSide
from handcue.resources import sounds_dir

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TESTS = HERE.parent
PACER = HERE / "alsa_pacer.py"

Samples = npt.NDArray[np.float64]


@dataclass
class Capture:
    """One ALSA stream as it reached the (pretend) device."""

    arrival: float
    rate: int
    channels: int
    bits: int
    sample_format: str
    raw: bytes

    @property
    def samples(self) -> Samples:
        """Frames x channels, scaled to [-1, 1)."""
        if self.sample_format != "S16_LE":
            raise ValueError(f"capture format {self.sample_format} is not S16_LE")
        ints = np.frombuffer(self.raw, dtype="<i2")
        return ints.reshape(-1, self.channels).astype(np.float64) / 32768.0

    @property
    def duration(self) -> float:
        return len(self.raw) / (self.rate * self.channels * self.bits // 8)


@dataclass
class CaptureRun:
    returncode: int
    stdout: str
    stderr: str
    captures: list[Capture] = field(default_factory=list)


def _alsa_string(text: str) -> str:
    """Quote for an ALSA config file, keeping `%` literal for the file plugin."""
    text = text.replace("%", "%%")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


DEVICE_VAR = "HANDCUE_TEST_PCM"
CAPTURE_PCM = "pcm.handcue_capture"
BROKEN_PCM = "pcm.handcue_broken"


def asoundrc(outdir: Path, python: str | None = None) -> str:
    """An .asoundrc that sends every playback stream to the pacer in `outdir`.

    The default device is looked up at each open from the HANDCUE_TEST_PCM variable
    (ALSA's `getenv`), so a process can switch to BROKEN_PCM, a sound card that does not
    exist, and back again mid-session: ALSA itself reads its configuration only once.
    """
    argv = [python or sys.executable, "-I", "-S", str(PACER), str(outdir)]
    command = "|" + " ".join(shlex.quote(part) for part in argv)
    # %r %c %b %f are expanded by the file plugin; keep them out of _alsa_string's escaping.
    quoted = _alsa_string(command)[:-1] + ' %r %c %b %f"'
    return (
        f"{CAPTURE_PCM} {{\n"
        "    type file\n"
        '    slave.pcm "null"\n'
        f"    file {quoted}\n"
        "    format raw\n"
        "}\n"
        f'{BROKEN_PCM} {{ type hw card "handcue_no_such_card" }}\n'
        "pcm.!default {\n"
        "    @func refer\n"
        f'    name {{ @func getenv vars [ {DEVICE_VAR} ] default "{CAPTURE_PCM}" }}\n'
        "}\n"
    )


def capture_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["HOME"] = str(home)
    # The capture is about real audio: drop settings inherited from other test suites
    # (which force the silent backend); callers pass what they want in `extra`.
    for name in ("ALSA_CONFIG_PATH", "HANDCUE_AUDIO", DEVICE_VAR):
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "src"), str(TESTS)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    env.update(extra or {})
    return env


def prepare(workdir: Path) -> tuple[Path, Path]:
    """Create HOME (with its .asoundrc) and the capture folder under `workdir`."""
    home = workdir / "home"
    outdir = workdir / "captures"
    home.mkdir(parents=True, exist_ok=True)
    outdir.mkdir(parents=True, exist_ok=True)
    (home / ".asoundrc").write_text(asoundrc(outdir))
    return home, outdir


def collect(outdir: Path, settle: float = 0.3, timeout: float = 15.0) -> list[Capture]:
    """Wait until no stream is still arriving, then load every capture, oldest first."""
    deadline = time.monotonic() + timeout
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        if any(outdir.glob("*.part")):
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= settle:
            break
        time.sleep(0.02)
    captures = []
    for path in sorted(outdir.glob("*.raw")):
        arrival_ns, _pid, rate, channels, bits, sample_format = path.stem.split("-", 5)
        captures.append(
            Capture(
                arrival=int(arrival_ns) / 1e9,
                rate=int(rate),
                channels=int(channels),
                bits=int(bits),
                sample_format=sample_format,
                raw=path.read_bytes(),
            )
        )
    return captures


def run_command(
    argv: list[str],
    workdir: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> CaptureRun:
    """Run `argv` with the capturing HOME and return what it played."""
    home, outdir = prepare(workdir)
    done = subprocess.run(
        argv,
        env=capture_env(home, env),
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return CaptureRun(done.returncode, done.stdout, done.stderr, collect(outdir))


def run_python(
    code: str,
    workdir: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> CaptureRun:
    """Run a Python snippet with the capturing HOME and return what it played."""
    return run_command([sys.executable, "-c", code], workdir, env=env, timeout=timeout)


def dominant_hz(samples: Samples, rate: int) -> float:
    """Frequency of the strongest spectral peak of the channel sum (zero-padded FFT)."""
    mono = samples.sum(axis=1) if samples.ndim == 2 else samples
    size = 1 << max(18, int(np.ceil(np.log2(max(len(mono), 2)))) + 2)
    spectrum = np.abs(np.fft.rfft(mono * np.hanning(len(mono)), size))
    return float(np.argmax(spectrum) * rate / size)


def channel_ratio(samples: Samples) -> float:
    """Energy on the left over energy on the right."""
    left = float(np.sum(samples[:, 0] ** 2))
    right = float(np.sum(samples[:, 1] ** 2))
    return left / right if right > 0 else float("inf")


def wav_frames(name: str) -> bytes:
    with wave.open(str(sounds_dir() / f"{name}.wav"), "rb") as source:
        return source.readframes(source.getnframes())


def check_cue(capture: Capture, name: str, make_sounds: ModuleType) -> None:
    design = make_sounds.DESIGN[name]
    samples = capture.samples
    assert (capture.rate, capture.channels, capture.sample_format) == (44_100, 2, "S16_LE")
    assert dominant_hz(samples, capture.rate) == pytest.approx(design.dominant_hz, rel=0.01)
    ratio = channel_ratio(samples)
    if design.cue.side is CueSide.LEFT:
        assert ratio > 4
    elif design.cue.side is CueSide.RIGHT:
        assert ratio < 1 / 4
    else:
        assert ratio == pytest.approx(1.0, rel=0.05)
