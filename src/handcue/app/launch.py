"""Starting the full-screen app from a checked `Launch`: the Textual front end's entry point."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from handcue.services.launch import Launch
from handcue.services.playing import deferred_player

if TYPE_CHECKING:
    from handcue.core.routine import Routine
    from handcue.storage.tweaks_file import TweakStore


def run(launch: Launch, say: Callable[[str], None]) -> int:
    """Run the picker or the player until the person quits; `say` gets what the app could not
    show before it closed (a database that could not be written, say)."""
    from handcue.app.app import HandcueApp

    player = deferred_player(launch.volume)
    app = HandcueApp(
        launch.library,
        goal=launch.goal,
        play_id=launch.play_id,
        yes=launch.yes,
        player=player,
        timing=launch.timing,
        listening=launch.listening,
        checkin=launch.checkin,
        first_screen=launch.screen,
    )
    try:
        app.run()
    finally:
        player.close()
    for message in app.unsaid:
        say(message)
    return 0


def run_tweak(routine: Routine, store: TweakStore) -> int:
    """`handcue tweak ID` with no options: the step times screen on its own."""
    from handcue.app.screens.tweak import run_tweak_app

    run_tweak_app(routine, store)
    return 0
