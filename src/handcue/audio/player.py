"""The Player interface and the behaviour every backend shares.

Rules every player follows, whatever it plays through:

- `play(cue)` returns at once and never raises. The device is opened and fed on a worker
  thread, so a slow or stuck device can delay a sound but never the UI.
- Cues never overlap. A new cue cuts off the one still sounding: cues mark moments, and a
  cue queued behind another would arrive late and mislead. The exception is the pacing
  tick, which is dropped rather than cutting off a cue that carries information. When two
  cues are asked for at the same instant, the later one wins.
- A failure (no device, a device that goes away, a missing sound) is caught, kept in
  `last_error` and passed to `on_error` once; playing then goes on, silently if need be.
  The next cue that plays after a reported failure calls `on_recovered`, and reporting
  resumes. Both are called from the worker thread: a UI must hand them over to its own.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from handcue.audio.bank import Sound, SoundBank
from handcue.core.cues import Cue, CueKind

ErrorCallback = Callable[[str], None]
RecoveredCallback = Callable[[], None]


@runtime_checkable
class Player(Protocol):
    name: str
    on_error: ErrorCallback | None
    on_recovered: RecoveredCallback | None

    @property
    def volume(self) -> int: ...

    @volume.setter
    def volume(self, value: int) -> None: ...

    @property
    def muted(self) -> bool: ...

    @muted.setter
    def muted(self, value: bool) -> None: ...

    @property
    def last_error(self) -> str | None: ...

    def play(self, cue: Cue) -> None:
        """Start the cue's sound and return at once; never raises."""

    def stop(self) -> None:
        """Cut off whatever is sounding."""

    def wait(self, timeout: float | None = None) -> bool:
        """Block until nothing sounds (e.g. to let `finish` ring before exit)."""

    def close(self) -> None:
        """Stop and release the device; later calls to `play` do nothing."""


class SilentPlayer:
    """Plays nothing, keeps the settings: for `--silent`, tests, and the last fallback."""

    name = "silent"

    def __init__(self, volume: int = 100, reason: str | None = None) -> None:
        self.on_error: ErrorCallback | None = None
        self.on_recovered: RecoveredCallback | None = None
        self._volume = max(0, min(100, volume))
        self._muted = False
        self._reason = reason

    @property
    def volume(self) -> int:
        return self._volume

    @volume.setter
    def volume(self, value: int) -> None:
        self._volume = max(0, min(100, int(value)))

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = bool(value)

    @property
    def last_error(self) -> str | None:
        """Why a real backend could not be used, when this player stands in for one."""
        return self._reason

    def play(self, cue: Cue) -> None:
        return None

    def play_sound(self, sound: Sound) -> None:
        return None

    def stop(self) -> None:
        return None

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def close(self) -> None:
        return None


