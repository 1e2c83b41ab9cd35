"""Both hands drawn side by side, each region marked pending, active or done.

The drawings (`hand_drawings`) are templates of box characters in which capital letters stand
for regions; the right hand is the left one mirrored. Every state has its own symbol as well as
its own colour, so the map reads without colour. When the widget is too small for a drawing it falls back to a
text form, and then to a single line: it renders something sensible at any size.

Under a drawing, the caption row (`LEFT 45%`) changes far more often than the drawing: a new
percent repaints that row alone, and the drawing is laid out again only when a region, the
active hand, the size or the styles change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from handcue.app.widgets.hand_drawings import (
    DRAWINGS,
    GAP,
    REGION_CODES,
    TEMPLATES,
    drawing_size,
    rows_of,
)
from handcue.core.progress import SYMBOLS, HandProgress, HandsProgress, RegionState
from handcue.core.routine import Area

LEGEND = (
    f"{SYMBOLS[RegionState.ACTIVE]} now {SYMBOLS[RegionState.DONE]} done "
    f"{SYMBOLS[RegionState.SKIPPED]} skipped {SYMBOLS[RegionState.PENDING]} to come  % done"
)
"""What the map's marks and figures mean, for the pane's frame."""

SHORT_NAMES: Mapping[Area, str] = MappingProxyType(
    {area: ("hypo" if area is Area.HYPOTHENAR else area.value) for area in Area}
)


class HandMap(Widget):
    """Draws a `HandsProgress`; give it a new one with `progress = ...` to repaint."""

    DEFAULT_CSS = """
    HandMap {
        height: 1fr;
        min-height: 1;
        content-align: center middle;
    }
    HandMap > .hand-map--outline { color: $text-muted; }
    HandMap > .hand-map--outline-active { color: $accent; text-style: bold; }
    HandMap > .hand-map--caption { color: $text-muted; }
    HandMap > .hand-map--label { color: $text-muted; text-style: bold; }
    HandMap > .hand-map--label-active { color: $text; background: $accent 40%; text-style: bold; }
    HandMap > .hand-map--unused { color: $text-disabled; }
    HandMap > .hand-map--pending { color: $text-muted; }
    HandMap > .hand-map--active { color: $warning; text-style: bold; }
    HandMap > .hand-map--done { color: $success; text-style: bold; }
    HandMap > .hand-map--skipped { color: $text-muted; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "hand-map--outline",
        "hand-map--outline-active",
        "hand-map--caption",
        "hand-map--label",
        "hand-map--label-active",
        "hand-map--unused",
        "hand-map--pending",
        "hand-map--active",
        "hand-map--done",
        "hand-map--skipped",
    }

    progress: reactive[HandsProgress | None] = reactive(None, repaint=False)
    """What to draw. The player hands it over in whole percents (its `validate_hands`), so a
    new progress repaints only when a region, the active hand or a whole percent changes
    (`watch_progress` says how much)."""

    def __init__(
        self,
        progress: HandsProgress | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(HandMap.progress, progress)
        self._drawn: dict[tuple[object, ...], Text] = {}
        """Drawings without their caption line, by form and region states."""
        self._lines: _Lines | None = None
        """The lines last drawn in full, while a drawing shows; see `render_line`."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()
        self._lines = None

    def watch_progress(self, before: HandsProgress | None, progress: HandsProgress | None) -> None:
        lines = self._lines
        if (
            lines is not None
            and lines.caption_row >= 0
            and lines.size == self.content_size
            and before is not None
            and progress is not None
            and _drawing_key(before) == _drawing_key(progress)
        ):
            lines.caption_stale = True
            self.refresh(Region(0, lines.caption_row, lines.size.width, 1))
        else:
            self._lines = None
            self.refresh()

    def render_line(self, y: int) -> Strip:
        """A drawing's lines, kept; a new percent draws only the caption row again."""
        size = self.content_size
        progress = self.progress
        if progress is None or self.form not in DRAWINGS:
            self._lines = None
            return super().render_line(y)
        lines = self._lines
        if lines is None or lines.size != size or lines.style != self.visual_style:
            lines = self._lines = self._draw_lines(progress, size)
        elif lines.caption_stale:
            lines.caption_stale = False
            lines.strips[lines.caption_row] = self._caption_line(progress, size)
        if y < len(lines.strips):
            return lines.strips[y]
        return Strip.blank(size.width, self.visual_style.rich_style)

    def _draw_lines(self, progress: HandsProgress, size: Size) -> _Lines:
        strips = Visual.to_strips(self, self._render(), size.width, size.height, self.visual_style)
        caption = self._caption_line(progress, size)
        # Found by looking, so the row is the one Textual's centring put it on.
        row = next((index for index, strip in enumerate(strips) if strip == caption), None)
        if row is None:  # cropped away: every change draws all again
            return _Lines(size, self.visual_style, strips, -1)
        return _Lines(size, self.visual_style, strips, row)

    def _caption_line(self, progress: HandsProgress, size: Size) -> Strip:
        """The caption row alone, drawn as it is under the drawing: the drawing's rows before
        it left empty, so it is placed, and knows its line, as in the whole."""
        index = DRAWINGS.index(self.form)
        text = Text("\n" * len(rows_of(TEMPLATES[index][0])), no_wrap=True, overflow="crop")
        text.append_text(self._captions(progress, index))
        return Visual.to_strips(self, visualize(self, text), size.width, None, self.visual_style)[
            -1
        ]

    @property
    def form(self) -> str:
        """Which form fits now: `large`, `medium`, `small`, `text` or `line`."""
        return _form_for(self.content_size.width, self.content_size.height)

    def render(self) -> Text:
        progress = self.progress
        if progress is None:
            return Text("")
        form = self.form
        if form in DRAWINGS:
            return self._drawing(progress, DRAWINGS.index(form))
        if form == "text":
            return self._text_form(progress, self.content_size.width)
        return self._line_form(progress)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"hand-map--{name}")

    def _state_style(self, state: RegionState) -> Style:
        return self._style(str(state))

    def _drawing(self, progress: HandsProgress, index: int) -> Text:
        # The percentages under the hands change more often than the regions: the drawing
        # above them is kept until a region changes state or the styles change.
        key = (index, *_drawing_key(progress))
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) > 8:
                self._drawn.clear()
            drawn = self._drawn[key] = self._draw_hands(progress, index)
        text = drawn.copy()
        text.append("\n")
        text.append_text(self._captions(progress, index))
        return text

    def _captions(self, progress: HandsProgress, index: int) -> Text:
        """`LEFT 45%` under one hand and `RIGHT 20%` under the other, one line."""
        text = Text(no_wrap=True, overflow="crop")
        width = len(rows_of(TEMPLATES[index][0])[0])
        for hand_index, hand in enumerate(progress):
            if hand_index:
                text.append(" " * GAP)
            text.append_text(self._caption(hand, width))
        return text

    def _draw_hands(self, progress: HandsProgress, index: int) -> Text:
        left_rows = rows_of(TEMPLATES[index][0])
        right_rows = rows_of(TEMPLATES[index][1])
        text = Text(no_wrap=True, overflow="crop")
        for row, (left, right) in enumerate(zip(left_rows, right_rows, strict=True)):
            if row:
                text.append("\n")
            self._draw_row(text, left, progress.left)
            text.append(" " * GAP)
            self._draw_row(text, right, progress.right)
        return text

    def _draw_row(self, text: Text, row: str, hand: HandProgress) -> None:
        outline = self._style("outline-active" if hand.active else "outline")
        caption = self._style("caption")
        for match in re.finditer(r"[A-Z]|[a-z]+|[^A-Za-z]+", row):
            chunk = match.group(0)
            if chunk in REGION_CODES:
                state = hand.state(REGION_CODES[chunk])
                text.append(SYMBOLS[state], self._state_style(state))
            elif chunk.islower():
                text.append(chunk, caption)
            else:
                text.append(chunk, outline)

    def _caption(self, hand: HandProgress, width: int) -> Text:
        """`LEFT 45%` centred under a hand; the active hand's name is highlighted."""
        name = f" {hand.hand.value.upper()} "
        label = Text()
        label.append(name, self._style("label-active" if hand.active else "label"))
        label.append(f" {_percent(hand)}", self._style("caption"))
        label.align("center", width)
        return label

    def _text_form(self, progress: HandsProgress, width: int) -> Text:
        """A few lines per hand: name and percent, then regions grouped by state."""
        text = Text(no_wrap=False, overflow="fold")
        for index, hand in enumerate(progress):
            if index:
                text.append("\n")
            text.append(
                f"{hand.hand.value.upper()}",
                self._style("label-active" if hand.active else "label"),
            )
            text.append(f" {_percent(hand)}", self._style("caption"))
            for state in (
                RegionState.ACTIVE,
                RegionState.DONE,
                RegionState.SKIPPED,
                RegionState.PENDING,
            ):
                areas = [area for area in Area if hand.state(area) is state]
                if areas:
                    text.append("  ")
                    text.append(
                        f"{SYMBOLS[state]} {' '.join(SHORT_NAMES[area] for area in areas)}",
                        self._state_style(state),
                    )
        return text

    def _line_form(self, progress: HandsProgress) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, hand in enumerate(progress):
            if index:
                text.append(" ")
            marker = SYMBOLS[RegionState.ACTIVE] if hand.active else ""
            text.append(
                f"{hand.hand.value[0].upper()}{marker}",
                self._style("label-active" if hand.active else "label"),
            )
            text.append(f" {_percent(hand)}", self._style("caption"))
        return text


