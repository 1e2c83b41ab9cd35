"""What to do now: the step, its technique, the hand in large letters, and what comes next."""

from __future__ import annotations

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

    def _big(self, width: int) -> tuple[str, str, str] | None:
        rows = big_text(self.words)
        if rows is None or len(rows[0]) > width:
            return None
        return rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3 if self._big(width) else 1

    def render(self) -> Content:
        rows = self._big(self.content_size.width)
        return Content("\n".join(rows) if rows else self.words)


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
    Instructions #step-details { color: $text-muted; height: auto; }
    Instructions #step-text { height: 1fr; min-height: 1; overflow: hidden; }
    Instructions #step-next { color: $text-muted; height: 1; text-overflow: ellipsis; }
    """

    showing: reactive[Showing] = reactive(Showing, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = Static(id="step-title", markup=False)
        self._details = Static(id="step-details", markup=False)
        self._banner = HandBanner(id="step-hand")
        self._text = Static(id="step-text", markup=False)
        self._next = Static(id="step-next", markup=False)

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
        self._title.update(title)
        self._details.update(details)
        self._details.display = bool(details)
        self._banner.words = words
        self._text.update(text)
        self._next.update(following)
