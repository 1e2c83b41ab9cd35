"""Saved times in the shell: played from the picker, kept from the finish screen, opened with `e`."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.shell import ScriptedPlayer, ShellApp
from textual.widgets import Button, Static

from handcue.app.screens.finish import FinishScreen
from handcue.app.screens.picker import PickerScreen
from handcue.app.screens.tweak import TweakScreen
from handcue.core.tweaks import StepRef
from handcue.services.timing import Timing
from handcue.storage.tweaks_file import TweakStore

SIZE = (120, 40)
SETTLE = StepRef(position=1, title="Settle with your breath")
"""The first step of "bedtime": 60 s; the scripted player's `f` adds 10 s to it."""
BEDTIME_WRITTEN = 60 + 2 * 75 + 3


@pytest.fixture
def store(tmp_path: Path) -> TweakStore:
    return TweakStore(tmp_path / "tweaks.yaml")


def reread(store: TweakStore) -> TweakStore:
    return TweakStore(store.path)


async def test_keeping_step_times_saves_them_and_the_next_play_uses_them(
    store: TweakStore,
) -> None:
    app = ShellApp(yes=True, timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f")
        assert isinstance(app.screen, FinishScreen)
        await pilot.press("k")
        assert "Kept 1 step time" in str(app.screen.query_one("#kept", Static).render())
        assert all(button.disabled for button in app.screen.query("#keep Button").results(Button))
        await pilot.press("t")  # only one choice is kept
        assert reread(store).get("bedtime").steps == {SETTLE: 70.0}
        assert reread(store).get("bedtime").scale == 1.0
        await pilot.press("b", "enter")
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.durations == {0: 70.0, 1: 75.0}


async def test_keeping_as_a_pace_scales_the_whole_routine(store: TweakStore) -> None:
    app = ShellApp(yes=True, timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f")
        await pilot.click("#keep-pace")
        assert "Kept a pace of 104.7%" in str(app.screen.query_one("#kept", Static).render())
        pace = (BEDTIME_WRITTEN + 10) / BEDTIME_WRITTEN
        saved = reread(store).get("bedtime")
        assert saved.steps == {}
        assert saved.scale == pytest.approx(pace)
        await pilot.press("b", "enter")
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.durations == pytest.approx({0: 60 * pace, 1: 75 * pace})


async def test_a_pace_out_of_range_is_refused_and_nothing_changes(store: TweakStore) -> None:
    store.set_scale("bedtime", 2.0)
    app = ShellApp(yes=True, timing=Timing(reread(store)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.durations == {0: 120.0, 1: 150.0}
        await pilot.press("f", "t")
        assert isinstance(app.screen, FinishScreen)
        assert any("outside 50% to 200%" in n.message for n in app.notices)
        assert not app.screen.query_one("#keep-steps", Button).disabled
        await pilot.press("k")
    saved = reread(store).get("bedtime")
    assert saved.scale == 2.0
    assert saved.steps == {SETTLE: 130.0}


async def test_no_offer_to_keep_when_nothing_changed(store: TweakStore) -> None:
    app = ShellApp(yes=True, timing=Timing(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "s")
        assert isinstance(app.screen, FinishScreen)
        assert not app.screen.query("#keep")
        await pilot.press("k")
    assert not store.path.exists()


async def test_saved_times_play_and_stale_ones_are_reported_once_and_dropped(
    store: TweakStore,
) -> None:
    store.set_scale("desk", 1.5)
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