class _Lines:
    """A drawing's lines as last drawn, and the row of its caption (-1: not on screen)."""

    __slots__ = ("caption_row", "caption_stale", "size", "strips", "style")

    def __init__(self, size: Size, style: object, strips: list[Strip], caption_row: int) -> None:
        self.size = size
        self.style = style
        self.strips = strips
        self.caption_row = caption_row
        self.caption_stale = False


def _drawing_key(progress: HandsProgress) -> tuple[tuple[object, ...], ...]:
    """What the drawing above the captions shows: each hand's regions and whether it is active."""
    return tuple((hand.active, *map(hand.state, Area)) for hand in progress)


def as_shown(progress: HandsProgress) -> HandsProgress:
    """`progress` with each hand's seconds rounded down to the whole percent the map shows:
    two progresses that look alike on the map are then equal."""
    return HandsProgress(*(_to_percent(hand) for hand in progress))


def _to_percent(hand: HandProgress) -> HandProgress:
    if not hand.used:
        return hand
    return replace(hand, done_seconds=hand.percent * hand.total_seconds / 100)


def _percent(hand: HandProgress) -> str:
    return f"{hand.percent}%" if hand.used else "—"


def _form_for(width: int, height: int) -> str:
    for index, form in enumerate(DRAWINGS):
        need_width, need_height = drawing_size(index)
        if width >= need_width and height >= need_height:
            return form
    if height >= 4 and width >= 24:
        return "text"
    return "line"
