"""The player and the picker fit every terminal: a clock that grows and shrinks, an instruction
never cut silently, one column for small terminals, a legend for the map, details at 80 wide."""

from __future__ import annotations

import pytest
from support.player_app import (
    LONGEST_INSTRUCTION,
    ROUTINE,
    PlayerApp,
    with_pacer_and_long_instruction,
)
from support.shell import SteadyShellApp
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from handcue.app.widgets.big_clock import (
    BigClock,
    block_rows,
    clock_form,
    largest_scale,
)
from handcue.app.widgets.instructions import (
    MORE,
    HandBanner,
    InstructionText,
    Showing,
    fitted_lines,
)
from handcue.core.progress import SYMBOLS, RegionState
from handcue.core.routine import Hand, Routine
from handcue.core.timeline import build_timeline
from handcue.storage.routine_files import load_library

SIZES = [(200, 60), (120, 40), (80, 24), (40, 12), (20, 8)]


@pytest.mark.parametrize("text", ["0:20", "10:25", "1:00:00"])
def test_every_clock_form_fits_the_box_it_was_chosen_for(text: str) -> None:
    for width in range(1, 120, 3):
        for height in range(1, 40, 2):
            form = clock_form(text, width, height)
            if form == "large":
                scale = largest_scale(text, width, height)
                rows = block_rows(text, scale)
                assert scale >= 2 and len({len(row) for row in rows}) == 1
                assert len(rows[0]) <= width and len(rows) <= height
                # and it is the largest that fits
                wider = block_rows(text, scale + 1)
                assert len(wider[0]) > width or len(wider) > height
            elif form == "digits":
                assert height >= 3
            else:
                assert form == "line"


def test_the_dot_font_draws_each_digit_apart() -> None:
    rows = block_rows("0:18", 2)
    assert len(rows) == 5 and len(set(rows)) > 2
    assert {char for row in rows for char in row} <= {" ", "█", "▀", "▄"}
    assert block_rows("8", 1) != block_rows("0", 1)


async def test_the_clock_grows_with_the_window_and_shrinks_to_one_line() -> None:
    """Dots on big terminals, larger the larger the window; three rows, then one line."""
    app = PlayerApp(seconds_in=50.0)
    async with app.run_test(size=(200, 60)) as pilot:
        clock = app.screen.query_one("#countdown-step", BigClock)
        seen: dict[tuple[int, int], tuple[str, int]] = {}
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            width, height = clock.content_size
            seen[size] = (clock.form, largest_scale(clock.value, width, height))
        assert clock.value == "0:20"
    assert seen[(200, 60)][0] == seen[(120, 40)][0] == "large"
    assert seen[(200, 60)][1] > seen[(120, 40)][1] >= 2
    assert seen[(80, 24)][0] == "digits"
    assert seen[(20, 8)][0] == "line"


def _cells(strips: list[Strip]) -> list[list[tuple[str, str]]]:
    """Text and look of every segment: what reaches the terminal, without Textual's metadata."""
    return [[(segment.text, str(segment.style)) for segment in strip] for strip in strips]


async def test_the_large_clock_draws_what_its_text_would_draw() -> None:
    """The large form is drawn as strips directly; cell for cell and look for look, they are
    what Textual makes of `render()`'s text, at odd and even sizes, paused or not."""
    app = PlayerApp(seconds_in=50.0)
    async with app.run_test(size=(200, 60)) as pilot:
        clock = app.screen.query_one("#countdown-step", BigClock)
        compared = 0
        for size in [(200, 60), (161, 51), (120, 40), (97, 33)]:
            await pilot.resize_terminal(*size)
            for value in ("0:20", "10:00", "59:59", "1:07"):
                clock.value = value
                await pilot.pause()
                width, height = clock.content_size
                if clock.form != "large":
                    continue
                drawn = [clock.render_line(y) for y in range(height)]
                text = Visual.to_strips(
                    clock, visualize(clock, clock.render()), width, height, clock.visual_style
                )
                assert _cells(drawn) == _cells(text), (size, value)
                compared += 1
        await pilot.press("space")  # paused: the clock's colour changes
        await pilot.pause()
        width, height = clock.content_size
        drawn = [clock.render_line(y) for y in range(height)]
        text = Visual.to_strips(
            clock, visualize(clock, clock.render()), width, height, clock.visual_style
        )
        assert _cells(drawn) == _cells(text)
    assert compared >= 8


def _on_screen(widget: Widget, size: tuple[int, int]) -> bool:
    region = widget.region
    return bool(widget.display) and region.area > 0 and Region(0, 0, *size).contains_region(region)


