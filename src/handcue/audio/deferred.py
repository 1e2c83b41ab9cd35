"""A player that picks its backend on first need, so the interface never waits for audio.

Importing simpleaudio, probing ALSA and loading the sounds take tens of milliseconds; the app
asks `resolve()` right after its first frame, long before the first cue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the picker makes this player before its first frame: nothing to load
    from handcue.audio.bank import Sound
    from handcue.audio.player import ErrorCallback, Player, RecoveredCallback
    from handcue.core.cues import Cue


class DeferredPlayer:
    """Stands in for the player that `choose` returns, creating it when first needed."""

    def __init__(self, choose: Callable[[], Player], volume: int = 100) -> None:
        self._choose = choose
        self._real: Player | None = None
        self._volume = volume
        self._muted = False
        self._on_error: ErrorCallback | None = None
        self._on_recovered: RecoveredCallback | None = None
        self.silence: str | None = None
        """Why nothing can be heard, as `check` found; None when nothing is known."""

    def resolve(self) -> Player:
        if self._real is None:
            real = self._choose()
            real.volume = self._volume
            real.muted = self._muted
            real.on_error = self._on_error
            real.on_recovered = self._on_recovered
            self._real = real
        return self._real

    @property
    def name(self) -> str:
        return self.resolve().name

    @property
    def on_error(self) -> ErrorCallback | None:
        return self._on_error

    @on_error.setter
    def on_error(self, callback: ErrorCallback | None) -> None:
        self._on_error = callback
        if self._real is not None:
            self._real.on_error = callback

    @property
    def on_recovered(self) -> RecoveredCallback | None:
        return self._on_recovered

    @on_recovered.setter
    def on_recovered(self, callback: RecoveredCallback | None) -> None:
        self._on_recovered = callback
        if self._real is not None:
            self._real.on_recovered = callback

    @property
    def volume(self) -> int:
        return self._real.volume if self._real is not None else self._volume

    @volume.setter
    def volume(self, value: int) -> None:
        self._volume = value
        if self._real is not None:
            self._real.volume = value

    @property
    def muted(self) -> bool:
        return self._real.muted if self._real is not None else self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = value
        if self._real is not None:
            self._real.muted = value

    @property
    def last_error(self) -> str | None:
        return self._real.last_error if self._real is not None else None

    @property
    def failure_reported(self) -> bool:
        """The backend said it failed and has played nothing since, or `check` found that
        nothing can be heard: a routine played then knows it from its start."""
        return self.silence is not None or bool(getattr(self._real, "failure_reported", False))

    def check(self) -> str | None:
        """Open the backend and find out whether it can be heard (`audibility`), kept in
        `silence`. Why not is returned for the caller to say, unless someone listens for
        failures already (a routine playing): it is then told as any failure is, once."""
        from handcue.audio.audibility import known_silence

        real = self.resolve()
        self.silence = known_silence(real)
        if self.silence is None or getattr(real, "failure_reported", False):
            return None
        listener = self._on_error
        if listener is not None:
            listener(self.silence)
            return None
        return self.silence

    def play(self, cue: Cue) -> None:
        self.resolve().play(cue)

    def play_sound(self, sound: Sound) -> None:
        play_sound = getattr(self.resolve(), "play_sound", None)
        if callable(play_sound):
            play_sound(sound)

    def stop(self) -> None:
        if self._real is not None:
            self._real.stop()

    def wait(self, timeout: float | None = None) -> bool:
        return self._real.wait(timeout) if self._real is not None else True

    def close(self) -> None:
        """Releases the device if one was opened; never opens one just to close it."""
        if self._real is not None:
            self._real.close()
