"""The precautions screen keeps its buttons in view however long its text and small the terminal."""

from __future__ import annotations

import dataclasses

import pytest
from support.shell import ROUTINES
from textual.app import App
from textual.geometry import Region
from textual.widgets import Button

from handcue.app.screens.precautions import PrecautionsScreen

JOINTS = next(routine for routine in ROUTINES if routine.id == "joints")
LONG = dataclasses.replace(
    JOINTS, prepare=" ".join(["Warm your hands in water first, then dry them well."] * 40)
)
SIZES = [(200, 60), (120, 40), (80, 24), (40, 12), (20, 8)]


class _Host(App[bool | None]):
    def on_mount(self) -> None:
        self.push_screen(PrecautionsScreen(LONG), self.exit)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_buttons_stay_in_view_above_the_footer(size: tuple[int, int]) -> None:
    app = _Host()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrecautionsScreen)
        width, height = size
        inside = Region(0, 0, width, height - 1)  # the last row is the footer's
        for name in ("#start", "#back"):
            button = screen.query_one(name, Button)
            assert button.region.area > 0, name
            assert inside.contains_region(button.region), (name, button.region)


async def test_enter_starts_from_anywhere_and_escape_goes_back() -> None:
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#body").focus()
        await pilot.press("enter")
    assert app.return_value is True
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
    assert app.return_value is False


async def test_footer_names_the_start_and_enter_on_back_goes_back() -> None:
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer_keys = [
            binding.description for _, binding, *_ in app.screen.active_bindings.values()
        ]
        assert "Start" in footer_keys
        app.screen.query_one("#back", Button).focus()
        await pilot.press("enter")
    assert app.return_value is False