async def test_a_small_terminal_gets_one_column_with_step_hand_and_time() -> None:
    app = PlayerApp(seconds_in=50.0)
    async with app.run_test(size=(20, 8)) as pilot:
        await pilot.pause()
        screen = app.screen_under_test
        assert screen.has_class("-compact")
        clock = screen.query_one(BigClock)
        assert clock.form == "line" and clock.value == "0:20"
        banner = screen.query_one(HandBanner)
        assert banner.words == "LEFT" and banner.region.height == 1
        title = screen.query_one("#step-title")
        text = screen.query_one(InstructionText)
        for widget in (clock, banner, title, text):
            assert _on_screen(widget, (20, 7)), widget  # the footer has the last row
        assert not screen.query_one("#hands-pane").display
        assert not screen.query_one("#timeline-pane").display
        # the 75-character instruction is whole in four lines of twenty
        assert not text.cut


async def test_an_instruction_too_long_for_the_space_ends_with_a_visible_mark() -> None:
    app = PlayerApp(with_pacer_and_long_instruction(), seconds_in=40.0)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        text = app.screen.query_one(InstructionText)
        assert text.text == LONGEST_INSTRUCTION
        assert text.cut
        shown = str(text.render()).splitlines()
        assert len(shown) == text.content_size.height and shown[-1].endswith(MORE)


def test_fitted_lines_keep_every_word_when_they_fit_and_mark_a_cut() -> None:
    whole = fitted_lines(LONGEST_INSTRUCTION, 30, 100)
    assert " ".join(whole) == LONGEST_INSTRUCTION
    assert all(len(line) <= 30 for line in whole)
    cut = fitted_lines(LONGEST_INSTRUCTION, 30, 3)
    assert len(cut) == 3 and cut[-1].endswith(" " + MORE) and len(cut[-1]) <= 30
    assert cut[:2] == whole[:2]
    assert fitted_lines("Two\nparagraphs", 20, 5) == ["Two", "paragraphs"]


def _bundled() -> list[Routine]:
    return list(load_library(None).routines)


async def test_every_bundled_instruction_is_shown_whole_at_80_by_24() -> None:
    """Every segment of every bundled routine, shown in the player's pane at 80x24 the way the
    screen shows a segment: nothing is shortened."""
    cut: list[str] = []
    app = PlayerApp(seconds_in=50.0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen_under_test
        await pilot.press("space")  # paused, the screen never repaints on its own
        text = screen.query_one(InstructionText)
        for routine in _bundled():
            timeline = build_timeline(routine)
            for position, segment in enumerate(timeline):
                if segment.is_switch or (
                    segment.hand is Hand.RIGHT and segment.step.hand is Hand.EACH
                ):
                    continue  # a switch's words are short; an `each` step's right half is its left
                following = timeline[position + 1] if position + 1 < len(timeline) else None
                number = f"{segment.step_index + 1}/{len(routine.steps)}  "
                screen.showing = Showing(segment, following, number)
                await pilot.pause()
                assert text.text == segment.step.instruction
                if text.cut:
                    cut.append(f"{routine.id}: {segment.step.title}")
    assert cut == []


async def test_the_instruction_gets_room_before_the_other_lines() -> None:
    """At 80x24 the longest instruction takes the rows of the large letters, the technique
    and the next line; at 120x40 every part is back."""
    app = PlayerApp(with_pacer_and_long_instruction(), seconds_in=40.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.query_one(InstructionText).cut
        assert screen.query_one(HandBanner).region.height == 1
        assert not screen.query_one("#step-next").display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.query_one(HandBanner).region.height == 3
        assert screen.query_one("#step-next").display
        assert screen.query_one("#step-details").display


async def test_the_hand_map_has_a_legend_for_its_marks_and_figures() -> None:
    app = PlayerApp(seconds_in=50.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one("#hands-pane")
        legend = str(pane.border_subtitle)
        for state, word in (
            (RegionState.ACTIVE, "now"),
            (RegionState.DONE, "done"),
            (RegionState.SKIPPED, "skipped"),
            (RegionState.PENDING, "to come"),
        ):
            assert f"{SYMBOLS[state]} {word}" in legend
        assert "%" in legend
        # and it fits the pane's frame whole at 80x24
        assert len(legend) <= pane.region.width - 4


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_picker_keeps_the_details_at_80_columns(size: tuple[int, int]) -> None:
    app = SteadyShellApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        pane = app.screen.query_one("#detail-pane")
        routines = app.screen.query_one("#routines")
        assert pane.display and pane.region.height >= 5 and pane.region.width >= 30
        assert pane.region.y >= routines.region.bottom  # under the list
        detail = str(app.screen.query_one("#detail").render())
        assert ROUTINE.title not in detail  # the shell's own routines, not the player's
        assert detail.startswith("Bedtime wind-down")
        await pilot.press("down")
        await pilot.pause()
        detail = str(app.screen.query_one("#detail").render())
        assert detail.startswith("Gentle warm-up for arthritic joints")
