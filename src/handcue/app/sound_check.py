"""Sound checked right after the first frame, so a person learns in the picker, not over a
routine, that nothing will be heard; said once, in a notice that goes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handcue.app.app import HandcueApp

NO_SOUND = (
    "No sound: {reason}. Routines play on without tones, and the player says NO SOUND; "
    "`handcue doctor` shows what to fix."
)


def check_sound(app: HandcueApp) -> None:
    """Open the deferred player's backend in a thread and say what stands in the way."""
    from handcue.audio.choose import setting_problem

    if problem := setting_problem():
        app.notify(problem, title="Sound", severity="warning", timeout=10)
    check = getattr(app.player, "check", None)
    if callable(check):
        app.run_worker(lambda: _check(app, check), thread=True, group="sound-check")


def _check(app: HandcueApp, check: object) -> None:
    assert callable(check)
    reason = check()
    if reason:
        text = NO_SOUND.format(reason=str(reason).rstrip("."))
        app.call_from_thread(app.notify, text, title="Sound", severity="error", timeout=10)
