"""The clock pane: time left in the step in big digits, and how far the routine has come.

Repainted every second while a routine plays, so each part is touched only when what it shows
changes: the digits when the clock text changes, a bar when it grows by half a cell or a whole
percent, the lines when their words change. None of them ever asks for a new layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Digits, Static

from handcue.core.durations import format_clock

PERCENT_WIDTH = 5
"""Columns for the percentage after the bar: `100%` right-aligned with a space before it."""

HALF_LEFT, FULL, HALF_RIGHT = "╺", "━", "╸"


def bar_cells(fraction: float, width: int) -> tuple[int, bool]:
    """Whole cells filled and whether half a cell more is, for a bar `width` cells wide."""
    if width <= 0:
        return 0, False
    halves = int(min(1.0, max(0.0, fraction)) * width * 2)
    return halves // 2, bool(halves % 2)


def percent(fraction: float) -> int:
    return round(min(1.0, max(0.0, fraction)) * 100)


class Meter(Widget):
    """A thin bar in half cells with its percentage after it, in the look of Textual's bar.

    Unlike `ProgressBar` it keeps no timer of its own and estimates nothing: it repaints only
    when `fraction` moves the bar by half a cell or the percentage by one.
    """

    DEFAULT_CSS = """
    Meter { width: 100%; height: 1; }
    Meter > .meter--bar { color: $primary; background: $surface; }
    Meter > .meter--complete { color: $success; background: $surface; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"meter--bar", "meter--complete"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fraction = 0.0

    @property
    def fraction(self) -> float:
        return self._fraction

    def show(self, fraction: float) -> None:
        """Fill the bar to `fraction` (0 to 1); repaints only if that changes what shows."""
        width = self._bar_width()
        before = (bar_cells(self._fraction, width), percent(self._fraction))
        self._fraction = fraction
        if (bar_cells(fraction, width), percent(fraction)) != before:
            self.refresh()

    def _bar_width(self) -> int:
        return max(0, self.content_size.width - PERCENT_WIDTH)

    def render(self) -> Text:
        width = self._bar_width()
        full, half = bar_cells(self._fraction, width)
        complete = full >= width
        style = self.get_component_rich_style("meter--complete" if complete else "meter--bar")
        filled = Style.from_color(style.color)
        empty = Style.from_color(style.bgcolor)
        text = Text(no_wrap=True, overflow="crop", end="")
        if full == 0 and not half:
            text.append(FULL * width, empty)
        else:
            text.append(FULL * full + (HALF_RIGHT if half else ""), filled)
            rest = width - full - (1 if half else 0)
            if rest > 0:
                text.append((FULL if half else HALF_LEFT) + FULL * (rest - 1), empty)
        text.append(f"{percent(self._fraction)}%".rjust(PERCENT_WIDTH))
        return text


class Countdown(Vertical):
    """Shows numbers it is given; the player screen reads them from the engine."""

    DEFAULT_CSS = """
    Countdown {
        height: 1fr;
        align-horizontal: center;
    }
    Countdown Digits { width: 100%; text-align: center; color: $accent; text-style: bold; }
    Countdown.-paused Digits { color: $text-muted; }
    Countdown .countdown-line { width: 100%; height: 1; text-align: center; color: $text-muted; }
    Countdown #countdown-state { color: $warning; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: dict[Static, str] = {}
        self._parts: _Parts | None = None

    def compose(self) -> ComposeResult:
        yield Digits("0:00", id="countdown-step")
        yield Meter(id="countdown-step-bar")
        yield Static("", id="countdown-state", classes="countdown-line", markup=False)
        yield Static("", id="countdown-total", classes="countdown-line", markup=False)
        yield Meter(id="countdown-total-bar")

    def show(
        self,
        *,
        remaining: float,
        duration: float,
        total_remaining: float,
        total: float,
        paused: bool,
        muted: bool = False,
        silent: bool = False,
    ) -> None:
        """Fill in the pane; `remaining` and `total_remaining` come straight from the engine."""
        if self._parts is None:
            try:
                self._parts = _Parts(
                    self.query_one("#countdown-step", Digits),
                    self.query_one("#countdown-step-bar", Meter),
                    self.query_one("#countdown-state", Static),
                    self.query_one("#countdown-total", Static),
                    self.query_one("#countdown-total-bar", Meter),
                )
            except NoMatches:
                return
        parts = self._parts
        clock = format_clock(remaining)
        if parts.digits.value != clock:
            parts.digits.update(clock)
        self.set_class(paused, "-paused")
        parts.step_bar.show(_share(duration - remaining, duration))
        parts.total_bar.show(_share(total - total_remaining, total))
        flags = [
            word for word, on in (("PAUSED", paused), ("MUTED", muted), ("NO SOUND", silent)) if on
        ]
        self._line(parts.state, "  ".join(flags))
        self._line(parts.total, f"{format_clock(total_remaining)} left of {format_clock(total)}")

    def _line(self, line: Static, text: str) -> None:
        """Set a one-line label; its size is fixed by the stylesheet, so no layout is needed."""
        if self._lines.get(line) != text:
            self._lines[line] = text
            line.update(text, layout=False)


@dataclass(frozen=True, slots=True)
class _Parts:
    """The pane's widgets, looked up once: the pane is filled in every second."""

    digits: Digits
    step_bar: Meter
    state: Static
    total: Static
    total_bar: Meter


def _share(done: float, whole: float) -> float:
    return max(0.0, done) / max(whole, 1e-9)
