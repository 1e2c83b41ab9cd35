"""The clock pane: time left in the step in big digits, and how far the routine has come.

The screen hands over a new `ClockFace` every second. Each part keeps a reactive holding only
what it shows (the clock text, a bar's filled half cells and percent, a line's words), so
Textual repaints a part only when that changes, and nothing here ever asks for a new layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive, var
from textual.widget import Widget
from textual.widgets import Digits

from handcue.core.durations import format_clock

PERCENT_WIDTH = 5
"""Columns for the percentage after the bar: `100%` right-aligned with a space before it."""

HALF_LEFT, FULL, HALF_RIGHT = "╺", "━", "╸"


@dataclass(frozen=True, slots=True)
class ClockFace:
    """The engine's numbers for the clock pane, as the screen reads them at one moment."""

    remaining: float = 0.0
    duration: float = 1.0
    total_remaining: float = 0.0
    total: float = 1.0
    paused: bool = False
    muted: bool = False
    silent: bool = False
    """True while cues cannot be heard (no device, or it failed)."""

    @property
    def step_done(self) -> float:
        return _share(self.duration - self.remaining, self.duration)

    @property
    def routine_done(self) -> float:
        return _share(self.total - self.total_remaining, self.total)

    @property
    def flags(self) -> str:
        marks = (("PAUSED", self.paused), ("MUTED", self.muted), ("NO SOUND", self.silent))
        return "  ".join(word for word, on in marks if on)


def bar_cells(fraction: float, width: int) -> tuple[int, bool]:
    """Whole cells filled and whether half a cell more is, for a bar `width` cells wide."""
    if width <= 0:
        return 0, False
    halves = int(min(1.0, max(0.0, fraction)) * width * 2)
    return halves // 2, bool(halves % 2)


def percent(fraction: float) -> int:
    return round(min(1.0, max(0.0, fraction)) * 100)


@dataclass(frozen=True, slots=True)
class MeterShows:
    """What a meter draws: filled cells, a half cell, the percentage, and the bar's width."""

    full: int = 0
    half: bool = False
    percent: int = 0
    width: int = 0


class Meter(Widget):
    """A thin bar in half cells with its percentage after it, in the look of Textual's bar.

    Unlike `ProgressBar` it keeps no timer of its own and estimates nothing. `fraction` may
    change every second; it is turned into `shows`, and only a change there repaints.
    """

    DEFAULT_CSS = """
    Meter { width: 100%; height: 1; }
    Meter > .meter--bar { color: $primary; background: $surface; }
    Meter > .meter--complete { color: $success; background: $surface; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"meter--bar", "meter--complete"}

    fraction: var[float] = var(0.0)
    """How much is done, 0 to 1."""

    shows: reactive[MeterShows] = reactive(MeterShows)

    def watch_fraction(self, fraction: float) -> None:
        self.shows = self._shows(fraction)

    def on_resize(self) -> None:
        self.shows = self._shows(self.fraction)

    def _shows(self, fraction: float) -> MeterShows:
        width = max(0, self.content_size.width - PERCENT_WIDTH)
        full, half = bar_cells(fraction, width)
        return MeterShows(full, half, percent(fraction), width)

    def render(self) -> Text:
        shows = self.shows
        width = shows.width
        complete = shows.full >= width
        style = self.get_component_rich_style("meter--complete" if complete else "meter--bar")
        filled = Style.from_color(style.color)
        empty = Style.from_color(style.bgcolor)
        text = Text(no_wrap=True, overflow="crop", end="")
        if shows.full == 0 and not shows.half:
            text.append(FULL * width, empty)
        else:
            text.append(FULL * shows.full + (HALF_RIGHT if shows.half else ""), filled)
            rest = width - shows.full - (1 if shows.half else 0)
            if rest > 0:
                text.append((FULL if shows.half else HALF_LEFT) + FULL * (rest - 1), empty)
        text.append(f"{shows.percent}%".rjust(PERCENT_WIDTH))
        return text


class Line(Widget):
    """One line of plain words; repaints only when the words change."""

    DEFAULT_CSS = "Line { width: 100%; height: 1; }"

    text: reactive[str] = reactive("")

    def render(self) -> Content:
        return Content(self.text)


class Countdown(Vertical):
    """Shows the `face` it is given; the player screen reads it from the engine."""

    DEFAULT_CSS = """
    Countdown {
        height: 1fr;
        align-horizontal: center;
    }
    Countdown Digits { width: 100%; text-align: center; color: $accent; text-style: bold; }
    Countdown.-paused Digits { color: $text-muted; }
    Countdown Line { text-align: center; color: $text-muted; }
    Countdown #countdown-state { color: $warning; text-style: bold; }
    """

    face: reactive[ClockFace] = reactive(ClockFace, repaint=False)
    clock: reactive[str] = reactive("0:00", repaint=False)
    """The step's time left as the digits show it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._digits = Digits("0:00", id="countdown-step")
        self._step_bar = Meter(id="countdown-step-bar")
        self._state = Line(id="countdown-state")
        self._total = Line(id="countdown-total")
        self._total_bar = Meter(id="countdown-total-bar")

    def compose(self) -> ComposeResult:
        yield self._digits
        yield self._step_bar
        yield self._state
        yield self._total
        yield self._total_bar

    def watch_face(self, face: ClockFace) -> None:
        self.clock = format_clock(face.remaining)
        self.set_class(face.paused, "-paused")
        self._step_bar.fraction = face.step_done
        self._total_bar.fraction = face.routine_done
        self._state.text = face.flags
        self._total.text = (
            f"{format_clock(face.total_remaining)} left of {format_clock(face.total)}"
        )

    def watch_clock(self, clock: str) -> None:
        self._digits.update(clock)


def _share(done: float, whole: float) -> float:
    return max(0.0, done) / max(whole, 1e-9)
