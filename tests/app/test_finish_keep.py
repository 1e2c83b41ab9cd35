"""Deliberate saving: the finish screen's keep choice, the question before leaving it unanswered
or after stopping early, values kept relative to the routine as written and rounded, and the
picker showing the times you will get."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from support.settle import until
from support.shell import ScriptedPlayer, ShellApp
from textual.binding import Binding, BindingType
from textual.widgets import Button, OptionList, Static

from handcue.app.screens.finish import FinishScreen
from handcue.app.screens.keep_question import KeepQuestion
from handcue.app.screens.picker import PickerScreen
from handcue.app.screens.player import PlayerScreen
from handcue.app.screens.tweak import TweakScreen
from handcue.core.tweaks import StepRef
from handcue.services.timing import Timing
from handcue.storage.tweaks_file import TweakStore

SIZE = (120, 40)
SETTLE = StepRef(position=1, title="Settle with your breath")
"""The first step of "bedtime": 60 s; the scripted player's `f` and `+` add 10 s to it."""
BEDTIME_WRITTEN = 60 + 2 * 75 + 3


@pytest.fixture
def store(tmp_path: Path) -> TweakStore:
    return TweakStore(tmp_path / "tweaks.yaml")


def reread(store: TweakStore) -> TweakStore:
    return TweakStore(store.path)


def kept_text(app: ShellApp) -> str:
    return str(app.screen.query_one("#kept", Static).render())


def half_length(store: TweakStore, length: float = 0.5) -> Timing:
    """Bedtime played once at `length` of its written time, as `play bedtime --length` does."""
    return Timing(store, one_off={"bedtime": {0: 60 * length, 1: 75 * length}})


def test_no_finish_key_but_the_way_out_means_something_in_the_player() -> None:
    """A key meant for the routine that lands on the finish screen or the keep question as
    the routine ends never saves or repeats: only the keys that leave (q, Escape) are shared,
    and they leave the same way everywhere."""

    def keys(bindings: Sequence[BindingType]) -> set[str]:
        return {
            key.strip()
            for binding in bindings
            if isinstance(binding, Binding)
            for key in binding.key.split(",")
        }

    player = keys(PlayerScreen.BINDINGS)
    finish = keys(FinishScreen.BINDINGS)
    question = keys(KeepQuestion.BINDINGS)
    assert {"r", "t", "q", "space", "n", "p"} <= player
    assert finish & player <= {"q", "escape"}
    assert question & player <= {"q", "escape"}


