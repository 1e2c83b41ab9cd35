"""The figures of the History screen, read in two parts: the days, weeks and summary first, then
each measure's ratings, the slowest to sum, so the screen can show the first part at once."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from handcue.services.history import Series, Summary, minutes_per_week, rating_series, summarize
from handcue.storage.history import History

CHART_WEEKS = 12
MAX_RATING_CHARTS = 4


@dataclass(frozen=True, slots=True)
class Progress:
    """Everything the History screen shows, as last read."""

    today: date
    summary: Summary | None = None
    minutes_by_day: tuple[tuple[date, float], ...] = ()
    weeks: tuple[tuple[date, float], ...] = ()
    series: tuple[Series, ...] = field(default_factory=tuple)
    rated: bool = False
    """True once the ratings were read (the slowest part, so it comes second)."""


def read_progress(history: History, today: date) -> Progress:
    """The days, weeks and summary: what the top of the screen shows."""
    by_day = history.seconds_by_day()
    minutes = {day: seconds / 60.0 for day, seconds in by_day.items()}
    return Progress(
        today=today,
        summary=summarize(history, today, by_day=by_day),
        minutes_by_day=tuple(sorted(minutes.items())),
        weeks=tuple(minutes_per_week(by_day, today, CHART_WEEKS)),
    )


def read_ratings(history: History, progress: Progress) -> Progress:
    """`progress` with the before and after ratings of each measure."""
    series = tuple(rating_series(history)[:MAX_RATING_CHARTS])
    return replace(progress, series=series, rated=True)
