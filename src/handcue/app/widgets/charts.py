"""The History screen's charts, drawn by Plotext through textual-plotext: minutes per week as
bars, and a measure's ratings before and after as two lines.

Each chart keeps a reactive of what it shows and draws it again only when that changes. Every
rating is drawn as a mark a person can see (a braille dot alone is one lit pixel of a cell),
and the last bar is always labelled, so the axes visibly reach today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import RenderResult
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from handcue.services.history import Series

BEFORE_COLOR = "orange"
AFTER_COLOR = "cyan"
BEFORE_MARK = "●"
AFTER_MARK = "◆"
"""Marks of different shape as well as colour, so before and after read apart in black and
white, and where one covers the other."""
THIS_WEEK = "this week"
FRAME_ROWS = 3
"""Rows a plot spends outside its data: the frame above and below, and the labels under it."""
LABEL_GAP = 2


@dataclass(frozen=True, slots=True)
class Weeks:
    """Minutes played in each week, oldest first; a week is named by its Monday."""

    minutes: tuple[tuple[date, float], ...] = ()


def _label(day: date) -> str:
    return f"{day.day} {day:%b}"


NICE_STEPS = (1, 2, 5, 10, 15, 20, 25, 30, 40, 50, 60, 90, 120, 180, 240, 360, 480, 720, 960)


def nice_step(top: float, intervals: int = 5) -> int:
    """A round number of minutes between ticks, so `intervals` of them reach `top`."""
    for step in NICE_STEPS:
        if top <= step * intervals:
            return step
    return NICE_STEPS[-1] * (int(top // (NICE_STEPS[-1] * intervals)) + 1)


def tick_intervals(rows: int) -> int:
    """How many spaces between ticks fall on whole rows of a plot `rows` high: 4, 3 or 2
    (Plotext rounds each tick to a row, so others land unevenly: 60, then 45 one row below)."""
    for intervals in (4, 3, 2):
        if rows > intervals and (rows - 1) % intervals == 0:
            return intervals
    return 2


def weeks_that_fit(width: int, weeks: int) -> int:
    """Bars narrower than four cells run into each other: show the latest weeks that fit."""
    return max(1, min(weeks, (width - 8) // 4))


def labelled(count: int, width: int, longest: int) -> list[int]:
    """Which of `count` evenly spread places get a label, counted back from the last (which
    always has one) so labels `longest` cells wide never run into each other."""
    if count <= 0:
        return []
    per_place = max(1.0, (width - 4) / count)
    every = max(1, -(-(longest + LABEL_GAP) // int(per_place)))
    return sorted(range(count - 1, -1, -every))


class SafePlot(PlotextPlot):
    """A plot that draws nothing rather than stop the app when Plotext cannot draw it (it
    divides by zero for some sizes and data); the words beside every chart say the same."""

    def render(self) -> RenderResult:
        try:
            return super().render()
        except (ArithmeticError, IndexError, ValueError):
            return ""


class WeeksChart(SafePlot):
    """Bars of minutes per week: the latest weeks that fit its width, this week last."""

    weeks: reactive[Weeks] = reactive(Weeks)

    def watch_weeks(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        width = self.size.width or 80
        shown = self.weeks.minutes[-weeks_that_fit(width, len(self.weeks.minutes)) :]
        if shown:
            labels = [_label(start) for start, _ in shown]
            labels[-1] = THIS_WEEK
            values = [round(minutes, 1) for _, minutes in shown]
            intervals = tick_intervals((self.size.height or 12) - FRAME_ROWS)
            step = nice_step(max(values), intervals)
            ticks = [float(step * n) for n in range(intervals + 1)]
            plt.bar(labels, values, color="green", width=0.6)
            plt.ylim(0, ticks[-1])
            plt.yticks(ticks)
            places = labelled(len(labels), width, max(len(label) for label in labels))
            plt.xticks([float(place + 1) for place in places], [labels[p] for p in places])
        self.refresh()


class RatingsChart(SafePlot):
    """A measure's mean rating before and after, per day or per week: a mark at each mean,
    lines joining them where there are several."""

    series: reactive[Series | None] = reactive(None)

    def watch_series(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        series = self.series
        if series is not None and series.points:
            xs = [float(x) for x in range(1, len(series.points) + 1)]
            before = [round(point.before, 2) for point in series.points]
            after = [round(point.after, 2) for point in series.points]
            if len(xs) > 1:
                plt.plot(xs, before, color=BEFORE_COLOR, marker="braille")
                plt.plot(xs, after, color=AFTER_COLOR, marker="braille")
            # The marks last, so a line never covers one; no legend inside the frame, where it
            # would cover ratings near 10 (the words beside the chart give the key).
            plt.scatter(xs, before, color=BEFORE_COLOR, marker=BEFORE_MARK)
            plt.scatter(xs, after, color=AFTER_COLOR, marker=AFTER_MARK)
            plt.xlim(0.5, len(xs) + 0.5)
            labels = [_label(point.day) for point in series.points]
            places = labelled(len(xs), self.size.width or 80, max(len(label) for label in labels))
            plt.xticks([xs[place] for place in places], [labels[place] for place in places])
            plt.ylim(0, 10)
            rows = (self.size.height or 12) - FRAME_ROWS
            intervals = 5 if (rows - 1) % 5 == 0 else 2
            plt.yticks([10 // intervals * n for n in range(intervals + 1)])
        self.refresh()
