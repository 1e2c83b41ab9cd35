"""The player screen driven by Pilot with a fake clock: the test moves time, then ticks."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from support.player_app import ROUTINE, PlayerApp
from textual.pilot import Pilot

from handcue.app.screens.confirm_quit import ConfirmQuit
from handcue.app.screens.help import HelpScreen
from handcue.app.screens.player import PlayerScreen
from handcue.app.widgets.big_clock import BigClock
from handcue.app.widgets.countdown import StatusLine
from handcue.app.widgets.hand_map import HandMap
from handcue.app.widgets.instructions import HandBanner
from handcue.app.widgets.timeline import StepList, StepState
from handcue.core.cues import Cue, CueKind, CueSide
from handcue.core.engine import Session

SIZE = (100, 30)


def digits(app: PlayerApp) -> str:
    return app.screen.query_one("#countdown-step", BigClock).value


def kinds(app: PlayerApp) -> list[CueKind]:
    return [cue.kind for cue in app.player.audible]


async def later(app: PlayerApp, pilot: Pilot[None], seconds: float) -> None:
    """Move the fake clock on and let the screen look at it, as its timer would."""
    app.clock.advance(seconds)
    app.screen_under_test.tick()
    await pilot.pause()


async def test_starting_shows_the_first_step_and_sounds_the_opening() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen_under_test
        assert screen.session.started and screen.session.position == 0
        assert digits(app) == "0:30"
        assert screen.query_one(HandBanner).words == "BOTH HANDS"
        # the first step is for both hands, so the routine's own opening tone stands for it
        assert app.player.audible == [Cue(CueKind.START)]
        assert (screen.sub_title or "").startswith("0:30 Warm the hands")


async def test_the_countdown_follows_the_clock_not_the_ticks() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 10.4)
        assert digits(app) == "0:20"
        # Ticking again without time passing changes nothing.
        app.screen_under_test.tick()
        app.screen_under_test.tick()
        await pilot.pause()
        assert digits(app) == "0:20"
        assert "0:20" in (app.screen_under_test.sub_title or "")


async def test_the_next_step_starts_at_the_deadline_with_its_cue() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 30.0)
        screen = app.screen_under_test
        assert screen.session.position == 1
        assert screen.query_one(HandBanner).words == "LEFT"
        assert Cue(CueKind.STEP, CueSide.LEFT) in app.player.audible
        rows = screen.query_one(StepList).rows
        assert [row.state for row in rows[:2]] == [StepState.DONE, StepState.CURRENT]


async def test_pause_freezes_time_and_resume_carries_on() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 5.0)
        await pilot.press("space")
        screen = app.screen_under_test
        assert screen.session.paused
        assert "PAUSED" in screen.query_one("#countdown-state", StatusLine).text
        await later(app, pilot, 60.0)
        assert digits(app) == "0:25"
        await pilot.press("space")
        assert not screen.session.paused
        await later(app, pilot, 5.0)
        assert digits(app) == "0:20"
        assert kinds(app)[-2:] == [CueKind.PAUSE, CueKind.RESUME]


@pytest.mark.parametrize(("forward", "back"), [("n", "p"), ("right", "left")])
async def test_next_and_previous_move_between_steps(forward: str, back: str) -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(forward)
        screen = app.screen_under_test
        assert screen.session.position == 1
        assert digits(app) == "0:40"
        await pilot.press(forward)  # into the switch-hands gap
        assert screen.query_one(HandBanner).words == "SWITCH"
        await pilot.press(back)  # back over the gap, to the left half
        assert screen.session.position == 1
        await pilot.press(back)
        assert screen.session.position == 0
        assert digits(app) == "0:30"


async def test_restart_plays_the_step_again_from_the_top() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 12.0)
        await pilot.press("r")
        assert digits(app) == "0:30"


async def test_plus_and_minus_change_the_current_step_by_ten_seconds() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 2.0)
        await pilot.press("plus")
        assert digits(app) == "0:38"
        await pilot.press("minus")
        await pilot.press("minus")
        assert digits(app) == "0:18"
        assert app.screen_under_test.session.changes[0].new == 20.0


async def test_mute_silences_the_player_and_says_so_under_the_clock() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert app.player.muted
        assert "MUTED" in app.screen.query_one("#countdown-state", StatusLine).text
        await later(app, pilot, 30.0)
        assert app.player.played[-1] == (Cue(CueKind.STEP, CueSide.LEFT), True)
        await pilot.press("m")
        assert not app.player.muted
        assert "MUTED" not in app.screen.query_one("#countdown-state", StatusLine).text


async def test_help_opens_the_help_screen() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PlayerScreen)


async def test_quit_mid_session_asks_and_keeping_on_resumes() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 3.0)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmQuit)
        screen = next(s for s in app.screen_stack if isinstance(s, PlayerScreen))
        assert screen.session.paused
        await pilot.press("n")
        assert app.screen is screen
        assert not screen.session.paused
        assert app.results == []


async def test_quit_mid_session_confirmed_dismisses_with_none() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, PlayerScreen)


async def test_the_end_of_the_routine_dismisses_with_the_session() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, ROUTINE.total_seconds + 1)
        assert len(app.results) == 1
        session = app.results[0]
        assert isinstance(session, Session) and session.finished
        assert app.player.audible[-1] == Cue(CueKind.FINISH)


async def test_the_routine_ending_under_a_modal_still_finishes() -> None:
    """? pauses the routine, but a screen opened over it from elsewhere (the app's help, the
    palette) does not: the routine ending under it must still leave."""
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(HelpScreen())
        player = next(s for s in app.screen_stack if isinstance(s, PlayerScreen))
        assert player.session.running
        app.clock.advance(ROUTINE.total_seconds + 1)
        player.tick()  # the player's timer goes on firing under a modal
        await pilot.pause()
        assert len(app.results) == 1 and isinstance(app.results[0], Session)
        assert not any(isinstance(s, (PlayerScreen, HelpScreen)) for s in app.screen_stack)


async def test_a_player_that_fails_never_stops_the_routine() -> None:
    class Broken:
        muted = False

        def play(self, cue: Cue) -> None:
            raise OSError("no audio device")

    app = PlayerApp(player=Broken())  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 31.0)
        assert app.screen_under_test.session.position == 1


async def test_silence_is_said_once_and_marked_until_sound_comes_back() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        state = app.screen_under_test.query_one("#countdown-state", StatusLine)
        assert "NO SOUND" not in state.text
        for _ in range(2):  # the player's worker thread reports; twice must still say it once
            _from_another_thread(app.player.on_error, "the device was unplugged")  # type: ignore[attr-defined]
        await later(app, pilot, 1.0)
        errors = [notice for notice in app.notices if notice.severity == "error"]
        assert [notice.message[:35] for notice in errors] == ["No sound: the device was unplugged."]
        assert "NO SOUND" in state.text
        _from_another_thread(app.player.on_recovered)  # type: ignore[attr-defined]
        await later(app, pilot, 1.0)
        assert app.notices[-1].message.startswith("Sound is back")
        assert "NO SOUND" not in state.text
        assert app.screen_under_test.session.position == 0  # the routine went on throughout


def _from_another_thread(call: Callable[..., object], *args: object) -> None:
    thread = threading.Thread(target=call, args=args)
    thread.start()
    thread.join()


async def test_the_hand_map_follows_the_routine() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await later(app, pilot, 30.0 + 20.0)
        progress = app.screen.query_one(HandMap).progress
        assert progress is not None
        assert progress.left.active and not progress.right.active


@pytest.mark.parametrize(
    ("size", "form"),
    [
        ((20, 8), "line"),
        ((24, 10), "line"),
        ((40, 12), "line"),
        ((60, 20), "text"),
        ((80, 24), "medium"),
        ((100, 30), "large"),
        ((120, 40), "large"),
        ((200, 60), "large"),
    ],
)
async def test_every_size_from_20_by_8_renders_without_error(
    size: tuple[int, int], form: str
) -> None:
    app = PlayerApp(seconds_in=45.0)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.screen.query_one(HandMap).form == form
        await pilot.resize_terminal(20, 8)
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await later(app, pilot, 1.0)
        assert app.screen_under_test.session.position == 1


async def test_the_drawing_shows_at_80_by_24() -> None:
    app = PlayerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(HandMap).form in ("large", "medium", "small")


async def test_the_no_sound_toast_times_out_and_the_status_line_keeps_saying_it() -> None:
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _from_another_thread(app.player.on_error, "the device was unplugged")  # type: ignore[attr-defined]
        await later(app, pilot, 1.0)
        [error] = [toast for toast in app._notifications if toast.severity == "error"]
        assert error.timeout <= 10, "a toast over the routine for the whole run"
        state = app.screen_under_test.query_one("#countdown-state", StatusLine)
        assert "NO SOUND" in state.text
