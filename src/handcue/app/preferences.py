"""What a person sets in the app and expects to find next time: the theme and the tones'
loudness, kept as settings in the user database and brought back as the app starts."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual.signal import SignalError
from textual.theme import Theme

if TYPE_CHECKING:
    from handcue.app.app import HandcueApp

VOLUMES = (25, 50, 75, 100)
"""The loudness levels the command palette offers."""

T = TypeVar("T")

_wanted: weakref.WeakKeyDictionary[HandcueApp, dict[str, object]] = weakref.WeakKeyDictionary()
"""Each app's latest choice of each setting, made on the interface's thread."""
_keeping = threading.Lock()
"""Held while a choice is written: a worker whose choice is no longer the latest writes nothing,
so two quick choices can never be saved in the wrong order."""


def restore(app: HandcueApp) -> None:
    """Bring back the theme and the loudness, read in a thread after the first frame; the
    command line's --volume wins over the kept loudness for this run."""
    known = list(app.available_themes)
    try:
        app.theme_changed_signal.subscribe(app, lambda chosen: _keep_theme(app, chosen))
    except SignalError:
        return  # the app is already closing: there is nothing to bring back

    def read() -> None:
        theme = app.user.theme(known)
        volume = app.user.volume() if app.launch.volume is None else None
        app.call_from_thread(apply, app, theme, volume)

    app.run_worker(read, thread=True, group="preferences")


def apply(app: HandcueApp, theme: str | None, volume: int | None) -> None:
    if theme is not None and theme != app.theme:
        app.theme = theme
    if volume is not None and app.player is not None:
        app.player.volume = volume


def _keep_theme(app: HandcueApp, theme: Theme) -> None:
    _keep(app, "theme", theme.name, app.user.set_theme)


def set_volume(app: HandcueApp, volume: int) -> None:
    """The palette's loudness: heard from the next tone on, and kept for next time."""
    if app.player is not None:
        app.player.volume = volume
    _keep(app, "volume", volume, app.user.set_volume, partial(_say_kept, app, volume))


def _keep(
    app: HandcueApp,
    name: str,
    value: T,
    write: Callable[[T], bool],
    then: Callable[[], None] | None = None,
) -> None:
    """Write `value` in a worker, unless a later choice of `name` came first; `then` runs
    once it was written."""
    wanted = _wanted.setdefault(app, {})
    wanted[name] = value

    def keep() -> None:
        with _keeping:
            if wanted.get(name) != value or not write(value):
                return
        if then is not None:
            then()

    app.run_worker(keep, thread=True, group="preferences")


def _say_kept(app: HandcueApp, volume: int) -> None:
    """Said to be kept once it is read back from the file; a failure is said by the service."""
    user = app.user
    if not user.settled():
        app.call_from_thread(
            app.notify,
            f"Tones at {volume}% now; not kept yet: another program holds your data file.",
            title="Sound",
            severity="warning",
        )
    elif user.volume() == volume == _wanted.get(app, {}).get("volume"):
        app.call_from_thread(
            app.notify, f"Tones at {volume}%; kept for next time.", title="Sound", timeout=4
        )


def play_test_tone(app: HandcueApp) -> None:
    """Play the opening tone and say afterwards whether it could be played."""
    from handcue.core.cues import Cue, CueKind

    player = app.player
    if player is None:
        return
    player.play(Cue(CueKind.START))

    def wait() -> None:
        player.wait(3.0)
        reason = getattr(player, "silence", None) or player.last_error
        text = (
            f"No sound: {reason}. `handcue doctor` shows what to fix."
            if reason
            else "You should have heard three rising notes: the tone a routine starts with."
        )
        app.call_from_thread(app.notify, text, title="Sound test", timeout=8)

    app.run_worker(wait, thread=True, group="sound-test")