class BackgroundPlayer:
    """Shared machinery: mailbox, worker thread, cue priority, mute, volume, error reporting.

    Subclasses implement `_start(sound)` (may raise; runs on the worker thread), `_halt()`
    and optionally `_check()` to notice a failure after a sound started.
    """

    name = "background"
    confirms_on_start = True
    """False when a started sound can still fail later (a player process that exits 1)."""

    def __init__(self, bank: SoundBank | None = None, volume: int = 100) -> None:
        self.on_error: ErrorCallback | None = None
        self.on_recovered: RecoveredCallback | None = None
        self.bank = bank if bank is not None else SoundBank(volume=volume)
        if bank is not None:
            self.bank.volume = volume
        self._muted = False
        self._last_error: str | None = None
        self._reported = False
        self._cond = threading.Condition()
        self._pending: Sound | None = None
        self._halt_requested = False
        self._closed = False
        self._sounding_until = 0.0
        self._sounding_kind: CueKind | None = None
        self._busy = False
        if self.bank.problems:
            self._last_error = "; ".join(self.bank.problems)
        self._thread = threading.Thread(target=self._run, name=f"handcue-{self.name}", daemon=True)
        self._thread.start()

    # -- settings ----------------------------------------------------------------------

    @property
    def volume(self) -> int:
        return self.bank.volume

    @volume.setter
    def volume(self, value: int) -> None:
        try:
            self.bank.volume = value
        except Exception as error:  # rescaling must never take the app down
            self._fail(f"cannot change volume: {error}")

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = bool(value)
        if self._muted:
            self.stop()

    @property
    def last_error(self) -> str | None:
        return self._last_error

    @property
    def failure_reported(self) -> bool:
        """A failure was reported and no cue has played since."""
        return self._reported

    # -- the public calls, on the caller's thread ------------------------------------

    def play(self, cue: Cue) -> None:
        try:
            if self._closed or self._muted:
                return
            sound = self.bank.get(cue.sound_name)
            if sound is None:
                self._fail(f"no sound for the {cue.sound_name} cue")
                return
            now = time.monotonic()
            with self._cond:
                if (
                    cue.kind is CueKind.TICK
                    and now < self._sounding_until
                    and self._sounding_kind is not CueKind.TICK
                ):
                    return
                self._pending = sound
                self._sounding_until = now + sound.duration
                self._sounding_kind = cue.kind
                self._cond.notify()
        except Exception as error:
            self._fail(f"cannot play {cue}: {error}")

    def play_sound(self, sound: Sound) -> None:
        """Start `sound` (speech made ahead of time) as a cue would start: it cuts off what is
        sounding, a tick never cuts it off, and it returns at once. Muting silences the tones
        only: the voice has its own switch."""
        if self._closed:
            return
        with self._cond:
            self._pending = sound
            self._sounding_until = time.monotonic() + sound.duration
            self._sounding_kind = None
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._pending = None
            self._halt_requested = True
            self._sounding_until = 0.0
            self._cond.notify()

    def wait(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._cond:
                idle = self._pending is None and not self._busy
            if idle and not self._is_sounding():
                return True
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.01)

    def close(self) -> None:
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._pending = None
            self._halt_requested = True
            self._cond.notify()
        self._thread.join(timeout=1.0)
        try:
            self._release()
        except Exception as error:
            self._fail(f"cannot release the sound device: {error}")

    # -- the worker thread -------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._halt_requested and not self._closed:
                    if not self._cond.wait(self._idle_timeout()):
                        break
                sound, self._pending = self._pending, None
                halt, self._halt_requested = self._halt_requested, False
                closed = self._closed
                self._busy = sound is not None
            try:
                if halt or sound is not None or closed:
                    self._halt()
                if sound is not None and not closed:
                    self._start(sound)
                    if self.confirms_on_start:
                        self._succeeded()
                problem = self._check()
                if problem:
                    self._fail(problem)
            except Exception as error:
                self._fail(f"{self.name}: {error}")
            finally:
                with self._cond:
                    self._busy = False
            if closed:
                return

    def _fail(self, message: str) -> None:
        self._last_error = message
        if self._reported:
            return
        self._reported = True
        callback = self.on_error
        if callback is not None:
            # A broken callback must not stop the cues.
            with contextlib.suppress(Exception):
                callback(message)

    def _succeeded(self) -> None:
        if not self._reported:
            return
        self._reported = False
        self._last_error = None
        callback = self.on_recovered
        if callback is not None:
            with contextlib.suppress(Exception):
                callback()

    # -- for backends ------------------------------------------------------------------

    def _idle_timeout(self) -> float | None:
        """How long the worker may sleep before calling `_check` again (None: forever)."""
        return None

    def _start(self, sound: Sound) -> None:
        raise NotImplementedError

    def _halt(self) -> None:
        return None

    def _check(self) -> str | None:
        return None

    def _is_sounding(self) -> bool:
        return time.monotonic() < self._sounding_until

    def _release(self) -> None:
        return None
