"""Says once that the cues went silent, and once that they came back.

Someone following a routine with closed eyes cannot see that the tones stopped, so silence
must always be said. A player reports each failure once and each recovery once, from its
worker thread; this turns those, and a player that fell back to silence at start, into
notices for whichever front end is showing the routine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from handcue.audio.player import Player


@dataclass(frozen=True, slots=True)
class SoundNotice:
    """A change in whether cues can be heard."""

    working: bool
    reason: str = ""

    @property
    def text(self) -> str:
        if self.working:
            return "Sound is back: cues can be heard again."
        return (
            f"No sound: {self.reason.rstrip('.')}. The routine goes on without tones; "
            "`handcue doctor` shows what to fix."
        )

    @property
    def line(self) -> str:
        """The text as the rest of a `handcue: ...` line on the command line."""
        text = self.text
        return text[:1].lower() + text[1:]


class SoundWatch:
    """Passes `player`'s failures and recoveries to `tell`, each change once.

    `tell` is called from whichever thread noticed the change, the player's worker thread
    included, so it must only hand the notice over (post a message, write a line).
    """

    def __init__(self, player: Player, tell: Callable[[SoundNotice], object]) -> None:
        self.player = player
        self._tell = tell
        self._lock = threading.Lock()
        # A player that already said it failed (a routine played again after it did) is known
        # to be silent from the start, and is not said again.
        self._working = not getattr(player, "failure_reported", False)
        player.on_error = self.failed
        player.on_recovered = self.recovered

    @property
    def working(self) -> bool:
        return self._working

    @property
    def chosen_silence(self) -> bool:
        """The person asked for no sound: a silent player with no failure behind it."""
        player = self.player
        return getattr(player, "name", None) == "silent" and not player.last_error

    def check_start(self) -> None:
        """Say so when the player could not open any sound backend and plays nothing."""
        reason = getattr(self.player, "last_error", None)
        if getattr(self.player, "name", None) == "silent" and reason:
            self.failed(reason)

    def failed(self, reason: object) -> None:
        with self._lock:
            if not self._working:
                return
            self._working = False
        self._tell(SoundNotice(False, str(reason) or "the sound device failed"))

    def recovered(self) -> None:
        with self._lock:
            if self._working:
                return
            self._working = True
        self._tell(SoundNotice(True))