async def test_keeping_step_times_saves_them_and_the_next_play_uses_them(
    store: TweakStore,
) -> None:
    app = ShellApp(yes=True, timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f")
        assert isinstance(app.screen, FinishScreen)
        assert "(As written: 3m33s)" in kept_text(app)
        assert "k  Keep step times: 3m43s" in kept_text(app)
        assert "l  Keep as overall length 105%: 3m44s" in kept_text(app)
        assert "d  Don't keep: 3m33s" in kept_text(app)
        await pilot.press("k")
        assert "Kept 1 step time for Bedtime wind-down; it now takes 3m43s" in kept_text(app)
        assert "(as written 3m33s)" in kept_text(app)
        assert not app.screen.query_one("#keep-buttons").display, "answered: the buttons go"
        await pilot.press("l")  # only one choice is kept, and the person is told
        assert any("Already answered" in notice.message for notice in app.notices)
        assert reread(store).get("bedtime").steps == {SETTLE: 70.0}
        assert reread(store).get("bedtime").length == 1.0
        await pilot.press("b")  # answered: leaves without asking
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.durations == {0: 70.0, 1: 75.0}


async def test_keeping_as_an_overall_length_is_a_whole_percent(store: TweakStore) -> None:
    app = ShellApp(yes=True, timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f")
        await pilot.click("#keep-length")
        # (213 + 10) / 213 of the whole, over the 210 s the length stretches: 104.76 %, kept as 105 %
        assert "Kept a length of 105% for Bedtime wind-down" in kept_text(app)
        saved = reread(store).get("bedtime")
        assert saved.steps == {}
        assert saved.length == 1.05
        assert "length: 105%" in store.path.read_text()
        await pilot.press("b", "enter")
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.durations == pytest.approx({0: 63.0, 1: 78.75})


async def test_a_change_during_a_half_length_play_keeps_its_meaning(store: TweakStore) -> None:
    """The issue's case: at 50 %, a step made 10 s longer (30 s -> 40 s) is a third longer;
    kept, it is a third longer than as written (80 s), not the 40 s it reached at half length."""
    app = ShellApp(yes=True, timing=half_length(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f")
        assert isinstance(app.screen, FinishScreen)
        assert "Settle with your breath: 30s → 40s  (as written 1m)" in str(
            app.screen.query_one("#summary", Static).render()
        )
        await pilot.press("k")
    assert reread(store).get("bedtime").steps == {SETTLE: 80.0}


async def test_a_kept_length_from_a_one_off_play_is_relative_to_the_written_routine(
    store: TweakStore,
) -> None:
    app = ShellApp(yes=True, timing=half_length(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ScriptedPlayer), "the player")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FinishScreen), "the finish screen")
        await pilot.press("l")
        await until(pilot, lambda: app.screen.kept is not None, "the length kept")  # type: ignore[attr-defined]
    # the half-length session grew by 10 s of 108 s: the written routine grows by as much
    assert reread(store).get("bedtime").length == 1.09


async def test_kept_step_times_are_rounded_as_a_person_would_write_them(
    store: TweakStore,
) -> None:
    app = ShellApp(yes=True, timing=half_length(store, 0.7))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f", "k")
    # 42 s -> 52 s at 70 %: 60 x 52 / 42 = 74.3 s, written as 1m15s
    assert reread(store).get("bedtime").steps == {SETTLE: 75.0}


async def test_a_length_out_of_range_is_not_offered_and_steps_still_can_be(
    store: TweakStore,
) -> None:
    store.set_length("bedtime", 4.0)
    app = ShellApp(yes=True, timing=Timing(reread(store)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.durations == {0: 240.0, 1: 300.0}
        await pilot.press("f", "l")
        assert isinstance(app.screen, FinishScreen)
        assert "not possible, that would be a length of 405%" in kept_text(app)
        assert app.screen.query_one("#keep-length", Button).disabled
        assert any("Cannot keep as one length" in n.message for n in app.notices)
        await pilot.press("k")
    saved = reread(store).get("bedtime")
    assert saved.length == 4.0
    assert saved.steps == {SETTLE: 250.0}


async def test_leaving_before_answering_asks_and_escape_stays(store: TweakStore) -> None:
    app = ShellApp(yes=True, timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f", "b")
        assert isinstance(app.screen, KeepQuestion)
        await pilot.press("escape")
        assert isinstance(app.screen, FinishScreen)
        await pilot.press("a")  # again: asks too
        assert isinstance(app.screen, KeepQuestion)
        await pilot.press("d")
        assert isinstance(app.screen, ScriptedPlayer)  # played again, nothing kept
        assert app.screen.durations == {0: 70.0, 1: 75.0}
    assert not store.path.exists()


async def test_stopping_early_with_changes_offers_to_keep_them(store: TweakStore) -> None:
    app = ShellApp(yes=True, timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "plus", "q")
        assert isinstance(app.screen, KeepQuestion)
        assert "You changed 1 step time in this session" in str(
            app.screen.query_one(Static).render()
        )
        await pilot.press("k")
        assert isinstance(app.screen, PickerScreen)
        assert any("Kept 1 step time" in n.message for n in app.notices)
    assert reread(store).get("bedtime").steps == {SETTLE: 70.0}


async def test_stopping_early_without_changes_asks_nothing(store: TweakStore) -> None:
    app = ShellApp(yes=True, timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "q")
        assert isinstance(app.screen, PickerScreen)
    assert not store.path.exists()


async def test_stopping_early_from_play_id_says_what_was_kept_after_closing(
    store: TweakStore,
) -> None:
    app = ShellApp(yes=True, play_id="bedtime", timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("plus", "q", "escape")  # Escape after stopping: don't keep
        await pilot.pause()
        assert app.return_code == 0  # `play ID` ends with its routine
    assert not store.path.exists()
    assert app.unsaid == []
    again = ShellApp(yes=True, play_id="bedtime", timing=Timing(store))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("plus", "q", "l")
    assert reread(store).get("bedtime").length == 1.05
    assert any("Kept a length of 105%" in line for line in again.unsaid)


async def test_no_offer_to_keep_when_nothing_changed(store: TweakStore) -> None:
    app = ShellApp(yes=True, timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "s")
        assert isinstance(app.screen, FinishScreen)
        assert not app.screen.query("#keep")
        await pilot.press("k")
        await pilot.press("b")
        assert isinstance(app.screen, PickerScreen)
    assert not store.path.exists()


async def test_the_picker_shows_your_times_and_follows_what_you_keep(store: TweakStore) -> None:
    store.set_length("desk", 2.0)
    app = ShellApp(yes=True, timing=Timing(reread(store)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        options = picker.query_one("#routines", OptionList)

        def shown(routine_id: str) -> str:
            return str(options.get_option(routine_id).prompt)

        # desk: 20 + 2 x 30 + 3 = 83 s as written, 163 s at 200 %
        assert "2m43s (as written 1m23s)" in shown("desk")
        assert "(as written" not in shown("bedtime")
        await pilot.press("enter", "f", "k", "b")
        assert "3m43s (as written 3m33s)" in shown("bedtime")
        detail = str(picker.query_one("#detail", Static).render())
        assert "1. Settle with your breath (1m10s, as written 1m," in detail


async def test_saved_times_play_and_stale_ones_are_reported_once_and_dropped(
    store: TweakStore,
) -> None:
    store.set_length("desk", 1.5)
    store.set_step("desk", StepRef(position=2, title="Finger pulls"), 40)
    store.set_step("desk", StepRef(position=5, title="Gone"), 99)
    app = ShellApp(yes=True, play_id="desk", timing=Timing(reread(store)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.durations == {0: 30.0, 1: 40.0}
        stale = [n.message for n in app.notices if "is not used" in n.message]
        assert len(stale) == 1
        assert '"5: Gone"' in stale[0]
        assert "the routine now has 2 steps" in stale[0]
    assert reread(store).get("desk").steps == {StepRef(position=2, title="Finger pulls"): 40.0}


async def test_one_off_times_are_played_and_not_saved(store: TweakStore) -> None:
    app = ShellApp(yes=True, play_id="desk", timing=Timing(store, one_off={"desk": {0: 5.0}}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.durations == {0: 5.0}
    assert not store.path.exists()


async def test_e_in_the_picker_opens_the_step_times(store: TweakStore) -> None:
    app = ShellApp(timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "e")
        assert isinstance(app.screen, TweakScreen)
        assert app.screen.routine.id == "joints"
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
    without = ShellApp()
    async with without.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(without.screen, PickerScreen)
        assert any("cannot be saved" in n.message for n in without.notices)
