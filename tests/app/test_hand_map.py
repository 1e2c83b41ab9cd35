"""The hand map: its drawings, its fallbacks at small sizes, and symbols that need no colour."""

from __future__ import annotations

import pytest
from rich.text import Text
from support.player_app import ROUTINE
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.visual import Visual, visualize

from handcue.app.widgets.hand_drawings import (
    DRAWINGS,
    REGION_CODES,
    TEMPLATES,
    drawing_size,
    mirrored,
)
from handcue.app.widgets.hand_map import HandMap
from handcue.core.progress import SYMBOLS, HandsProgress, RegionState, hands_progress
from handcue.core.routine import Area
from handcue.core.timeline import build_timeline

TIMELINE = build_timeline(ROUTINE)


def progress_at(position: int, elapsed: float = 0.0) -> HandsProgress:
    return hands_progress(TIMELINE, position, elapsed)


class MapApp(App[None]):
    def __init__(self, progress: HandsProgress) -> None:
        super().__init__()
        self.progress = progress

    def compose(self) -> ComposeResult:
        yield HandMap(self.progress)


def shown(app: MapApp) -> str:
    return str(app.query_one(HandMap).render())


@pytest.mark.parametrize("index", range(len(TEMPLATES)))
def test_every_drawing_marks_every_region_on_both_hands(index: int) -> None:
    for template in TEMPLATES[index]:
        assert {code for code in REGION_CODES if code in template} == set(REGION_CODES)


@pytest.mark.parametrize("index", range(len(TEMPLATES)))
def test_the_right_hand_is_the_left_mirrored_and_as_big(index: int) -> None:
    left, right = TEMPLATES[index]
    assert [len(row) for row in left.splitlines()] != []
    assert len(right.splitlines()) == len(left.splitlines())
    assert "palm" in right and "mlap" not in right
    assert mirrored(mirrored(left)).splitlines()[0].rstrip() == left.splitlines()[0].rstrip()


def test_drawings_go_from_largest_to_smallest() -> None:
    heights = [drawing_size(index)[1] for index in range(len(DRAWINGS))]
    assert heights == sorted(heights, reverse=True)


async def test_the_large_drawing_shows_each_state_by_symbol() -> None:
    # Thumb circles on the left: palm and back done, thumb active, fingers pending.
    app = MapApp(progress_at(1, 20.0))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        hand_map = app.query_one(HandMap)
        assert hand_map.form == "large"
        text = shown(app)
        for state in (RegionState.PENDING, RegionState.ACTIVE, RegionState.DONE):
            assert SYMBOLS[state] in text
        assert "LEFT" in text and "RIGHT" in text
        assert "43%" in text and "18%" in text  # left 50 of 115 s, right 30 of 160 s


async def test_the_active_hand_label_is_styled_apart() -> None:
    app = MapApp(progress_at(1, 20.0))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = app.query_one(HandMap).render()
        styles = {
            text.plain[span.start : span.end].strip(): span.style
            for span in text.spans
            if text.plain[span.start : span.end].strip() in ("LEFT", "RIGHT")
        }
        assert styles["LEFT"] != styles["RIGHT"]


@pytest.mark.parametrize(
    ("size", "form"),
    [((60, 20), "large"), ((50, 12), "medium"), ((50, 10), "small"), ((40, 8), "text")],
)
async def test_the_form_shrinks_with_the_space(size: tuple[int, int], form: str) -> None:
    app = MapApp(progress_at(1, 20.0))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.query_one(HandMap).form == form


async def test_the_text_form_names_regions_by_state() -> None:
    app = MapApp(progress_at(1, 20.0))
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        text = shown(app)
        assert f"{SYMBOLS[RegionState.ACTIVE]} thumb" in text
        assert f"{SYMBOLS[RegionState.DONE]} palm back" in text


