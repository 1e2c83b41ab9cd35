"""The picker: goal filter, search, detail pane, starting a routine, quitting, the palette."""

from __future__ import annotations

from typing import Any

import pytest
from support.settle import until
from support.shell import ROUTINES, ScriptedPlayer, ShellApp, make_library
from textual import events
from textual.widgets import Input, OptionList, Static

from handcue.app.screens.picker import PickerScreen
from handcue.app.screens.precautions import PrecautionsScreen
from handcue.app.theme import HIGH_CONTRAST
from handcue.core.problems import Problem
from handcue.core.routine_search import goal_counts, matches
from handcue.services.user_data import UserData

SIZE = (120, 40)


def by_id(routine_id: str):  # type: ignore[no-untyped-def]
    return next(routine for routine in ROUTINES if routine.id == routine_id)


def shown_ids(app: ShellApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, PickerScreen)
    return [routine.id for routine in screen.shown]


def test_matches_needs_every_word_and_the_goal() -> None:
    joints = by_id("joints")
    assert matches(joints, None, "")
    assert matches(joints, "arthritis", "warm KNUCKLE")
    assert not matches(joints, "sleep", "")
    assert not matches(joints, None, "warm sleep")
    assert matches(joints, None, "friction")  # technique names are searchable


def test_goal_counts_cover_every_routine_goal() -> None:
    counts = goal_counts(ROUTINES)
    assert counts["stiffness"] == 3
    assert counts["sleep"] == 1
    assert counts["headache"] == 0


async def test_lists_every_routine_sorted_with_goal_counts() -> None:
    app = ShellApp()
    async with app.run_test(size=SIZE):
        assert shown_ids(app) == ["bedtime", "joints", "grip", "desk"]
        goals = app.screen.query_one("#goal-list", OptionList)
        prompts = [str(goals.get_option_at_index(i).prompt) for i in range(goals.option_count)]
        assert prompts[0] == "All goals 4"
        assert "Stiffness 3" in prompts
        assert not any(p.startswith("Headache") for p in prompts)  # no routine serves it
        assert app.screen.query_one("#count", Static).content == "4 routines"


async def test_moving_through_goals_filters_the_list() -> None:
    app = ShellApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "down")  # Sleep
        assert shown_ids(app) == ["bedtime"]
        await pilot.press("down")  # Stress
        assert shown_ids(app) == ["bedtime"]
        await pilot.press("down")  # Stiffness
        assert shown_ids(app) == ["joints", "grip", "desk"]
        assert str(app.screen.query_one("#count", Static).content) == "3 of 4 routines"
        await pilot.press("escape")
        assert shown_ids(app) == ["bedtime", "joints", "grip", "desk"]


async def test_goal_option_opens_filtered() -> None:
    app = ShellApp(goal="sleep")
    async with app.run_test(size=SIZE):
        assert shown_ids(app) == ["bedtime"]


async def test_unknown_goal_shows_all_and_says_so() -> None:
    app = ShellApp(goal="headache")
    async with app.run_test(size=SIZE):
        assert shown_ids(app) == ["bedtime", "joints", "grip", "desk"]
        assert any("headache" in n.message for n in app.notices)


async def test_search_narrows_combines_with_goal_and_clears() -> None:
    app = ShellApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"finger")
        assert app.focused is app.screen.query_one("#search", Input)
        assert shown_ids(app) == ["grip", "desk"]
        await pilot.press("enter")  # back to the list, nothing started
        assert isinstance(app.screen, PickerScreen)
        assert app.focused is not None and app.focused.id == "routines"
        await pilot.press(
            "g", *["down"] * 6
        )  # All, Sleep, Stress, Stiffness, Arthritis, Desk, Grip
        assert shown_ids(app) == ["grip"]
        await pilot.press("slash", "escape")  # clears the search first
        assert app.screen.query_one("#search", Input).value == ""
        assert shown_ids(app) == ["grip"]


async def test_no_match_says_so_in_the_detail_pane() -> None:
    app = ShellApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zzz")
        assert shown_ids(app) == []
        detail = str(app.screen.query_one("#detail", Static).content)
        assert "No routine matches" in detail
        await pilot.press("enter", "enter")  # nothing to start: no crash, still the picker
        assert isinstance(app.screen, PickerScreen)


