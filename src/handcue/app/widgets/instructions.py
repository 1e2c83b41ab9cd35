"""What to do now: the step, its technique, the hand in large letters, and what comes next.

The instruction matters most and is never cut silently: when the pane is short, the hand's
large letters shrink to one line first, then the technique line and the next-step line give
way; only then is the instruction shortened, and its last line ends with `…`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from handcue.core.routine import Hand, Step
from handcue.core.timeline import Segment

# Three rows per letter in the thin box style of Textual's `Digits`, so the hand reads from
# across the room.
_GLYPHS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        "A": ("╭─╮", "├─┤", "╵ ╵"),
        "B": ("┌─╮", "├─┤", "└─╯"),
        "C": ("╭─╴", "│  ", "╰─╴"),
        "D": ("┌─╮", "│ │", "└─╯"),
        "E": ("╭─╴", "├─ ", "╰─╴"),
        "F": ("╭─╴", "├─ ", "╵  "),
        "G": ("╭─╴", "│╶╮", "╰─╯"),
        "H": ("╷ ╷", "├─┤", "╵ ╵"),
        "I": ("╶┬╴", " │ ", "╶┴╴"),
        "L": ("╷  ", "│  ", "╰─╴"),
        "N": ("╭╮╷", "│││", "╵╰╯"),
        "O": ("╭─╮", "│ │", "╰─╯"),
        "R": ("┌─╮", "├┬╯", "╵╰╴"),
        "S": ("╭─╴", "╰─╮", "╶─╯"),
        "T": ("╶┬╴", " │ ", " ╵ "),
        "W": ("╷ ╷", "│││", "╰┴╯"),
        " ": ("  ", "  ", "  "),
    }
)


def big_text(text: str) -> tuple[str, str, str] | None:
    """`text` in three-row letters, or None if a letter has no glyph."""
    rows = ["", "", ""]
    for index, char in enumerate(text.upper()):
        glyph = _GLYPHS.get(char)
        if glyph is None:
            return None
        for row in range(3):
            rows[row] += (" " if index and char != " " else "") + glyph[row]
    return rows[0], rows[1], rows[2]


HAND_WORDS: Mapping[Hand, str] = MappingProxyType(
    {Hand.LEFT: "LEFT", Hand.RIGHT: "RIGHT", Hand.BOTH: "BOTH HANDS", Hand.EACH: "EACH HAND"}
)
SWITCH_WORDS = "SWITCH"


def banner_words(segment: Segment | None) -> str:
    if segment is None:
        return ""
    return SWITCH_WORDS if segment.is_switch else HAND_WORDS[segment.hand]


def step_details(step: Step) -> str:
    """`thumb press · firm pressure · 10 reps`: the technique line, empty parts left out."""
    parts: list[str] = []
    if step.technique is not None:
        parts.append(step.technique.value.replace("-", " "))
    if step.pressure is not None:
        parts.append(f"{step.pressure.value} pressure")
    if step.reps:
        parts.append(f"{step.reps} reps")
    return " · ".join(parts)


def next_line(following: Segment | None) -> str:
    if following is None:
        return "next: finish"
    if following.is_switch:
        return f"next: switch to the {following.hand.value} hand"
    return f"next: {following.step.title} ({banner_words(following).lower()})"


@dataclass(frozen=True, slots=True)
class Showing:
    """The part of the routine the pane is about: a segment, the one after it, its number."""

    segment: Segment | None = None
    following: Segment | None = None
    number: str = ""
    """`2/5  ` before the title, or nothing."""


class HandBanner(Widget):
    """The hand in three-row letters when they fit the width, else in one bold line."""

    DEFAULT_CSS = """
    HandBanner {
        height: auto;
        color: $accent;
        text-style: bold;
    }
    HandBanner.-switch { color: $warning; }
    """

    words: reactive[str] = reactive("", layout=True)

    def big_rows(self, width: int) -> tuple[str, str, str] | None:
        """The words in three-row letters if they fit `width`, else None."""
        rows = big_text(self.words)
        if rows is None or len(rows[0]) > width:
            return None
        return rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3 if self.big_rows(width) else 1

    def render(self) -> Content:
        width, height = self.content_size
        rows = self.big_rows(width) if height >= 3 else None
        return Content("\n".join(rows) if rows else self.words)


MORE = "…"
"""Ends an instruction shortened to fit, so the reader knows there is more."""


def fitted_lines(text: str, width: int, height: int) -> list[str]:
    """`text` wrapped to `width`; when it needs more than `height` lines, the lines that fit,
    the last one ending in `…`."""
    if width <= 0 or height <= 0:
        return []
    lines = [
        line
        for paragraph in text.splitlines() or [""]
        for line in (textwrap.wrap(paragraph, width) or [""])
    ]
    if len(lines) <= height:
        return lines
    kept = lines[:height]
    last = kept[-1].rstrip()
    kept[-1] = (last if len(last) + 2 <= width else last[: max(0, width - 2)].rstrip()) + " " + MORE
    return kept


class InstructionText(Widget):
    """The step's instruction, wrapped; shortened with a visible `…` only when it cannot fit."""

    DEFAULT_CSS = "InstructionText { height: 1fr; min-height: 1; }"

    text: reactive[str] = reactive("")

    @property
    def cut(self) -> bool:
        """True when the instruction is shown shortened."""
        width, height = self.content_size
        return len(fitted_lines(self.text, width, 10_000)) > height

    def render(self) -> Content:
        width, height = self.content_size
        return Content("\n".join(fitted_lines(self.text, width, height)))


