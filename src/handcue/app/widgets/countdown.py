"""The clock pane: time left in the step in big digits, how far the routine has come, the
stroke pacer's sweep, and what is on: sound, voice, pacer.

The screen hands over a new `ClockFace` every second (and more often while the pacer sweeps).
Each part keeps a reactive holding only what it shows (the clock text, a bar's filled half
cells and percent, a line's words), so Textual repaints a part only when that changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive, var
from textual.widget import Widget

from handcue.app.widgets.big_clock import BigClock
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
    quiet: bool = False
    """True when the person chose no sound (`HANDCUE_AUDIO=silent`): nothing failed."""
    voice: bool = False
    pacer: bool = False
    """The stroke pacer is on (it ticks, and sweeps when the step has a tempo)."""
    strokes: float | None = None
    """Strokes done in this step, fractions counted, while the pacer sweeps; else None."""
    tempo: float | None = None
    """Strokes a minute now, while the pacer sweeps."""

    @property
    def step_done(self) -> float:
        return _share(self.duration - self.remaining, self.duration)

    @property
    def routine_done(self) -> float:
        return _share(self.total - self.total_remaining, self.total)

    @property
    def status(self) -> Status:
        return Status(self.paused, self.muted, self.silent, self.voice, self.pacer, self.quiet)


@dataclass(frozen=True, slots=True)
class Status:
    """What the status line says: the clock stopped, and which sounds are on."""

    paused: bool = False
    muted: bool = False
    silent: bool = False
    voice: bool = False
    pacer: bool = False
    quiet: bool = False

    def warnings(self) -> list[str]:
        """Words in capitals for what needs noticing: the clock stopped, no sound at all."""
        marks = (("PAUSED", self.paused), ("MUTED", self.muted), ("NO SOUND", self.silent))
        return [word for word, on in marks if on]

    def settings(self, short: bool = False) -> list[str]:
        """`sound on`, `voice off`, `pacer on` (`sound✓` ... when `short`); sound is left out
        when a warning already says it is off, and `sound off` when no sound was chosen."""
        parts: list[tuple[str, bool]] = []
        if not (self.muted or self.silent):
            parts.append(("sound", not self.quiet))  # off when the person chose no sound
        parts += [("voice", self.voice), ("pacer", self.pacer)]
        if short:
            return [f"{name}{'✓' if on else '✗'}" for name, on in parts]
        return [f"{name} {'on' if on else 'off'}" for name, on in parts]

    def forms(self) -> list[tuple[str, str]]:
        """(warnings, settings) from the longest form to the shortest."""
        warnings = "  ".join(self.warnings())
        gap = "  " if warnings else ""
        return [
            (warnings + gap, " · ".join(self.settings())),
            (warnings + gap, " ".join(self.settings(short=True))),
            (warnings, ""),
        ]


class StatusLine(Widget):
    """`PAUSED  sound on · voice off · pacer on`, shortened to fit its width."""

    DEFAULT_CSS = """
    StatusLine { width: 100%; height: 1; text-align: center; }
    StatusLine > .status-line--warning { color: $warning; text-style: bold; }
    StatusLine > .status-line--settings { color: $text-muted; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"status-line--warning", "status-line--settings"}

    status: reactive[Status] = reactive(Status)

    @property
    def text(self) -> str:
        """The words shown now."""
        warnings, settings = self._form(self.content_size.width)
        return warnings + settings

    def _form(self, width: int) -> tuple[str, str]:
        forms = self.status.forms()
        return next((form for form in forms if len("".join(form)) <= width), forms[-1])

    def render(self) -> Text:
        warnings, settings = self._form(self.content_size.width)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(warnings, self.get_component_rich_style("status-line--warning"))
        text.append(settings, self.get_component_rich_style("status-line--settings"))
        return text


@dataclass(frozen=True, slots=True)
class SweepShows:
    """What the pacer's bar draws: filled half cells out of `halves`, and the tempo."""

    halves: int = 0
    of: int = 0
    tempo: int | None = None


def sweep_fraction(strokes: float) -> float:
    """How full the pacer's bar is: it fills during one stroke and empties during the next,
    so it is full or empty exactly when a tick sounds."""
    done = math.floor(strokes)
    part = strokes - done
    return part if done % 2 == 0 else 1.0 - part


