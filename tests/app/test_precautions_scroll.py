"""The precautions screen at every size: the long text is never clipped out of reach, it
scrolls inside its own region above the buttons, and Escape and q go back."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widgets import Button, Footer

from handcue.app.screens.precautions import PrecautionsScreen
from handcue.core.routine import Routine
from handcue.storage.routine_files import load_library

SIZES = [(200, 60), (120, 40), (80, 24), (40, 12), (20, 8)]


def _longest() -> Routine:
    """The bundled routine with the most to read before it starts."""
    routines = load_library(None).routines
    return max(routines, key=lambda r: len(r.cautions) * 1000 + len(r.prepare or ""))


class _Host(App[bool]):
    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine
        self.answer: bool | None = None

    def on_mount(self) -> None:
        self.push_screen(PrecautionsScreen(self.routine), callback=self._answered)

    def _answered(self, answer: bool | None) -> None:
        self.answer = answer


def _visible_above_footer(screen: PrecautionsScreen, widget: Button) -> bool:
    width, height = screen.size
    footer = screen.query_one(Footer)
    room = Region(0, 0, width, height - footer.outer_size.height)
    return widget.region.area > 0 and room.contains_region(widget.region)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_start_and_back_are_in_view_at_every_size(size: tuple[int, int]) -> None:
    app = _Host(_longest())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrecautionsScreen)
        for button in ("#start", "#back"):
            assert _visible_above_footer(screen, screen.query_one(button, Button)), (size, button)
        # The text is never clipped out of reach: what does not fit scrolls inside its region.
        body, dialog = screen.query_one("#body"), screen.query_one("#dialog")
        assert dialog.region.contains_region(body.region), size
        assert body.region.height + body.max_scroll_y >= body.virtual_size.height, size


async def test_enter_starts_from_anywhere_and_the_footer_says_so() -> None:
    app = _Host(_longest())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = {
            binding.key
            for (_, binding, enabled, _) in app.active_bindings.values()
            if enabled and binding.show
        }
        assert {"enter", "escape"} <= shown  # the footer names the way on and the way back
        await pilot.press("pagedown", "end")  # the text scrolls at once, without a Tab first
        await pilot.wait_for_scheduled_animations()
        assert app.screen.query_one("#body").scroll_y > 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.answer is True


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_go_back_and_start_nothing(key: str) -> None:
    app = _Host(_longest())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert app.answer is False
