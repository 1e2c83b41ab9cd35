"""Speech through the system's own text-to-speech program, run as a subprocess.

Engines: espeak-ng or spd-say on Linux, `say` on macOS, PowerShell's System.Speech on Windows.
Programs are started without a shell and read the text from their standard input where they
can, so nothing in a routine's wording can be taken for an option. Speaking returns at once;
`speaking()` says whether the words are still coming, so the caller can keep tones apart from
them. An engine that can write a WAV file (`can_write`) lets `handcue render` include speech.

HANDCUE_SPEECH picks an engine by name (espeak-ng, spd-say, say, powershell) or turns speech
off (none). Failures never raise out of `speak`: they are kept in `last_error` and passed to
`on_error` once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from handcue.core.suggest import did_you_mean

ENV_VAR = "HANDCUE_SPEECH"
OFF_WORDS = frozenset({"none", "off", "0", "no", "false"})
RATE_WPM = 160
"""A little slower than espeak-ng's default 175, for someone winding down."""
ESPEAK_AMPLITUDE = 92
"""espeak-ng's amplitude (its default is 100): step names said with it read -16.0 LUFS on
average (-16.7 to -14.7) on `handcue.audio.loudness`, the loudness of the cue tones."""
HANG_GRACE = 3.0
"""Seconds past twice a text's spoken length after which a speech program counts as hung."""


def speech_deadline(text: str, grace: float = HANG_GRACE) -> float:
    """Seconds `text` may take to say before its program is stopped as hung."""
    return grace + 2 * 60.0 * len(text.split()) / RATE_WPM


class SpeechEngine:
    """One speech program. Subclasses say how to call it."""

    name = "speech"
    can_write = False
    """True when `write_wav` works: the engine can put speech in a file."""

    def __init__(self, program: str) -> None:
        self.program = program
        self.on_error: Callable[[str], None] | None = None
        self.last_error: str | None = None
        self._reported = False
        self._process: subprocess.Popen[bytes] | None = None
        self.hang_grace = HANG_GRACE
        self._deadline = 0.0
        """When the speech in progress counts as hung (monotonic seconds)."""
        self.hung = False
        """True once the program hung: the end of a routine then waits for no speech."""

    # -- for subclasses ------------------------------------------------------------------

    def speak_command(self, text: str) -> tuple[list[str], str | None]:
        """The argv that speaks `text`, and what to send on its stdin (None: nothing)."""
        raise NotImplementedError

    def write_command(self, text: str, path: Path) -> tuple[list[str], str | None]:
        raise NotImplementedError(f"{self.name} cannot write speech to a file")

    # -- public ----------------------------------------------------------------------------

    def speak(self, text: str) -> None:
        """Start saying `text`, cutting off anything still being said; returns at once."""
        self.stop()
        if not text.strip():
            return
        try:
            argv, stdin = self.speak_command(text)
            process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self._process = process
            self._deadline = time.monotonic() + speech_deadline(text, self.hang_grace)
            if stdin is not None and process.stdin is not None:
                # A sentence fits in the pipe's buffer, so this never waits on the program.
                with contextlib.suppress(BrokenPipeError):
                    process.stdin.write(stdin.encode("utf-8"))
                with contextlib.suppress(BrokenPipeError):
                    process.stdin.close()
        except OSError as error:
            self._fail(f"cannot run {self.name}: {error.strerror or error}")

    def speaking(self) -> bool:
        """True while the last `speak` is still being said."""
        process = self._process
        if process is None:
            return False
        code = process.poll()
        if code is None:
            if time.monotonic() < self._deadline:
                return True
            # A hung program must not hold the routine (or its end) back: stop it, say so once.
            self.hung = True
            self.stop()
            self._fail(f"{self.name} stopped answering and was stopped; carrying on")
            return False
        self._process = None
        if code > 0:
            self._fail(f"{self.name} stopped with exit status {code}")
        else:
            self._reported = False
        return False

    def stop(self) -> None:
        """Cut off the speech in progress, if any."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(OSError):
            process.terminate()
        try:
            process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=1.0)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the speech ends; False if it was still going after `timeout`."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.speaking():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        return True

    def write_wav(self, text: str, path: Path, timeout: float = 60.0) -> None:
        """Write `text` spoken to the WAV file `path`; raises OSError with a clear message."""
        argv, stdin = self.write_command(text, path)
        try:
            done = subprocess.run(
                argv,
                input=stdin.encode("utf-8") if stdin is not None else None,
                stdin=None if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise OSError(f"{self.name} took over {timeout:.0f} s to write speech") from None
        if done.returncode != 0 or not path.exists():
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            detail = f": {reason[-1]}" if reason else ""
            raise OSError(f"{self.name} could not write speech (status {done.returncode}){detail}")

    def write_many(
        self,
        texts: Sequence[str],
        folder: Path,
        made: Callable[[int, Path], None],
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        """Write each of `texts` to a WAV file in `folder`, calling `made(index, path)` as each
        is done, in order; stops early when `should_stop()` says so. One program run per text
        here; an engine that can read many texts in one run does so (`PiperEngine`)."""
        for index, text in enumerate(texts):
            if should_stop():
                return
            path = folder / f"{index}.wav"
            self.write_wav(text, path)
            made(index, path)

    def _fail(self, message: str) -> None:
        self.last_error = message
        if self._reported:
            return
        self._reported = True
        callback = self.on_error
        if callback is not None:
            with contextlib.suppress(Exception):
                callback(message)


class EspeakEngine(SpeechEngine):
    name = "espeak-ng"
    can_write = True

    def _options(self) -> list[str]:
        return [self.program, "-s", str(RATE_WPM), "-a", str(ESPEAK_AMPLITUDE)]

    def speak_command(self, text: str) -> tuple[list[str], str | None]:
        return [*self._options(), "--stdin"], text

    def write_command(self, text: str, path: Path) -> tuple[list[str], str | None]:
        return [*self._options(), "-w", str(path), "--stdin"], text


class SpdSayEngine(SpeechEngine):
    """Speech Dispatcher's client; `-w` keeps it running until the words are said."""

    name = "spd-say"

    def speak_command(self, text: str) -> tuple[list[str], str | None]:
        return [self.program, "-w", "--", text], None