class PacerBar(Widget):
    """The stroke pacer made visible: a bar that fills and empties in time with the ticks.

    Hidden while the pacer is off or the step has no tempo.
    """

    DEFAULT_CSS = """
    PacerBar { width: 100%; height: 1; display: none; }
    PacerBar.-sweeping { display: block; }
    PacerBar > .pacer-bar--bar { color: $accent; background: $surface; }
    PacerBar > .pacer-bar--label { color: $text-muted; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pacer-bar--bar", "pacer-bar--label"}

    LABEL = "pacer "

    strokes: var[float | None] = var[float | None](None)
    tempo: var[float | None] = var[float | None](None)
    shows: reactive[SweepShows] = reactive(SweepShows)

    def watch_strokes(self) -> None:
        self.set_class(self.strokes is not None, "-sweeping")
        self.shows = self._shows()

    def watch_tempo(self) -> None:
        self.shows = self._shows()

    def on_resize(self) -> None:
        self.shows = self._shows()

    def _tempo_words(self) -> str:
        return "" if self.tempo is None else f" {round(self.tempo)}/min"

    def _shows(self) -> SweepShows:
        if self.strokes is None:
            return SweepShows()
        width = self.content_size.width - len(self.LABEL) - len(self._tempo_words())
        of = max(0, width) * 2
        halves = round(sweep_fraction(self.strokes) * of)
        return SweepShows(halves, of, None if self.tempo is None else round(self.tempo))

    def render(self) -> Text:
        shows = self.shows
        text = Text(no_wrap=True, overflow="crop", end="")
        if not shows.of:
            return text
        bar = self.get_component_rich_style("pacer-bar--bar")
        label = self.get_component_rich_style("pacer-bar--label")
        text.append(self.LABEL, label)
        full, half = divmod(shows.halves, 2)
        cells = shows.of // 2
        text.append(FULL * full + (HALF_RIGHT if half else ""), Style.from_color(bar.color))
        rest = cells - full - half
        if rest > 0:
            track = (FULL if half else HALF_LEFT) + FULL * (rest - 1)
            text.append(track, Style.from_color(bar.bgcolor))
        text.append(self._tempo_words(), label)
        return text


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
    Meter > .meter--label { color: $text-muted; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"meter--bar", "meter--complete", "meter--label"}

    def __init__(self, label: str = "", *, id: str | None = None) -> None:
        """`label`: a word before the bar saying what it measures ("step", "all")."""
        super().__init__(id=id)
        self.label = f"{label} " if label else ""

    fraction: var[float] = var(0.0)
    """How much is done, 0 to 1."""

    shows: reactive[MeterShows] = reactive(MeterShows)

    def watch_fraction(self, fraction: float) -> None:
        self.shows = self._shows(fraction)

    def on_resize(self) -> None:
        self.shows = self._shows(self.fraction)

    def _shows(self, fraction: float) -> MeterShows:
        width = max(0, self.content_size.width - PERCENT_WIDTH - len(self.label))
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
        text.append(self.label, self.get_component_rich_style("meter--label"))
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
    Countdown BigClock { color: $accent; text-style: bold; }
    Countdown.-paused BigClock { color: $text-muted; }
    Countdown Line { text-align: center; color: $text-muted; }
    """

    face: reactive[ClockFace] = reactive(ClockFace, repaint=False)
    clock: reactive[str] = reactive("0:00", repaint=False)
    """The step's time left as the digits show it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._digits = BigClock(id="countdown-step")
        self._step_bar = Meter("step", id="countdown-step-bar")
        self._total = Line(id="countdown-total")
        self._total_bar = Meter("all ", id="countdown-total-bar")
        self._pacer = PacerBar(id="countdown-pacer")
        self._state = StatusLine(id="countdown-state")

    def compose(self) -> ComposeResult:
        yield self._digits
        yield self._step_bar
        yield self._total
        yield self._total_bar
        yield self._pacer
        yield self._state

    def watch_face(self, face: ClockFace) -> None:
        self.clock = format_clock(face.remaining)
        self.set_class(face.paused, "-paused")
        self._step_bar.fraction = face.step_done
        self._total_bar.fraction = face.routine_done
        self._state.status = face.status
        self._pacer.strokes = face.strokes
        self._pacer.tempo = face.tempo
        self._total.text = (
            f"{format_clock(face.total_remaining)} left of {format_clock(face.total)}"
        )

    def watch_clock(self, clock: str) -> None:
        self._digits.value = clock


def _share(done: float, whole: float) -> float:
    return max(0.0, done) / max(whole, 1e-9)
