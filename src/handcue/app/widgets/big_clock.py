"""The step's time left, as large as the space given to it: one line, three rows, or more.

A clock read from across the room, or with a glance while the hands are busy, should fill the
space it has, as termdown fills a terminal. Fixed fonts come in a few sizes only, so the large
form here is a 3 x 5 dot font drawn with half blocks, each dot `scale` columns wide and `scale`
half rows high: square dots that grow one step at a time with the window. Below five rows the
clock uses Textual's three-row digits, and below three rows (or too narrow) one plain line.

The large form changes every second for as long as a routine plays, so its lines are built
from each character's rows, made once per size, and drawn as strips directly: no text to lay
out, wrap and align again each second.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

_DOTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "0": ("###", "#.#", "#.#", "#.#", "###"),
        "1": (".#.", "##.", ".#.", ".#.", "###"),
        "2": ("###", "..#", "###", "#..", "###"),
        "3": ("###", "..#", ".##", "..#", "###"),
        "4": ("#.#", "#.#", "###", "..#", "..#"),
        "5": ("###", "#..", "###", "..#", "###"),
        "6": ("###", "#..", "###", "#.#", "###"),
        "7": ("###", "..#", "..#", "..#", "..#"),
        "8": ("###", "#.#", "###", "#.#", "###"),
        "9": ("###", "#.#", "###", "..#", "###"),
        ":": (".", "#", ".", "#", "."),
    }
)
"""Each character as five rows of dots (#), in the proportions of a seven-segment display."""

DOT_ROWS = 5
HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def dot_width(text: str) -> int | None:
    """Width of `text` in dots, a dot's gap between characters; None if a character has none."""
    if any(char not in _DOTS for char in text):
        return None
    return sum(len(_DOTS[char][0]) for char in text) + max(0, len(text) - 1)


def largest_scale(text: str, width: int, height: int) -> int:
    """The largest scale at which `text` fits `width` x `height` cells; 0 if none does."""
    dots = dot_width(text)
    if dots is None or dots == 0:
        return 0
    return max(0, min(width // dots, (2 * height) // DOT_ROWS))


def block_rows(text: str, scale: int) -> list[str]:
    """`text` in dots `scale` cells wide and `scale` half rows high, two dot rows a cell row."""
    shapes = [_block_char(char, scale) for char in text]
    gap = " " * scale
    return [gap.join(shape[row] for shape in shapes) for row in range(len(shapes[0]))]


@functools.cache
def _block_char(char: str, scale: int) -> tuple[str, ...]:
    """One character's rows at `scale`; a gap between characters is a column of dots off,
    which is blank in every row."""
    half_rows = [
        [dot == "#" for dot in row for _ in range(scale)]
        for row in _DOTS[char]
        for _ in range(scale)
    ]
    if len(half_rows) % 2:
        half_rows.append([False] * len(half_rows[0]))
    return tuple(
        "".join(HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(half_rows[0::2], half_rows[1::2], strict=True)
    )


def clock_form(text: str, width: int, height: int) -> str:
    """Which form of `text` fits: `large` (dots), `digits` (three rows) or `line`."""
    if height >= 5 and largest_scale(text, width, height) >= 2:
        return "large"
    if height >= 3 and DigitsRenderable.get_width(text) <= width:
        return "digits"
    return "line"


class BigClock(Widget):
    """Shows `value` (`12:34`) in the largest form its size allows, centred."""

    DEFAULT_CSS = """
    BigClock {
        width: 1fr;
        height: 1fr;
        min-height: 1;
        content-align: center middle;
        text-align: center;
    }
    """

    value: reactive[str] = reactive("0:00")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._large: tuple[tuple[object, ...], list[Strip]] | None = None
        """The large form's lines, with the value, size and style they were drawn for."""

    @property
    def form(self) -> str:
        return clock_form(self.value, self.content_size.width, self.content_size.height)

    def render(self) -> RenderableType:
        width, height = self.content_size
        form = clock_form(self.value, width, height)
        if form == "large":
            scale = largest_scale(self.value, width, height)
            return Text("\n".join(block_rows(self.value, scale)), no_wrap=True, end="")
        if form == "digits":
            return DigitsRenderable(self.value, self.rich_style)
        return Text(self.value, no_wrap=True, overflow="crop", end="")

    def render_line(self, y: int) -> Strip:
        size = self.content_size
        key = (self.value, size, self.visual_style)
        if self._large is None or self._large[0] != key:  # once a frame, not once a row
            if clock_form(self.value, size.width, size.height) != "large":
                return super().render_line(y)
            self._large = (key, self._large_lines(size))
        lines = self._large[1]
        return lines[y] if y < len(lines) else Strip.blank(size.width, self.rich_style)

    def _large_lines(self, size: Size) -> list[Strip]:
        """The large form's lines, as Textual would draw `render()`'s text: each line centred
        on the widget's background, the block centred between blank lines."""
        style = self.visual_style
        ink = style.rich_style
        paper = RichStyle(bgcolor=ink.bgcolor)
        scale = largest_scale(self.value, size.width, size.height)
        lines = []
        for row in block_rows(self.value, scale):
            left = (size.width - len(row)) // 2
            right = size.width - len(row) - left
            segments = [Segment(" " * left, paper)] if left else []
            segments.append(Segment(row, ink))
            if right:
                segments.append(Segment(" " * right, paper))
            lines.append(Strip(segments, size.width))
        space = (style + Style(reverse=False)).rich_style
        return list(Strip.align(lines, space, size.width, size.height, "center", "middle"))