class Instructions(Vertical):
    """The left-hand pane: everything needed to do the current step without looking away long.

    `showing` is handed over every second but only changes between segments, and Textual
    calls `watch_showing` only on a change: the words are set once per segment.
    """

    DEFAULT_CSS = """
    Instructions {
        height: 1fr;
    }
    Instructions #step-title { text-style: bold; height: auto; }
    Instructions #step-details { color: $text-muted; height: 1; text-overflow: ellipsis; }
    Instructions #step-next { color: $text-muted; height: 1; text-overflow: ellipsis; }
    Instructions.-squeeze-1 HandBanner { height: 1; }
    Instructions.-squeeze-2 #step-details, Instructions.-no-details #step-details {
        display: none;
    }
    Instructions.-squeeze-3 #step-next { display: none; }
    """

    SQUEEZES = 3
    """How many parts can give way to the instruction: the large letters, the technique line,
    the next-step line, in that order."""

    showing: reactive[Showing] = reactive(Showing, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = Static(id="step-title", markup=False)
        self._details = Static(id="step-details", markup=False)
        self._banner = HandBanner(id="step-hand")
        self._text = InstructionText(id="step-text")
        self._next = Static(id="step-next", markup=False)
        self._title_text = ""

    def compose(self) -> ComposeResult:
        yield self._title
        yield self._details
        yield self._banner
        yield self._text
        yield self._next

    def watch_showing(self, showing: Showing) -> None:
        segment = showing.segment
        if segment is None:
            self._fill("Finished", "", "", "", "")
            self._banner.set_class(False, "-switch")
            return
        step = segment.step
        if segment.is_switch:
            title = f"{showing.number}Switch hands"
            details = f"{step.title}: the {segment.hand.value} hand next"
            text = f"Change over: the {segment.hand.value} hand is the one massaged next."
        else:
            title = f"{showing.number}{step.title}"
            details = step_details(step)
            text = step.instruction
        self._fill(title, details, banner_words(segment), text, next_line(showing.following))
        self._banner.set_class(segment.is_switch, "-switch")

    def _fill(self, title: str, details: str, words: str, text: str, following: str) -> None:
        self._title_text = title
        self._title.update(title)
        self._details.update(details)
        self.set_class(not details, "-no-details")
        self._banner.words = words
        self._text.text = text
        self._next.update(following)
        self._squeeze()

    def on_resize(self) -> None:
        self._squeeze()

    def _squeeze(self) -> None:
        """Give the instruction the rows it needs by letting the lesser parts go, in order."""
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return
        title = len(fitted_lines(self._title_text, width, 10_000))
        big = self._banner.big_rows(width) is not None
        details = 0 if self.has_class("-no-details") else 1
        needed = len(fitted_lines(self._text.text, width, 10_000))
        level = 0
        for level in range(self.SQUEEZES + 1):
            used = (
                title
                + (3 if big and level < 1 else 1)
                + (details if level < 2 else 0)
                + (1 if level < 3 else 0)
            )
            if used + needed <= height:
                break
        for step in range(1, self.SQUEEZES + 1):
            self.set_class(level >= step, f"-squeeze-{step}")
