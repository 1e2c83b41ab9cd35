"""The check-in before a routine: Escape, q and Ctrl+C go back to the picker, never start."""

from __future__ import annotations

import pytest
from support.shell import ScriptedPlayer, ShellApp

from handcue.app.screens.checkin import CheckInScreen
from handcue.app.screens.picker import PickerScreen


@pytest.mark.parametrize("key", ["escape", "q", "ctrl+c"])
async def test_leaving_the_check_in_goes_back_without_starting(key: str) -> None:
    app = ShellApp(checkin=True, yes=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_routine(next(r for r in app.library.routines if r.id == "joints"))
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen), type(app.screen).__name__
        assert not any(isinstance(screen, ScriptedPlayer) for screen in app.screen_stack)


async def test_the_check_in_names_the_routine_and_enter_still_starts() -> None:
    app = ShellApp(checkin=True, yes=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_routine(next(r for r in app.library.routines if r.id == "joints"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert "Gentle warm-up for arthritic joints" in str(
            screen.query_one("#checkin").border_title
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScriptedPlayer)