async def test_the_line_form_fits_one_line_and_still_says_which_hand() -> None:
    app = MapApp(progress_at(1, 20.0))
    async with app.run_test(size=(20, 3)) as pilot:
        await pilot.pause()
        assert app.query_one(HandMap).form == "line"
        text = shown(app)
        assert "\n" not in text
        assert f"L{SYMBOLS[RegionState.ACTIVE]}" in text


async def test_every_size_gets_the_largest_form_that_fits_and_both_hands() -> None:
    """From one cell up: a drawing when it fits whole, else the text form, else one line."""
    app = MapApp(progress_at(3, 5.0))
    async with app.run_test(size=(80, 30)) as pilot:
        hand_map = app.query_one(HandMap)
        for width in range(1, 60, 7):
            for height in (1, 2, 5, 9, 13):
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                size = (hand_map.content_size.width, hand_map.content_size.height)
                form, text = hand_map.form, shown(app)
                fitting = [
                    name
                    for index, name in enumerate(DRAWINGS)
                    if drawing_size(index)[0] <= size[0] and drawing_size(index)[1] <= size[1]
                ]
                if fitting:
                    assert form == fitting[0], size
                    assert "LEFT" in text and "RIGHT" in text
                elif size[0] >= 24 and size[1] >= 4:
                    assert form == "text", size
                    assert text.startswith("LEFT") and "\nRIGHT" in text
                else:
                    assert form == "line", size
                    assert "\n" not in text and text.startswith("L") and " R" in text


async def test_a_finished_routine_shows_done_and_full_percent() -> None:
    app = MapApp(progress_at(len(TIMELINE)))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = shown(app)
        assert SYMBOLS[RegionState.ACTIVE] not in text
        assert SYMBOLS[RegionState.PENDING] not in text
        assert text.count("100%") == 2


def test_unused_regions_are_blank() -> None:
    progress = progress_at(0)
    assert progress.left.state(Area.FOREARM) is RegionState.UNUSED
    assert SYMBOLS[RegionState.UNUSED].strip() == ""


def _cells(strips: list[Strip]) -> list[list[tuple[str, str]]]:
    return [[(segment.text, str(segment.style)) for segment in strip] for strip in strips]


@pytest.mark.parametrize("size", [(60, 20), (61, 25), (100, 30)])
async def test_a_new_percent_redraws_only_the_caption_row_and_looks_as_a_full_draw(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seconds pass within a step: the drawing is not laid out again, and the lines shown are
    what drawing everything afresh gives, cell for cell, the new percent in the caption."""
    before, after = progress_at(1, 20.0), progress_at(1, 22.0)
    assert before.left.percent != after.left.percent
    assert [hand.state(area) for hand in before for area in Area] == [
        hand.state(area) for hand in after for area in Area
    ]
    app = MapApp(before)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        hand_map = app.query_one(HandMap)
        assert hand_map.form in DRAWINGS
        drawn: list[int] = []
        render = HandMap.render

        def counted(self: HandMap) -> Text:
            drawn.append(1)
            return render(self)

        monkeypatch.setattr(HandMap, "render", counted)
        hand_map.progress = after
        await pilot.pause()
        assert drawn == []  # only the caption row was drawn again
        width, height = hand_map.content_size
        lines = [hand_map.render_line(y) for y in range(height)]
        assert f" {after.left.percent}%" in "".join(strip.text for strip in lines)
        monkeypatch.setattr(HandMap, "render", render)
        whole = Visual.to_strips(
            hand_map, visualize(hand_map, hand_map.render()), width, height, hand_map.visual_style
        )
        assert _cells(lines) == _cells(whole)
        hand_map.progress = progress_at(2)  # a region changes: all is drawn again
        await pilot.pause()
        lines = [hand_map.render_line(y) for y in range(height)]
        whole = Visual.to_strips(
            hand_map, visualize(hand_map, hand_map.render()), width, height, hand_map.visual_style
        )
        assert _cells(lines) == _cells(whole)
