"""Plays cues through the system's own player program when simpleaudio is missing.

Each sound is written once to a private temporary folder (again only after a volume
change), then handed to `pw-play`, `paplay`, `aplay` or `afplay`, started without a shell.
On Windows the standard library's `winsound` plays the same files.

A player program has until its sound's length and `HANG_GRACE` more to finish: one that is
still running then (a sound server that stopped answering) is killed and the hang said once,
the routine goes on, and `hung` tells the caller not to wait for sound at the end.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
import weakref
from pathlib import Path

from handcue.audio.bank import Sound, SoundBank
from handcue.audio.player import BackgroundPlayer

COMMANDS: dict[str, tuple[str, ...]] = {
    "pw-play": (),
    "paplay": (),
    "aplay": ("-q",),
    "afplay": (),
}
"""Player programs in order of preference, with the options each needs."""
HANG_GRACE = 3.0
"""Seconds past a sound's own length after which its player program counts as hung."""


def find_command(preferred: str | None = None) -> str | None:
    """Full path of the first available player program (or of `preferred`)."""
    names = [preferred] if preferred else list(COMMANDS)
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def has_winsound() -> bool:
    return sys.platform == "win32"


class SystemPlayer(BackgroundPlayer):
    name = "system"
    confirms_on_start = False

    def __init__(
        self, bank: SoundBank | None = None, volume: int = 100, command: str | None = None
    ) -> None:
        self.command = find_command(command)
        if self.command is None and not has_winsound():
            wanted = command or ", ".join(COMMANDS)
            raise FileNotFoundError(f"no sound player program found ({wanted})")
        self._folder = Path(tempfile.mkdtemp(prefix="handcue-sounds-"))
        # Removed by close(), or at exit at the latest if close() is never reached.
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._folder, True)
        self._written_volume: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stopped_by_us = False
        self._deadline = 0.0
        """When the sound playing now counts as hung (monotonic seconds)."""
        self.hung = False
        """True once a player program hung: waiting for sound would only wait for nothing."""
        self.hang_grace = HANG_GRACE
        super().__init__(bank, volume)
        self._write_files()

    @property
    def program(self) -> str:
        return Path(self.command).name if self.command else "winsound"

    def _write_files(self) -> None:
        volume = self.bank.volume
        for name in self.bank.names:
            sound = self.bank.get(name)
            if sound is not None:
                (self._folder / f"{name}.wav").write_bytes(sound.wav_bytes())
        self._written_volume = volume

    def _start(self, sound: Sound) -> None:
        if self._written_volume != self.bank.volume:
            self._write_files()
        path = self._folder / f"{sound.name}.wav"
        if sound.name not in self.bank.names and not path.exists():
            path.write_bytes(sound.wav_bytes())  # speech: written once, when first played
        if self.command is None:
            self._play_winsound(path)
            return
        options = COMMANDS.get(Path(self.command).name, ())
        self._stopped_by_us = False
        self._deadline = time.monotonic() + sound.duration + self.hang_grace
        self._process = subprocess.Popen(
            [self.command, *options, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            close_fds=True,
        )

    def _play_winsound(self, path: Path) -> None:
        if sys.platform == "win32":
            import winsound

            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            winsound.PlaySound(str(path), flags)
            self._succeeded()

    def _halt(self) -> None:
        if sys.platform == "win32" and self.command is None:
            import winsound

            winsound.PlaySound(None, winsound.SND_PURGE)
            return
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            self._stopped_by_us = True
            process.terminate()
            try:
                process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=0.5)
        problem = self._check()
        if problem:
            self._fail(problem)

    def _idle_timeout(self) -> float | None:
        process = self._process
        return 0.05 if process is not None and process.returncode is None else None

    def _check(self) -> str | None:
        """Notice a player program that exits with an error, and read why; stop one that has
        run past its deadline."""
        process = self._process
        if process is not None and process.poll() is None and time.monotonic() > self._deadline:
            self.hung = True
            self._halt()
            return f"{self.program} stopped answering and was stopped; carrying on without sound"
        if process is None or process.poll() is None:
            return None
        self._process = None
        detail = b""
        if process.stderr is not None:
            with contextlib.suppress(OSError):
                detail = process.stderr.read()
            process.stderr.close()
        if process.returncode == 0 or self._stopped_by_us:
            if process.returncode == 0:
                self._succeeded()
            return None
        lines = detail.decode(errors="replace").strip().splitlines()
        reason = lines[-1] if lines else f"exit status {process.returncode}"
        return f"{self.program} failed: {reason}"

    def _is_sounding(self) -> bool:
        process = self._process
        return process is not None and process.poll() is None and time.monotonic() <= self._deadline

    def _release(self) -> None:
        self._halt()
        self._check()
        self._cleanup()
