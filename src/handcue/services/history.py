"""Progress you can see, for both front ends: a history read back as streaks, minutes per week
and "what helps you", and the words the picker puts under a routine.

What helps is said with care: it is the average of a person's own ratings before and after a
routine, shown only once there are `MIN_RATED` sessions with both, and never a medical claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from handcue.core.checkin import MEASURES, Measure, measures_for_goal
from handcue.services.settings import CHECKIN_MODES, CHECKIN_SETTING
from handcue.storage.history import (
    ANY,
    Filter,
    History,
    RatingStats,
    RoutineUse,
)

MIN_RATED = 3
"""Sessions rated before and after that an average needs before it is shown."""


# settings ----------------------------------------------------------------------------------


def checkin_mode(history: History) -> str:
    """ "on", "off" or "per-hand"; "on" until the person says otherwise."""
    try:
        value = history.setting(CHECKIN_SETTING)
    except OSError:
        return "on"
    return value if value in CHECKIN_MODES else "on"


def set_checkin_mode(history: History, mode: str) -> None:
    if mode not in CHECKIN_MODES:
        raise ValueError(f"check-ins are {', '.join(CHECKIN_MODES)}; got {mode!r}")
    history.set_setting(CHECKIN_SETTING, mode)


# streaks and weeks -------------------------------------------------------------------------


def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """The current streak (days in a row up to today, or up to yesterday while today has no
    session yet) and the longest, in days."""
    ordered = sorted(set(days))
    longest = run = 0
    previous: date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    present = set(ordered)
    current = 0
    cursor = today if today in present else today - timedelta(days=1)
    while cursor in present:
        current += 1
        cursor -= timedelta(days=1)
    return current, longest


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def minutes_per_week(
    seconds_by_day: Mapping[date, float], today: date, weeks: int
) -> list[tuple[date, float]]:
    """Minutes played in each of the last `weeks` weeks, oldest first, this week last."""
    this_week = week_start(today)
    starts = [this_week - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    totals = dict.fromkeys(starts, 0.0)
    for day, seconds in seconds_by_day.items():
        start = week_start(day)
        if start in totals:
            totals[start] += seconds / 60.0
    return [(start, totals[start]) for start in starts]


@dataclass(frozen=True, slots=True)
class Summary:
    sessions: int
    current_streak: int
    longest_streak: int
    minutes_this_week: float
    minutes_last_week: float
    routines: tuple[RoutineUse, ...]
    """Each routine played, most sessions first."""


def summarize(
    history: History,
    today: date,
    where: Filter = ANY,
    by_day: Mapping[date, float] | None = None,
) -> Summary:
    """`by_day`: the seconds by day, when the caller has read them already."""
    by_day = history.seconds_by_day(where) if by_day is None else by_day
    current, longest = streaks(by_day, today)
    weeks = minutes_per_week(by_day, today, 2)
    uses = sorted(history.uses(where).values(), key=lambda use: (-use.sessions, use.routine_id))
    return Summary(
        sessions=sum(use.sessions for use in uses),
        current_streak=current,
        longest_streak=longest,
        minutes_this_week=weeks[1][1],
        minutes_last_week=weeks[0][1],
        routines=tuple(uses),
    )


# what helps you ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Effect:
    """The average of a person's own ratings of `measure` before and after a routine."""

    routine_id: str
    measure: Measure
    before: float
    after: float
    sessions: int

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def easing(self) -> float:
        """How far the ratings moved the way the goal wants: positive is the hoped-for way."""
        return -self.change if self.measure.lower_is_better else self.change

    @property
    def text(self) -> str:
        """`stiffness 6.1 → 3.9, 5 sessions`."""
        return (
            f"{self.measure.label} {self.before:.1f} → {self.after:.1f}, {self.sessions} sessions"
        )


def effects(
    history: History, goal: str, known: dict[str, list[RatingStats]] | None = None
) -> dict[str, Effect]:
    """Per routine, the average ratings for `goal`'s first measure with `MIN_RATED` sessions
    rated before and after; routines with fewer are left out. `known` keeps each measure's
    figures for the next goal."""
    found: dict[str, Effect] = {}
    known = {} if known is None else known
    for measure in measures_for_goal(goal):
        if measure.key not in known:
            known[measure.key] = history.rating_stats(measure.key, by="routine")
        for stats in known[measure.key]:
            if stats.group in found or stats.sessions < MIN_RATED:
                continue
            found[stats.group] = Effect(
                stats.group, measure, stats.before, stats.after, stats.sessions
            )
    return found


