"""The sound player settled right after the first frame, and any reason it will be silent said
there, in the picker, rather than over the first routine."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handcue.app.app import HandcueApp


def check_sound(app: HandcueApp) -> None:
    """Open the deferred player's backend and say what the sound setting gets wrong."""
    from handcue.audio.choose import setting_problem

    resolve = getattr(app.player, "resolve", None)
    if callable(resolve):
        resolve()
    if problem := setting_problem():
        app.notify(problem, title="Sound", severity="warning", timeout=10)
