"""The History screen: the latest sessions, each to open or delete, over a calendar of the last
weeks, streaks, minutes per week, and each measure's ratings before and after, each chart with
the same facts in words beside it.

The figures and the list are read by the services in a thread of their own, so a long history
never holds up the screen; they are filled in when they arrive, and read again after a session
is deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static

from handcue.app.screens.question import Answer, Question
from handcue.app.widgets.break_tally import BreakTally
from handcue.app.widgets.calendar import TODAY_MARK, Calendar, Days
from handcue.app.widgets.charts import AFTER_MARK, BEFORE_MARK, RatingsChart, Weeks, WeeksChart
from handcue.app.widgets.session_list import SessionList
from handcue.core.durations import format_short
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.services.progress import (
    MAX_RATING_CHARTS,
    SESSION_ROWS,
    PlayedSession,
    Progress,
    minutes_text,
)
from handcue.services.user_data import UserData

COMPACT_WIDTH = 80
COMPACT_HEIGHT = 16
"""Below either, the footer packs its keys tight, so the way out stays in view."""
PALETTE_WIDTH = 60
"""Below this, the footer leaves out the palette's key: it would cover the others."""


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
    today = dict(progress.minutes_by_day).get(progress.today, 0.0)
    best = max(shown, key=lambda item: item[1], default=None)
    streak = counted(summary.current_streak, "day") if summary.current_streak else "none"
    lines = [
        f"Streak: {streak} now; longest {counted(summary.longest_streak, 'day')}.",
        f"Today, {progress.today:%a %d %b} ({TODAY_MARK}): {minutes_text(today)}.",
        f"Last {weeks} weeks: {counted(active, 'day')} with a session, "
        f"{minutes_text(total)} in all.",
    ]
    if best is not None and best[1] > 0:
        lines.append(f"Most in a day: {minutes_text(best[1])}, on {best[0]:%a %d %b}.")
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
    if not any(minutes > 0 for _, minutes in weeks):
        return f"Minutes per week, last {len(weeks)} weeks: none yet."
    average = sum(minutes for _, minutes in weeks) / len(weeks)
    busiest = max(weeks, key=lambda item: item[1])
    return "\n".join(
        [
            f"Minutes per week, last {len(weeks)} weeks; the last bar is this week, "
            f"from {weeks[-1][0]:%a %d %b}.",
            f"This week: {minutes_text(this_week)}. Last week: {minutes_text(last_week)}.",
            f"Average: {minutes_text(average)} a week.",
            f"Most: {minutes_text(busiest[1])}, in the week of {busiest[0]:%d %b}.",
        ]
    )


RATINGS_KEY = f"{BEFORE_MARK} orange: before. {AFTER_MARK} cyan: after."

NO_RATINGS = (
    "No check-ins yet. Rate how your hands feel before and after a routine (one key each), and "
    "your ratings show here, per goal, as lines over time. These are your own impressions, "
    "not a measurement, and no medical advice."
)


def session_text(session: PlayedSession, today: date) -> str:
    """Everything kept about one session, in words."""
    ended = f" to {session.ended:%H:%M}" if session.ended is not None else ""
    lines = [
        session.title,
        f"{session.when(today)}{ended}",
        f"Played {session.length}, pauses left out (left hand "
        f"{format_short(session.left_seconds)}, right hand {format_short(session.right_seconds)}).",
    ]
    ending = session.ending.capitalize()
    if session.stopped_title:
        ending += f" ({session.stopped_title})"
    if session.outcome == "interrupted":
        ending += ": handcue was closed before it ended"
    total = f" of {session.total}" if session.total is not None else ""
    lines += [f"{ending}.", f"Steps{total}: {session.steps}."]
    if session.ratings:
        lines.append(
            "Check-in, before → after: " + "; ".join(r.text for r in session.ratings) + "."
        )
    else:
        lines.append("No check-in.")
    return "\n".join(lines)


class SessionDetails(Question[str]):
    """One session in full: Escape (q, Enter) closes it, d asks to delete it."""

    DEFAULT_CSS = """
    SessionDetails > Vertical { width: 64; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,ctrl+c", "answer(0)", "Close", show=False),
        Binding("d,delete", "answer(1)", "Delete", show=False),
    ]

    def __init__(self, session: PlayedSession, today: date) -> None:
        super().__init__(
            "Session",
            escape(session_text(session, today)),
            [Answer("close", "Close (Esc)", "primary"), Answer("delete", "Delete… (d)", "error")],
        )


class ConfirmDelete(Question[bool]):
    """Asks before a session leaves the history for good; keeping it is the safe answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,escape,q,ctrl+c", "answer(0)", "Keep", show=False),
        Binding("y", "answer(1)", "Delete", show=False),
    ]

    def __init__(self, session: PlayedSession, today: date) -> None:
        super().__init__(
            "Delete this session?",
            escape(f"{session.when(today)}, {session.title}, {session.length}.")
            + "\nIt leaves your history and its figures for good. Delete it? (y / n)",
            [Answer(False, "Keep it", "primary"), Answer(True, "Delete", "error")],
        )