def all_effects(history: History, goals: Iterable[str]) -> dict[str, dict[str, Effect]]:
    known: dict[str, list[RatingStats]] = {}
    return {goal: effects(history, goal, known) for goal in goals}


@dataclass(frozen=True, slots=True)
class Point:
    """Mean ratings before and after on one day, or in the week starting on `day`."""

    day: date
    before: float
    after: float
    sessions: int


MAX_POINTS = 21
"""Points a chart gets at most: beyond, days are merged into weeks, then the oldest dropped."""


@dataclass(frozen=True, slots=True)
class Series:
    """One measure's ratings over time, for a chart and its text."""

    measure: Measure
    points: tuple[Point, ...]
    weekly: bool = False
    """True when each point is a week's mean rather than a day's."""

    @property
    def sessions(self) -> int:
        return sum(point.sessions for point in self.points)

    @property
    def text(self) -> str:
        """What the chart shows, in words a screen reader can say."""
        count = self.sessions
        label = self.measure.label.capitalize()
        if not count:
            return f"{label}: no sessions rated before and after yet."
        before = sum(p.before * p.sessions for p in self.points) / count
        after = sum(p.after * p.sessions for p in self.points) / count
        first, last = self.points[0].day, self.points[-1].day
        plural = "session" if count == 1 else "sessions"
        each = "week" if self.weekly else "day"
        return (
            f"{label}, your own ratings from 0 to 10: {count} {plural} rated before and after, "
            f"{first:%d %b %Y} to {last:%d %b %Y}. On average {before:.1f} before and "
            f"{after:.1f} after. The chart shows each {each}'s mean."
        )


def _points(stats: Iterable[RatingStats]) -> tuple[list[Point], bool]:
    days = [
        Point(date.fromisoformat(row.group), row.before, row.after, row.sessions)
        for row in stats
        if _is_day(row.group)
    ]
    if len(days) <= MAX_POINTS:
        return days, False
    weeks: dict[date, list[Point]] = {}
    for point in days:
        weeks.setdefault(week_start(point.day), []).append(point)
    merged = [
        Point(
            start,
            sum(p.before * p.sessions for p in group) / sum(p.sessions for p in group),
            sum(p.after * p.sessions for p in group) / sum(p.sessions for p in group),
            sum(p.sessions for p in group),
        )
        for start, group in sorted(weeks.items())
    ]
    return merged, True


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def rating_series(history: History, measures: Iterable[str] | None = None) -> list[Series]:
    """Each measure rated before and after at least once, most rated first; all of it summed
    per day in the database, so a long history costs no more than a short one."""
    keys = list(measures) if measures is not None else history.rated_measures()
    series = []
    for key in keys:
        measure = MEASURES.get(key) or Measure(key, key, key, "0", "10")
        points, weekly = _points(history.rating_stats(key, by="day"))
        if points:
            series.append(Series(measure, tuple(points), weekly))
    return series


# the picker's words -----------------------------------------------------------------------


def ago(moment: datetime, today: date) -> str:
    """`today`, `yesterday`, `3 days ago`, `5 weeks ago`, or the date for long ago."""
    days = (today - moment.date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 70:
        return f"{days // 7} weeks ago"
    return f"on {moment:%d %b %Y}"


def use_text(use: RoutineUse, today: date) -> str:
    """`last done yesterday · 12 times`."""
    times = (
        "once" if use.sessions == 1 else "twice" if use.sessions == 2 else f"{use.sessions} times"
    )
    return f"last done {ago(use.last, today)} · {times}"


EFFECT_NOTE = (
    "Averages of your own ratings before and after, from sessions you rated both times; "
    "not a measurement, and no medical advice."
)


def by_easing(routine_ids: Sequence[str], found: Mapping[str, Effect]) -> list[str]:
    """`routine_ids` with those your ratings eased most first; unrated ones keep their order
    after them."""
    rated = sorted((rid for rid in routine_ids if rid in found), key=lambda rid: -found[rid].easing)
    return rated + [rid for rid in routine_ids if rid not in found]
