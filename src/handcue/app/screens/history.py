"""The History screen: a calendar of the last weeks, streaks, minutes per week, and each
measure's ratings before and after, each chart with the same facts in words beside it.

The figures are summed by the database in a thread of their own, so a long history never holds
up the screen; the charts are filled in when they arrive.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from handcue.app.widgets.break_tally import BreakTally
from handcue.app.widgets.calendar import Calendar, Days
from handcue.app.widgets.charts import RatingsChart, Weeks, WeeksChart
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.services.progress import MAX_RATING_CHARTS, Progress
from handcue.services.user_data import UserData


def calendar_text(progress: Progress, weeks: int = 4) -> str:
    summary = progress.summary
    if summary is None:
        return "Reading your history…"
    if not summary.sessions:
        return (
            "No sessions yet. Every routine you play, to the end or not, is kept here: "
            "days in a row, minutes each week, and how you rated your hands."
        )
    first = progress.today.toordinal() - progress.today.weekday() - 7 * (weeks - 1)
    shown = [(day, minutes) for day, minutes in progress.minutes_by_day if day.toordinal() >= first]
    active = len(shown)
    total = sum(minutes for _, minutes in shown)
    best = max(shown, key=lambda item: item[1], default=None)
    streak = counted(summary.current_streak, "day") if summary.current_streak else "none"
    lines = [
        f"Streak: {streak} now; longest {counted(summary.longest_streak, 'day')}.",
        f"Last {weeks} weeks: {counted(active, 'day')} with a session, {total:.0f} minutes.",
    ]
    if best is not None:
        lines.append(f"Most in a day: {best[1]:.0f} minutes on {best[0]:%a %d %b}.")
    lines.append(f"In all: {counted(summary.sessions, 'session')}.")
    if summary.routines:
        top = summary.routines[0]
        # Titles come from the history, which may have been imported from anywhere.
        lines.append(f"Most played: {visible(top.title or top.routine_id)} ({top.sessions}).")
    return "\n".join(lines)


def weeks_text(weeks: Sequence[tuple[date, float]]) -> str:
    if not weeks:
        return ""
    this_week = weeks[-1][1]
    last_week = weeks[-2][1] if len(weeks) > 1 else 0.0
    average = sum(minutes for _, minutes in weeks) / len(weeks)
    busiest = max(weeks, key=lambda item: item[1])
    lines = [
        f"Minutes per week, last {len(weeks)} weeks.",
        f"This week {this_week:.0f}, last week {last_week:.0f}.",
        f"Average {average:.0f} a week.",
    ]
    if busiest[1] > 0:
        lines.append(f"Most: {busiest[1]:.0f} in the week of {busiest[0]:%d %b}.")
    return "\n".join(lines)


NO_RATINGS = (
    "No check-ins yet. Rate how your hands feel before and after a routine (one key each), and "
    "your ratings show here, per goal, as lines over time. These are your own impressions, "
    "not a measurement, and no medical advice."
)


class HistoryScreen(Screen[None]):
    """Read-only: every figure comes from the history; Escape goes back."""

    # Its styles are in the app's stylesheet: it can be the first screen (`history --screen`).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "Back", key_display="Esc"),
        Binding("q", "app.quit", "Quit"),
    ]

    progress: var[Progress] = var(lambda: Progress(date.today()), init=False)
    """Every figure, as last read."""
    days: var[Days] = var(Days)
    """Minutes by day, for the calendar."""
    weeks: var[Weeks] = var(Weeks)
    """Minutes by week, for the bars."""

    def __init__(self, user: UserData, today: date | None = None) -> None:
        super().__init__()
        self.user = user
        self.today = today or date.today()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="history-body"):
            with Horizontal(id="calendar-section", classes="section"):
                yield Calendar(id="calendar").data_bind(HistoryScreen.days)
                yield Static(
                    "Reading your history…", id="calendar-text", classes="words", markup=False
                )
            with Horizontal(id="weeks-section", classes="section"):
                yield WeeksChart(id="weeks-chart").data_bind(HistoryScreen.weeks)
                yield Static(id="weeks-text", classes="words", markup=False)
            yield BreakTally(self.user, self.today, id="break-tally")
            for index in range(MAX_RATING_CHARTS):
                with Horizontal(id=f"ratings-section-{index}", classes="section ratings"):
                    yield RatingsChart(id=f"ratings-chart-{index}")
                    yield Static(id=f"ratings-text-{index}", classes="words", markup=False)
            yield Static(id="no-ratings", classes="words", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#calendar-section").border_title = "Days"
        self.query_one("#weeks-section").border_title = "Minutes per week"
        for index in range(MAX_RATING_CHARTS):
            self.query_one(f"#ratings-section-{index}").display = False
        self.query_one("#no-ratings").display = False
        self.load()

    @work(thread=True, exclusive=True, group="history")
    def load(self) -> None:
        try:
            progress = self.user.progress(self.today)
            self.app.call_from_thread(setattr, self, "progress", progress)
            progress = self.user.ratings(progress)
        except OSError as error:
            self.user.say(f"Could not read your history: {error}.")
            return
        self.app.call_from_thread(setattr, self, "progress", progress)

    def watch_progress(self, progress: Progress) -> None:
        self.days = Days(progress.today, progress.minutes_by_day)
        self.weeks = Weeks(progress.weeks)
        self.query_one("#calendar-text", Static).update(calendar_text(progress))
        self.query_one("#weeks-text", Static).update(weeks_text(progress.weeks))
        if not progress.rated:
            return
        for index in range(MAX_RATING_CHARTS):
            section = self.query_one(f"#ratings-section-{index}")
            if index < len(progress.series):
                series = progress.series[index]
                section.border_title = f"{series.measure.label.capitalize()}: before and after"
                section.display = True
                self.query_one(f"#ratings-chart-{index}", RatingsChart).series = series
                self.query_one(f"#ratings-text-{index}", Static).update(
                    series.text + "\n\nOrange: before. Cyan: after."
                )
            else:
                section.display = False
        no_ratings = self.query_one("#no-ratings", Static)
        no_ratings.display = progress.summary is not None and not progress.series
        no_ratings.update(NO_RATINGS)

    def action_back(self) -> None:
        """Back to the picker: the one under this screen, or a new one when the app opened
        here (`history --screen`)."""
        picker = getattr(self.app, "picker", None)
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        elif callable(picker):
            self.app.push_screen(picker())
        else:
            self.app.exit()
