"""The way through the app at every size: on each screen and question the main action and the
way out are in view, and Escape, q and Ctrl+C do what the help says there.

Sizes from a roomy terminal down to 20x8. "In view" means the widget (a button, or a key in
the footer) lies whole inside the terminal, not cut off below or to the right.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from support.player_app import ROUTINE, FakeClock, RecordingPlayer
from support.settle import until
from support.shell import ShellApp
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Footer
from textual.widgets._footer import FooterKey

from handcue.app.app import HandcueApp
from handcue.app.screens.checkin import CheckInScreen
from handcue.app.screens.confirm_quit import ConfirmQuit
from handcue.app.screens.finish import FinishScreen
from handcue.app.screens.goal_choice import GoalChoice
from handcue.app.screens.help import HelpScreen
from handcue.app.screens.keep_question import KeepQuestion
from handcue.app.screens.picker import PickerScreen
from handcue.app.screens.player import PlayerScreen
from handcue.app.screens.precautions import PrecautionsScreen
from handcue.app.screens.tweak import TweakScreen
from handcue.core.library import Library
from handcue.services.launch import Launch
from handcue.services.timing import Timing
from handcue.services.user_data import UserData
from handcue.storage.tweaks_file import TweakStore

SIZES = [(120, 40), (80, 24), (40, 12), (20, 8)]


def in_view(app: App[Any], widget: Widget) -> bool:
    region = widget.region
    width, height = app.size
    return (
        region.width > 0
        and region.height > 0
        and region.x >= 0
        and region.y >= 0
        and region.right <= width
        and region.bottom <= height
    )


def footer_keys(app: App[Any]) -> dict[str, FooterKey]:
    """The keys the footer of the screen on top shows whole, by their description."""
    footer = app.screen.query_one(Footer)
    return {key.description: key for key in footer.query(FooterKey) if in_view(app, key)}


async def drawn_footer(pilot: Pilot[Any]) -> dict[str, FooterKey]:
    """The footer's keys once the footer has drawn them (it does so a refresh after its
    screen shows)."""
    await until(pilot, lambda: footer_keys(pilot.app), "the footer's keys")
    return footer_keys(pilot.app)


def buttons_in_view(app: App[Any], ids: Iterable[str]) -> None:
    for button_id in ids:
        button = app.screen.query_one(f"#{button_id}", Button)
        assert in_view(app, button), (button_id, button.region, app.size)


class Playing(HandcueApp):
    """The real app and player on a fake clock, the routine started straight away."""

    def __init__(self) -> None:
        self.fake_clock = FakeClock()
        super().__init__(
            Launch(Library((ROUTINE,), ()), play_id=ROUTINE.id, yes=True, checkin=False),
            user=UserData(acknowledgements=_Accepted()),
            player=RecordingPlayer(),
            clock=self.fake_clock,
        )


class _Accepted:
    def is_acknowledged(self, routine_id: str, shown: object = ()) -> bool:
        return True

    def unseen(self, routine_id: str, shown: object) -> list[str] | None:
        return []

    def acknowledge(self, routine_id: str, shown: object = ()) -> None:
        return None


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_picker_shows_start_and_quit_and_g_offers_the_goals(size: tuple[int, int]) -> None:
    app = ShellApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        keys = await drawn_footer(pilot)
        assert "Start" in keys and "Quit" in keys, sorted(keys)
        await pilot.press("g")
        if isinstance(app.screen, GoalChoice):  # the goal column is not shown at this size
            await pilot.press("down", "enter")
            assert isinstance(app.screen, PickerScreen)
            assert app.screen.goal is not None
        else:
            assert app.screen.focused is app.screen.query_one("#goal-list")
        await pilot.press("escape", "escape", "escape")  # the goal, the focus, then out
        await pilot.pause()
        assert app.return_code == 0


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("key", ["escape", "q", "ctrl+c"])
async def test_precautions_keep_start_in_view_and_each_way_out_goes_back(
    size: tuple[int, int], key: str
) -> None:
    app = ShellApp(acknowledgements=None)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, PrecautionsScreen)
        buttons_in_view(app, ["start", "back"])
        assert "Start" in await drawn_footer(pilot) or size[0] < 40
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.players == [], "going back started nothing"


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("key", ["escape", "q", "ctrl+c"])
async def test_the_check_in_shows_its_question_and_each_way_out_starts_nothing(
    size: tuple[int, int], key: str
) -> None:
    app = ShellApp(checkin=True, yes=True)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, CheckInScreen)
        assert in_view(app, app.screen.query_one("#question"))
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.players == []


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_player_keeps_pause_and_stop_in_view_and_asks_before_stopping(
    size: tuple[int, int],
) -> None:
    app = Playing()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        keys = await drawn_footer(pilot)
        assert "Pause" in keys and "Stop" in keys, sorted(keys)
        await pilot.press("space")
        # the footer is drawn again once the bindings changed: space now says what it does
        await until(pilot, lambda: "Resume" in footer_keys(app), "Resume in the footer")
        assert "Pause" not in footer_keys(app)
        await pilot.press("space")
        for key in ("q", "escape", "ctrl+c"):
            await pilot.press(key)
            assert isinstance(app.screen, ConfirmQuit), key
            buttons_in_view(app, ["answer-0", "answer-1"])
            await pilot.press("escape")  # the safe answer: keep going
            assert app.screen is player and player.session.running, key
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen) and player.session.paused
        await pilot.press("q")
        assert app.screen is player and player.session.running
        await pilot.press("ctrl+c", "ctrl+c")  # asked, and asked again: stop
        await pilot.pause()
        assert not app.is_running, "`handcue play ID` ends with its routine"


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_finish_screen_keeps_its_answers_in_view_and_leaves_to_the_routines(
    size: tuple[int, int], tmp_path: Path
) -> None:
    app = ShellApp(yes=True, timing=Timing(TweakStore(tmp_path / "tweaks.yaml")))
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "f")  # played to the end, the first step made longer
        assert isinstance(app.screen, FinishScreen)
        buttons_in_view(app, ["picker", "repeat", "keep-steps", "keep-length", "keep-nothing"])
        await pilot.press("q")  # as Escape: back to the routines, asking about the times first
        assert isinstance(app.screen, KeepQuestion)
        buttons_in_view(app, ["answer-0", "answer-1", "answer-2"])
        await pilot.press("escape")  # stay
        assert isinstance(app.screen, FinishScreen)
        await pilot.press("k")
        await pilot.pause()
        assert not app.screen.query_one("#keep-buttons").display, "answered: the buttons go"
        await pilot.press("d")
        assert any("Already answered" in notice.message for notice in app.notices)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_step_times_screen_shows_save_and_escape_asks_about_changes(
    size: tuple[int, int], tmp_path: Path
) -> None:
    app = ShellApp(timing=Timing(TweakStore(tmp_path / "tweaks.yaml")))
    async with app.run_test(size=size) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, TweakScreen)
        assert "Save" in await drawn_footer(pilot) or size[0] < 40
        await pilot.press(*"45")
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "ConfirmLeave"
        buttons_in_view(app, ["answer-0", "answer-1", "answer-2"])
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
