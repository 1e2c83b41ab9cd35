"""The figures of the History screen, read in two parts: the days, weeks, summary and latest
sessions first, then each measure's ratings, the slowest to sum, so the screen can show the
first part at once.

Minutes and sessions are put into words here, once, for whatever shows them: a figure rounded
to nothing ("0 a week" beside two minutes played) reads as a fault, so under a minute is said.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from handcue.core.checkin import MEASURES
from handcue.core.durations import format_short
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.services.history import Series, Summary, minutes_per_week, rating_series, summarize
from handcue.storage.history import History, SessionRecord

CHART_WEEKS = 12
MAX_RATING_CHARTS = 4
SESSION_ROWS = 200
"""Sessions the screen lists at most, newest first; `handcue history --limit` shows more."""


def minutes_text(minutes: float) -> str:
    """`under a minute`, `1 minute`, `25 minutes`, `1 hour 5 minutes`: to the nearest minute,
    except that a time above nothing never reads as none."""
    if minutes <= 0:
        return "none"
    if minutes < 1:
        return "under a minute"
    whole = int(minutes + 0.5)
    hours, rest = divmod(whole, 60)
    if not hours:
        return counted(rest, "minute")
    text = counted(hours, "hour")
    return f"{text} {counted(rest, 'minute')}" if rest else text


@dataclass(frozen=True, slots=True)
class Rated:
    """One measure's mean rating before and after a session; None where it was not rated."""

    label: str
    before: float | None
    after: float | None

    @property
    def text(self) -> str:
        """`stiffness 6 → 3`; a side not rated shows as `-`."""
        return f"{self.label} {_rating(self.before)} → {_rating(self.after)}"


def _rating(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True, slots=True)
class PlayedSession:
    """One session as a list shows it, every text from the history already safe to draw:
    titles can come from an imported file, so their control characters are written out."""

    uid: str
    started: datetime
    ended: datetime | None
    title: str
    played_seconds: float
    left_seconds: float
    right_seconds: float
    outcome: str
    """finished, stopped, interrupted or playing."""
    stopped_step: int | None
    """The step (from 1) it was stopped in."""
    stopped_title: str | None
    done: int
    skipped: int
    total: int | None
    """Steps in the routine as played; None for sessions kept before it was recorded."""
    ratings: tuple[Rated, ...] = ()

    @classmethod
    def of(cls, record: SessionRecord) -> PlayedSession:
        measures = dict.fromkeys(checkin.measure for checkin in record.checkins)
        ratings = tuple(
            Rated(
                visible(MEASURES[key].label if key in MEASURES else key),
                record.ratings("before", key),
                record.ratings("after", key),
            )
            for key in measures
        )
        return cls(
            uid=record.uid,
            started=record.started,
            ended=record.ended,
            title=visible(record.routine_title or record.routine_id),
            played_seconds=record.played_seconds,
            left_seconds=record.left_seconds,
            right_seconds=record.right_seconds,
            outcome=record.outcome,
            stopped_step=None if record.stopped_step is None else record.stopped_step + 1,
            stopped_title=None if record.stopped_title is None else visible(record.stopped_title),
            done=record.steps_done,
            skipped=record.steps_skipped,
            total=record.steps_total,
            ratings=ratings,
        )

    @property
    def not_reached(self) -> int | None:
        if self.total is None:
            return None
        return max(0, self.total - self.done - self.skipped)

    def when(self, today: date) -> str:
        """`Wed 25 Nov 21:04`, with the year when it is not this year's."""
        if self.started.year == today.year:
            return f"{self.started:%a %d %b %H:%M}"
        return f"{self.started:%a %d %b %Y %H:%M}"

    @property
    def length(self) -> str:
        """Time played, pauses left out: `6m`, `45s`, `14m06s`."""
        return format_short(self.played_seconds)

    @property
    def ending(self) -> str:
        """`finished`, `stopped at step 3`, `interrupted` (handcue was closed without a word)
        or `playing`."""
        if self.outcome == "stopped":
            return (
                "stopped early"
                if self.stopped_step is None
                else f"stopped at step {self.stopped_step}"
            )
        return self.outcome

    @property
    def steps(self) -> str:
        """`2 done, 1 skipped, 2 not reached`: every count that is not zero, done always."""
        parts = [f"{self.done} done"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.not_reached:
            parts.append(f"{self.not_reached} not reached")
        return ", ".join(parts)

    @property
    def checkins(self) -> str:
        """`stiffness 6 → 3`, per measure rated; empty without a check-in."""
        return "; ".join(rated.text for rated in self.ratings)


@dataclass(frozen=True, slots=True)
class Progress:
    """Everything the History screen shows, as last read."""

    today: date
    summary: Summary | None = None
    minutes_by_day: tuple[tuple[date, float], ...] = ()
    weeks: tuple[tuple[date, float], ...] = ()
    sessions: tuple[PlayedSession, ...] = ()
    """The latest `SESSION_ROWS` sessions, newest first."""
    series: tuple[Series, ...] = field(default_factory=tuple)
    rated: bool = False
    """True once the ratings were read (the slowest part, so it comes second)."""


def played(records: Iterable[SessionRecord]) -> tuple[PlayedSession, ...]:
    return tuple(PlayedSession.of(record) for record in records)


def read_progress(history: History, today: date) -> Progress:
    """The days, weeks, summary and latest sessions: what the top of the screen shows."""
    by_day = history.seconds_by_day()
    minutes = {day: seconds / 60.0 for day, seconds in by_day.items()}
    return Progress(
        today=today,
        summary=summarize(history, today, by_day=by_day),
        minutes_by_day=tuple(sorted(minutes.items())),
        weeks=tuple(minutes_per_week(by_day, today, CHART_WEEKS)),
        sessions=played(history.recent(SESSION_ROWS)),
    )


def read_ratings(history: History, progress: Progress) -> Progress:
    """`progress` with the before and after ratings of each measure."""
    series = tuple(rating_series(history)[:MAX_RATING_CHARTS])
    return replace(progress, series=series, rated=True)
