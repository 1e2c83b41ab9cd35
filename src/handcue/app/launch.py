"""Starting the full-screen app from a checked `Launch`: the Textual front end's entry point."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from handcue.services.launch import Launch
from handcue.services.playing import deferred_player

if TYPE_CHECKING:
    from handcue.core.routine import Routine
    from handcue.services.user_data import UserData


def run(launch: Launch, say: Callable[[str], None]) -> int:
    """Run the picker or the player until the person quits; `say` gets what the app could not
    show before it closed (a database that could not be written, say)."""
    from handcue.app.app import HandcueApp

    player = deferred_player(launch.volume)
    app = HandcueApp(launch, player=player)
    try:
        app.run()
    finally:
        player.close()
    # What opening the database found was a notice in the app, gone with it: said again here,
    # where it can still be read.
    for message in [*app.user.found_at_open, *app.unsaid]:
        say(message)
    return app.return_code or 0


def run_tweak(routine: Routine, user: UserData) -> int:
    """`handcue tweak ID` with no options: the step times screen on its own."""
    from handcue.app.tweak_app import TweakApp

    TweakApp(routine, user).run()
    user.close()
    return 0