async def test_detail_follows_the_cursor() -> None:
    app = ShellApp()
    async with app.run_test(size=SIZE) as pilot:
        detail = app.screen.query_one("#detail", Static)
        assert "Bedtime wind-down" in str(detail.content)
        assert "Sit up in bed" in str(detail.content)
        await pilot.press("down")
        text = str(detail.content)
        assert "Gentle warm-up for arthritic joints" in text
        assert "Arthritis flare-ups" in text  # cautions by their catalogue title
        assert "2. Circle each knuckle (45s per hand, each hand)" in text


async def test_enter_starts_through_precautions_once() -> None:
    app = ShellApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PrecautionsScreen), "the precautions")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ScriptedPlayer), "the player")
        assert isinstance(app.screen, ScriptedPlayer) and app.screen.routine.id == "bedtime"
        await pilot.press("q")  # stop mid-session: back to the picker
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")  # acknowledged: straight to the player
        assert isinstance(app.screen, ScriptedPlayer)


async def test_precautions_back_returns_without_acknowledging() -> None:
    app = ShellApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(app.screen, PrecautionsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        assert app.user.acknowledgements.unseen("joints", []) is None  # never acknowledged
        await pilot.press("enter")
        assert isinstance(app.screen, PrecautionsScreen)


async def test_yes_skips_precautions() -> None:
    app = ShellApp(yes=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.routine.id == "joints"


async def test_play_id_goes_straight_to_the_player_and_quitting_exits() -> None:
    app = ShellApp(play_id="desk", yes=True)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.routine.id == "desk"
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
        assert not app.is_running


async def test_play_id_unknown_falls_back_to_the_picker() -> None:
    app = ShellApp(play_id="nope")
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, PickerScreen)
        assert any("nope" in n.message for n in app.notices)


async def test_q_quits_from_the_list_but_types_in_search() -> None:
    app = ShellApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "q")
        assert app.screen.query_one("#search", Input).value == "q"
        assert app.is_running
        await pilot.press("enter", "q")
        await pilot.pause()
        assert not app.is_running


async def test_a_q_typed_ahead_of_the_search_box_never_quits() -> None:
    """Keys already waiting when "/" is handled (a fast typist, a busy machine): the "q" of
    "quick" must not quit, however far behind the app is."""
    app = ShellApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, character in [("slash", "/"), *((c, c) for c in "quick")]:
            event = events.Key(key, character)
            event.set_sender(app)  # as from the terminal: all six wait their turn together
            app.post_message(event)
        await pilot.pause()
        assert app.is_running
        assert app.focused is app.screen.query_one("#search", Input)


async def test_library_problems_are_notified() -> None:
    from pathlib import Path

    problem = Problem(Path("mine.yaml"), 3, 1, "unknown goal 'slep'")
    app = ShellApp(library=make_library((problem, problem)))
    async with app.run_test(size=SIZE):
        messages = [n.message for n in app.notices]
        assert any("mine.yaml:3:1" in m and "1 more" in m for m in messages)


async def test_palette_starts_a_routine_by_name() -> None:
    app = ShellApp(yes=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"desk break")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.routine.id == "desk"


async def test_high_contrast_theme_is_offered() -> None:
    app = ShellApp()
    async with app.run_test(size=SIZE):
        assert HIGH_CONTRAST.name in app.available_themes
        app.theme = HIGH_CONTRAST.name
        assert app.current_theme.background == "#000000"


async def test_help_opens_and_closes() -> None:
    from handcue.app.screens.help import HelpScreen

    app = ShellApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")  # a second press does not stack another
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


async def test_your_figures_are_read_once_as_the_app_opens_and_again_on_return(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The picker asks the history once as it opens (it read it twice, the first read
    cancelled), and once more each time it is back on top."""
    asked: list[int] = []
    uses = UserData.uses

    def counted(self: UserData) -> Any:
        asked.append(1)
        return uses(self)

    monkeypatch.setattr(UserData, "uses", counted)
    app = ShellApp()
    async with app.run_test() as pilot:
        await until(pilot, lambda: asked, "the figures to be read")
        await app.workers.wait_for_complete()
        for _ in range(3):
            await pilot.pause()
        assert len(asked) == 1
        await pilot.press("question_mark")
        await until(pilot, lambda: not isinstance(app.screen, PickerScreen), "the help")
        await pilot.press("escape")
        await until(pilot, lambda: len(asked) == 2, "the figures read again")
        await app.workers.wait_for_complete()
        assert len(asked) == 2
