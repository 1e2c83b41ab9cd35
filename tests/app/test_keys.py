"""Keys people expect, in the whole app with the real player on a fake clock: Ctrl+C and Ctrl+Q
ask like q while a routine plays, ? pauses the routine and closing the help resumes it, and the
help opened from the player lists the player's keys first."""

from __future__ import annotations

from pathlib import Path

from support.acknowledgements import MemoryAcknowledgements
from support.notices import KeepsNotices
from support.player_app import ROUTINE, FakeClock, RecordingPlayer
from support.shell import ShellApp
from support.user_data import saved_times
from textual.pilot import Pilot
from textual.widgets import Static

from handcue.app.app import HandcueApp
from handcue.app.screens.confirm_quit import ConfirmQuit
from handcue.app.screens.finish import FinishScreen
from handcue.app.screens.help import HelpScreen
from handcue.app.screens.keep_question import KeepQuestion
from handcue.app.screens.picker import PickerScreen
from handcue.app.screens.player import PlayerScreen
from handcue.app.screens.tweak import ConfirmLeave
from handcue.app.tweak_app import TweakApp
from handcue.core.library import Library
from handcue.services.launch import Launch
from handcue.services.timing import Timing
from handcue.services.user_data import UserData
from handcue.storage.tweaks_file import TweakStore

SIZE = (100, 30)


class PlayingApp(KeepsNotices, HandcueApp):
    """The real app and player, the clock moved only by the test."""

    def __init__(self, play: bool = True) -> None:
        self.fake_clock = FakeClock()
        super().__init__(
            Launch(Library((ROUTINE,), ()), play_id=ROUTINE.id if play else None, yes=True),
            user=UserData(acknowledgements=MemoryAcknowledgements()),
            player=RecordingPlayer(),
            clock=self.fake_clock,
        )

    @property
    def player_screen(self) -> PlayerScreen:
        return next(s for s in self.screen_stack if isinstance(s, PlayerScreen))


async def later(app: PlayingApp, pilot: Pilot[None], seconds: float) -> None:
    app.fake_clock.advance(seconds)
    app.player_screen.tick()
    await pilot.pause()


async def test_ctrl_c_asks_like_q_and_keeping_on_resumes() -> None:
    app = PlayingApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 3.0)
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, ConfirmQuit)
        assert app.player_screen.session.paused
        assert not any("to quit" in n.message for n in app.notices)  # not Textual's hint
        await pilot.press("n")
        assert isinstance(app.screen, PlayerScreen)
        assert app.player_screen.session.running
        assert app.return_code is None


async def test_ctrl_c_twice_stops_the_routine() -> None:
    app = PlayingApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 3.0)
        await pilot.press("ctrl+c", "ctrl+c")
        await pilot.pause()
        assert app.return_code == 0  # `play ID` ends with its routine


async def test_ctrl_q_asks_too_while_a_routine_plays() -> None:
    app = PlayingApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 3.0)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmQuit)
        assert app.return_code is None
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0


async def test_ctrl_c_and_ctrl_q_quit_the_picker_at_once() -> None:
    for key in ("ctrl+c", "ctrl+q"):
        app = PlayingApp(play=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("slash", *"warm")  # even with the search box focused
            await pilot.press(key)
            await pilot.pause()
            assert app.return_code == 0, key


async def test_question_mark_pauses_and_closing_the_help_resumes() -> None:
    app = PlayingApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 14.0)
        before = app.player_screen.session.remaining(app.fake_clock())
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await later(app, pilot, 20.0)  # reading the help
        session = app.player_screen.session
        assert session.paused
        assert session.remaining(app.fake_clock()) == before
        await pilot.press("escape")
        assert isinstance(app.screen, PlayerScreen)
        assert session.running
        assert session.remaining(app.fake_clock()) == before


async def test_help_keeps_a_pause_the_person_made() -> None:
    app = PlayingApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 5.0)
        await pilot.press("space", "question_mark", "escape")
        assert isinstance(app.screen, PlayerScreen)
        assert app.player_screen.session.paused


def help_text(app: HandcueApp) -> str:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return "\n".join(str(part.render()) for part in screen.query(Static))


async def test_help_from_the_player_lists_the_players_keys_first() -> None:
    app = PlayingApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        text = help_text(app)
        assert text.index("During a routine") < text.index("Choosing a routine")
        assert "The routine is paused" in str(app.screen.query_one("#help").border_subtitle)
    picker = PlayingApp(play=False)
    async with picker.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        text = help_text(picker)
        assert text.index("Choosing a routine") < text.index("During a routine")


async def test_ctrl_c_on_the_finish_screen_goes_back_asking_about_changed_times(
    tmp_path: Path,
) -> None:
    store = TweakStore(tmp_path / "tweaks.yaml")
    app = ShellApp(yes=True, timing=Timing(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f")
        assert isinstance(app.screen, FinishScreen)
        await pilot.press("ctrl+c")  # as q and Escape: back to the routines, asking first
        assert isinstance(app.screen, KeepQuestion)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.return_code is None
    assert TweakStore(store.path).get("bedtime").steps


async def test_ctrl_c_in_the_step_times_screen_asks_about_unsaved_changes(
    tmp_path: Path,
) -> None:
    store = TweakStore(tmp_path / "tweaks.yaml")
    app = TweakApp(ROUTINE, saved_times(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"45")  # the first step's time field has the focus
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, ConfirmLeave)
        await pilot.press("s")
        await pilot.pause()
        assert app.return_code is not None
    assert TweakStore(store.path).get(ROUTINE.id).steps


async def test_the_picker_is_where_q_and_ctrl_c_both_quit() -> None:
    app = PlayingApp(play=False)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_ctrl_c_closes_the_help_as_q_and_escape_do_and_the_routine_goes_on() -> None:
    app = PlayingApp()
    async with app.run_test(size=SIZE) as pilot:
        for key in ("ctrl+c", "q", "escape"):
            await later(app, pilot, 3.0)
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert app.player_screen.session.paused
            await pilot.press(key)
            assert app.screen is app.player_screen, key
            assert app.player_screen.session.running


async def test_ctrl_q_then_yes_quits_the_app_not_back_to_the_picker() -> None:
    app = PlayingApp(play=False)
    async with app.run_test(size=SIZE) as pilot:
        app.start_routine(ROUTINE)
        await pilot.pause()
        await later(app, pilot, 3.0)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0, type(app.screen).__name__


async def test_the_palettes_quit_asks_while_a_routine_plays_as_ctrl_q_does() -> None:
    app = PlayingApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 3.0)
        await app.action_quit()  # what the palette's "Quit" runs
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        assert app.return_code is None
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0


async def test_the_palettes_history_pauses_the_routine_as_help_does() -> None:
    from handcue.app.screens.history import HistoryScreen

    app = PlayingApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 3.0)
        app.action_history()  # what the palette's "History" runs
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.player_screen.session.paused
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.player_screen and app.player_screen.session.running
