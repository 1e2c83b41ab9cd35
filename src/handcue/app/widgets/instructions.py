"""What to do now: the step, its technique, the hand in large letters, and what comes next."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.geometry import Size
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

    def __init__(self, words: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._words = words

    @property
    def words(self) -> str:
        return self._words

    @words.setter
    def words(self, words: str) -> None:
        if words != self._words:
            self._words = words
            self.refresh(layout=True)

    def _big(self, width: int) -> tuple[str, str, str] | None:
        rows = big_text(self._words)
        if rows is None or len(rows[0]) > width:
            return None
        return rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3 if self._big(width) else 1

    def render(self) -> Content:
        rows = self._big(self.content_size.width)
        return Content("\n".join(rows) if rows else self._words)


class Instructions(Vertical):
    """The left-hand pane: everything needed to do the current step without looking away long."""

    DEFAULT_CSS = """
    Instructions {
        height: 1fr;
    }
    Instructions #step-title { text-style: bold; height: auto; }
    Instructions #step-details { color: $text-muted; height: auto; }
    Instructions #step-text { height: 1fr; min-height: 1; overflow: hidden; }
    Instructions #step-next { color: $text-muted; height: 1; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[Segment | None, Segment | None, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="step-title", markup=False)
        yield Static(id="step-details", markup=False)
        yield HandBanner(id="step-hand")
        yield Static(id="step-text", markup=False)
        yield Static(id="step-next", markup=False)

    def show(self, segment: Segment | None, following: Segment | None, number: str = "") -> None:
        """Fill the pane for `segment`; `following` is the one after it (None at the end)."""
        try:
            title = self.query_one("#step-title", Static)
        except NoMatches:
            return
        # Called every second while a routine plays; the words only change with the segment.
        if self._shown == (segment, following, number):
            return
        self._shown = (segment, following, number)
        banner = self.query_one(HandBanner)
        if segment is None:
            title.update("Finished")
            self.query_one("#step-details", Static).update("")
            banner.words = ""
            self.query_one("#step-text", Static).update("")
            self.query_one("#step-next", Static).update("")
            return
        step = segment.step
        if segment.is_switch:
            title.update(f"{number}Switch hands")
            details = f"{step.title}: the {segment.hand.value} hand next"
            text = f"Change over: the {segment.hand.value} hand is the one massaged next."
        else:
            title.update(f"{number}{step.title}")
            details = step_details(step)
            text = step.instruction
        self.query_one("#step-details", Static).update(details)
        self.query_one("#step-details", Static).display = bool(details)
        banner.words = banner_words(segment)
        banner.set_class(segment.is_switch, "-switch")
        self.query_one("#step-text", Static).update(text)
        self.query_one("#step-next", Static).update(next_line(following))