class HistoryScreen(Screen[None]):
    """Every figure comes from the history, read through the services; Escape, q and Ctrl+C go
    back, Enter opens the highlighted session, d deletes it after asking."""

    # Its styles are in the app's stylesheet: it can be the first screen (`history --screen`).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (100, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (COMPACT_HEIGHT, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter opens the highlighted session from the charts' scroll too; in the list, the
        # list's own Enter does it, after the arrow keys typed before it (a priority binding
        # would run ahead of them and open the session highlighted before).
        Binding("enter", "open", "Open", key_display="⏎"),
        Binding("escape,b", "back", "Back", key_display="Esc"),
        Binding("d,delete", "delete", "Delete", key_display="d"),
        Binding("q", "back", "Back", show=False),
        Binding("ctrl+c", "back", "Back", show=False),
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
        self.forgetting: set[str] = set()
        """Sessions being deleted: asked about once, however quickly d is pressed again."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield SessionList(id="sessions")
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
        sessions = self.query_one(SessionList)
        sessions.border_title = "Sessions, newest first"
        sessions.focus()
        self.query_one("#calendar-section").border_title = "Days"
        self.query_one("#weeks-section").border_title = "Minutes per week"
        for index in range(MAX_RATING_CHARTS):
            self.query_one(f"#ratings-section-{index}").display = False
        self.query_one("#no-ratings").display = False
        self._fit(self.app.size.width, self.app.size.height)
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        footer = self.query_one(Footer)
        footer.compact = width < COMPACT_WIDTH or height < COMPACT_HEIGHT
        palette = width >= PALETTE_WIDTH
        if footer.show_command_palette != palette:
            footer.show_command_palette = palette
            footer.refresh(recompose=True)

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
        self._show_sessions(progress)
        if not progress.rated:
            return
        for index in range(MAX_RATING_CHARTS):
            section = self.query_one(f"#ratings-section-{index}")
            if index < len(progress.series):
                series = progress.series[index]
                # A measure's name can come from an imported history: text, never markup.
                label = visible(series.measure.label).capitalize()
                section.border_title = Content(f"{label}: before and after")
                section.display = True
                self.query_one(f"#ratings-chart-{index}", RatingsChart).series = series
                self.query_one(f"#ratings-text-{index}", Static).update(
                    f"{visible(series.text, lines=True)}\n\n{RATINGS_KEY}"
                )
            else:
                section.display = False
        no_ratings = self.query_one("#no-ratings", Static)
        no_ratings.display = progress.summary is not None and not progress.series
        no_ratings.update(NO_RATINGS)

    def _show_sessions(self, progress: Progress) -> None:
        sessions = self.query_one(SessionList)
        sessions.show(progress.sessions, progress.today)
        total = progress.summary.sessions if progress.summary is not None else 0
        sessions.border_subtitle = (
            f"the latest {len(progress.sessions)} of {total}; more: handcue history --limit N"
            if total > len(progress.sessions) >= SESSION_ROWS
            else None
        )
        self.refresh_bindings()

    # keys -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "delete"):
            lists = self.query(SessionList)  # empty while the screen is being composed
            return bool(lists) and lists.first().highlighted_session is not None
        return True

    def action_open(self) -> None:
        session = self.query_one(SessionList).highlighted_session
        if session is None:
            return

        def answered(answer: str | None) -> None:
            if answer == "delete":
                self.action_delete()

        self.app.push_screen(SessionDetails(session, self.today), answered)

    @on(OptionList.OptionSelected, "#sessions")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    @on(OptionList.OptionHighlighted, "#sessions")
    def _highlighted(self) -> None:
        self.refresh_bindings()

    def action_delete(self) -> None:
        session = self.query_one(SessionList).highlighted_session
        if session is None or session.uid in self.forgetting:
            return
        if session.outcome == "playing":
            self.notify(
                "This session is still playing: it can be deleted once it has ended.",
                severity="warning",
            )
            return

        def answered(delete: bool | None) -> None:
            if delete:
                self.forgetting.add(session.uid)
                self.forget(session)

        self.app.push_screen(ConfirmDelete(session, self.today), answered)

    @work(thread=True, group="forget")
    def forget(self, session: PlayedSession) -> None:
        """Delete `session`, say so once it is true, and read every figure again."""
        if self.user.forget_session(session.uid):
            self.app.call_from_thread(
                self.notify,
                f"Deleted: {session.when(self.today)}, {session.title}.",
                timeout=4,
                markup=False,
            )
        else:  # said already; d may ask again
            self.app.call_from_thread(lambda: self.forgetting.discard(session.uid))
        self.app.call_from_thread(self.load)

    def action_back(self) -> None:
        """Back to the screen under this one (a routine opened it: it then plays on), or to
        a new picker when the app opened here (`history --screen`)."""
        picker = getattr(self.app, "picker", None)
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)
        elif callable(picker):
            self.app.push_screen(picker())
        else:
            self.app.exit()
