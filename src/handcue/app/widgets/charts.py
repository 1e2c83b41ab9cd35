"""The History screen's charts, drawn by Plotext through textual-plotext: minutes per week as
bars, and a measure's ratings before and after as two lines.

Each chart keeps a reactive of what it shows and draws it again only when that changes.
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


@dataclass(frozen=True, slots=True)
class Weeks:
    """Minutes played in each week, oldest first; a week is named by its Monday."""

    minutes: tuple[tuple[date, float], ...] = ()


def _label(day: date) -> str:
    return f"{day.day} {day:%b}"


def nice_step(top: float) -> int:
    """A round number of minutes between ticks, so about five of them span `top`."""
    for step in (1, 2, 5, 10, 15, 20, 30, 60, 120, 240, 480):
        if top <= step * 5:
            return step
    return 960


def weeks_that_fit(width: int, weeks: int) -> int:
    """Bars narrower than four cells run into each other: show the latest weeks that fit."""
    return max(1, min(weeks, (width - 8) // 4))


class SafePlot(PlotextPlot):
    """A plot that draws nothing rather than stop the app when Plotext cannot draw it (it
    divides by zero for some sizes and data); the words beside every chart say the same."""

    def render(self) -> RenderResult:
        try:
            return super().render()
        except (ArithmeticError, IndexError, ValueError):
            return ""


class WeeksChart(SafePlot):
    """Bars of minutes per week: the latest weeks that fit its width."""

    weeks: reactive[Weeks] = reactive(Weeks)

    def watch_weeks(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        shown = self.weeks.minutes[
            -weeks_that_fit(self.size.width or 80, len(self.weeks.minutes)) :
        ]
        if shown:
            labels = [_label(start) for start, _ in shown]
            values = [round(minutes, 1) for _, minutes in shown]
            step_minutes = nice_step(max(values))
            ticks = [
                float(step_minutes * n)
                for n in range(6)
                if step_minutes * n < max(values) + step_minutes
            ]
            plt.bar(labels, values, color="green", width=0.6)
            plt.ylim(0, ticks[-1])
            plt.yticks(ticks)
            every = max(1, len(labels) // 4)
            plt.xticks([float(x) for x in range(1, len(labels) + 1, every)], labels[::every])
        plt.ylabel("minutes")
        self.refresh()


class RatingsChart(SafePlot):
    """A measure's mean rating before and after, per day or per week."""

    series: reactive[Series | None] = reactive(None)

    def watch_series(self, series: Series | None) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        if series is not None and series.points:
            xs = [float(x) for x in range(1, len(series.points) + 1)]
            plt.plot(
                xs,
                [round(point.before, 2) for point in series.points],
                label="before",
                color=BEFORE_COLOR,
                marker="braille",
            )
            plt.plot(
                xs,
                [round(point.after, 2) for point in series.points],
                label="after",
                color=AFTER_COLOR,
                marker="braille",
            )
            step = max(1, len(xs) // 5)
            plt.xticks(xs[::step], [_label(point.day) for point in series.points][::step])
            plt.ylim(0, 10)
            plt.yticks([0, 2, 4, 6, 8, 10])
        self.refresh()