class MacSayEngine(SpeechEngine):
    name = "say"
    can_write = True

    def speak_command(self, text: str) -> tuple[list[str], str | None]:
        return [self.program, "-r", str(RATE_WPM), "-f", "-"], text

    def write_command(self, text: str, path: Path) -> tuple[list[str], str | None]:
        return [
            self.program,
            "-r",
            str(RATE_WPM),
            "--file-format=WAVE",
            "--data-format=LEI16@22050",
            "-o",
            str(path),
            "-f",
            "-",
        ], text


_PS_SPEAK = (
    "Add-Type -AssemblyName System.Speech; "
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    "$t = [Console]::In.ReadToEnd(); {output}$s.Speak($t); $s.Dispose()"
)


def _ps_quote(text: str) -> str:
    """A PowerShell single-quoted literal: nothing inside is expanded."""
    return "'" + text.replace("'", "''") + "'"


class WindowsSpeechEngine(SpeechEngine):
    name = "powershell"
    can_write = True

    def _argv(self, script: str) -> list[str]:
        return [self.program, "-NoProfile", "-NonInteractive", "-Command", script]

    def speak_command(self, text: str) -> tuple[list[str], str | None]:
        return self._argv(_PS_SPEAK.format(output="")), text

    def write_command(self, text: str, path: Path) -> tuple[list[str], str | None]:
        output = f"$s.SetOutputToWaveFile({_ps_quote(str(path))}); "
        return self._argv(_PS_SPEAK.format(output=output)), text


_ENGINES: dict[str, tuple[type[SpeechEngine], tuple[str, ...]]] = {
    "espeak-ng": (EspeakEngine, ("espeak-ng",)),
    "spd-say": (SpdSayEngine, ("spd-say",)),
    "say": (MacSayEngine, ("say",)),
    "powershell": (WindowsSpeechEngine, ("powershell", "powershell.exe")),
}


def _platform_order() -> tuple[str, ...]:
    if sys.platform == "darwin":
        return ("say", "espeak-ng")
    if sys.platform.startswith("win"):
        return ("powershell", "espeak-ng")
    return ("espeak-ng", "spd-say")


def _make(name: str) -> SpeechEngine | None:
    kind, programs = _ENGINES[name]
    for program in programs:
        found = shutil.which(program)
        if found:
            return kind(found)
    return None


def speech_status(preferred: str | None = None) -> tuple[SpeechEngine | None, str]:
    """The engine to use and one line about it: which program, or why there is none.

    `preferred` beats HANDCUE_SPEECH, which beats the platform's usual order.
    """
    wanted = (preferred or os.environ.get(ENV_VAR, "")).strip().lower()
    if wanted in OFF_WORDS:
        return None, f"speech is turned off ({ENV_VAR}={wanted})"
    if wanted:
        if wanted not in _ENGINES:
            names = ", ".join([*_ENGINES, "none"])
            hint = did_you_mean(wanted, [*_ENGINES, "none"])
            return None, f"unknown speech engine {wanted!r}{hint} (choose from {names})"
        engine = _make(wanted)
        if engine is None:
            return None, f"speech engine {wanted} is not installed"
        return engine, f"{engine.name} ({engine.program})"
    for name in _platform_order():
        engine = _make(name)
        if engine is not None:
            return engine, f"{engine.name} ({engine.program})"
    hint = {"darwin": "say"}.get(sys.platform, "espeak-ng")
    return None, f"no speech engine found (install {hint} for spoken steps)"


def find_engine(preferred: str | None = None) -> SpeechEngine | None:
    """The speech engine that works here, or None (see `speech_status` for why)."""
    return speech_status(preferred)[0]
