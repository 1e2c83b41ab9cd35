"""Progress you can see, for both front ends: recording sessions as they play, with their
check-ins, and reading them back as streaks, minutes per week and "what helps you".

What helps is said with care: it is the average of a person's own ratings before and after a
routine, shown only once there are `MIN_RATED` sessions with both, and never a medical claim.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from handcue.core.checkin import MEASURES, Measure, Rating, measures_for_goal
from handcue.core.engine import Session
from handcue.core.outcomes import counts
from handcue.core.routine import Routine
from handcue.services.report import SessionReport
from handcue.services.user_data import CHECKIN_MODES, CHECKIN_SETTING
from handcue.storage.history import (
    ANY,
    CheckIn,
    Filter,
    History,
    RatingStats,
    RoutineUse,
    SessionRecord,
)

MIN_RATED = 3
"""Sessions rated before and after that an average needs before it is shown."""


EXPORT_FORMAT = "handcue-history"
EXPORT_VERSION = 1
IMPORT_LIMIT = 256 * 1024 * 1024
"""Bytes read at most from a file to import: far beyond a lifetime of sessions."""

Wall = Callable[[], datetime]


def local_now() -> datetime:
    """Now, in local time with its offset: what a history shows and is kept in."""
    return datetime.now().astimezone()


def steps_fingerprint(routine: Routine) -> str:
    """A digest of the steps as written: when it differs between two sessions, the routine
    was edited in between."""
    parts = [
        "\x1f".join(
            (
                step.key or "",
                step.title,
                step.instruction,
                step.hand.value,
                repr(step.duration),
                step.technique.value if step.technique else "",
            )
        )
        for step in routine.steps
    ]
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()[:16]


def _step_seconds(session: Session) -> dict[int, float]:
    seconds: dict[int, float] = {}
    for segment in session.timeline:
        if not segment.is_switch:
            seconds.setdefault(segment.step_index, segment.duration)
    return seconds


def pace_and_tweaks(session: Session) -> tuple[float | None, dict[str, float]]:
    """The pace the session began at (its length over the written one; None when as written),
    and the steps whose time differs from the written, by number from 1."""
    routine = session.routine
    seconds = _step_seconds(session)
    tweaks = {
        str(index + 1): round(value, 3)
        for index, value in sorted(seconds.items())
        if not math.isclose(value, routine.steps[index].duration)
    }
    written = sum(step.duration for step in routine.steps)
    played = sum(seconds.get(index, step.duration) for index, step in enumerate(routine.steps))
    pace = round(played / written, 3) if written else None
    return (None if pace is None or math.isclose(pace, 1.0) else pace), tweaks


def checkins_of(ratings: Iterable[Rating]) -> tuple[CheckIn, ...]:
    return tuple(
        CheckIn(rating.moment.value, rating.measure, rating.hand.value, rating.value)
        for rating in ratings
    )


class Recording:
    """One session's row in the history, written when it starts and kept up to date as it
    plays, so a crash leaves one row saying how far it got, marked as never ended."""

    def __init__(
        self,
        history: History,
        session: Session,
        before: Sequence[Rating] = (),
        *,
        now: float,
        wall: Wall = local_now,
    ) -> None:
        self.history = history
        self.session = session
        self._began = now
        routine = session.routine
        pace, tweaks = pace_and_tweaks(session)
        self.record = SessionRecord(
            routine_id=routine.id,
            started=wall(),
            ended=None,
            left_seconds=0.0,
            right_seconds=0.0,
            steps_done=0,
            steps_skipped=0,
            outcome="playing",
            routine_title=routine.title,
            goals=tuple(routine.goals),
            fingerprint=steps_fingerprint(routine),
            steps_total=len(routine.steps),
            pace=pace,
            tweaks=tweaks,
            checkins=checkins_of(before),
        )
        self.history.record(self.record)
        self.ended = False

    def checkpoint(self, now: float) -> None:
        """Write how far the session has got (a crash after this leaves at least that)."""
        if not self.ended:
            self.record = self._as_of(now, "playing")
            self.history.update(self.record)

    def end(self, now: float) -> SessionRecord:
        """The session is over: finished, or stopped where it is now."""
        outcome = "finished" if self.session.finished else "stopped"
        self.record = self._as_of(now, outcome, ended=True)
        self.history.update(self.record)
        self.ended = True
        return self.record

    def rate_after(self, after: Sequence[Rating]) -> None:
        """Add the ratings given after the session."""
        if not after:
            return
        self.record = replace(self.record, checkins=self.record.checkins + checkins_of(after))
        self.history.update(self.record)

    def _as_of(self, now: float, outcome: str, ended: bool = False) -> SessionRecord:
        report = SessionReport.from_session(self.session, now)
        tally = counts(self.session, ended=ended)
        both = report.seconds_by_hand.get("both", 0.0)
        current = self.session.current
        stopped = outcome == "stopped" and current is not None
        return replace(
            self.record,
            ended=self.record.started + timedelta(seconds=max(0.0, now - self._began))
            if ended
            else None,
            outcome=outcome,
            played_seconds=round(report.elapsed, 3),
            left_seconds=round(report.seconds_by_hand.get("left", 0.0) + both, 3),
            right_seconds=round(report.seconds_by_hand.get("right", 0.0) + both, 3),
            steps_done=tally.done,
            steps_skipped=tally.skipped,
            stopped_step=current.step_index if stopped and current is not None else None,
            stopped_title=current.step.title if stopped and current is not None else None,
            changed={str(change.step_index + 1): round(change.new, 3) for change in report.changes},
        )


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


# export and import -------------------------------------------------------------------------


def session_dict(record: SessionRecord) -> dict[str, Any]:
    """A session as JSON: the same shape in `history --json` and in an export."""
    data = asdict(record)
    data.pop("id")
    # Outside the database the overall length has the one name it has everywhere else.
    data["length"] = data.pop("pace")
    data["started"] = record.started.isoformat()
    data["ended"] = record.ended.isoformat() if record.ended else None
    data["goals"] = list(record.goals)
    data["tweaks"] = dict(record.tweaks)
    data["changed"] = dict(record.changed)
    data["checkins"] = [asdict(checkin) for checkin in record.checkins]
    return data


def export_document(records: Sequence[SessionRecord], now: datetime) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": now.isoformat(),
        "sessions": [session_dict(record) for record in records],
    }


class NotAnExport(ValueError):
    """A file that is not a handcue history export; the message says why."""


@dataclass
class Imported:
    sessions: list[SessionRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One line per session left out, naming it by its place in the file."""


_FIELDS = {
    "routine_id": str,
    "left_seconds": float,
    "right_seconds": float,
    "steps_done": int,
    "steps_skipped": int,
}


MOST_SECONDS = 24 * 3600.0
"""No session, hand or step lasts longer than a day: a larger figure is not a session."""
MOST_COUNT = 10_000
"""Steps, counts and ratings above this are not from handcue."""
EARLIEST_YEAR, LATEST_YEAR = 1970, 2100
MOST_DIGITS = 18
"""An integer literal longer than this is refused before Python turns it into a number."""


class _OutOfRange:
    """A JSON number too large to be any field's value, or NaN/Infinity: every field refuses it."""

    def __init__(self, literal: str) -> None:
        self.literal = literal[:20]


def _int_literal(literal: str) -> int | _OutOfRange:
    return int(literal) if len(literal.lstrip("-")) <= MOST_DIGITS else _OutOfRange(literal)


def _float_literal(literal: str) -> float | _OutOfRange:
    value = float(literal)
    return value if math.isfinite(value) else _OutOfRange(literal)


def parse_export(text: str, name: str) -> Imported:
    """The sessions of an export; a session that does not make sense is left out and named."""
    try:
        document = json.loads(
            text.removeprefix("\ufeff"),
            parse_int=_int_literal,
            parse_float=_float_literal,
            parse_constant=_OutOfRange,
        )
    except json.JSONDecodeError as error:
        raise NotAnExport(
            f"{name}: not JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            "import a file made by 'handcue history --export'"
        ) from None
    except RecursionError:
        raise NotAnExport(
            f"{name}: nested too deep to be a history export; import a file made by "
            "'handcue history --export'"
        ) from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise NotAnExport(
            f'{name}: not a handcue history export (no "format": "{EXPORT_FORMAT}"); '
            "import a file made by 'handcue history --export'"
        )
    version = document.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise NotAnExport(
            f"{name}: made by a newer handcue (export version {version!r}); update handcue"
        )
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise NotAnExport(f'{name}: "sessions" must be a list')
    result = Imported()
    for number, item in enumerate(sessions, start=1):
        try:
            result.sessions.append(_session_from(item))
        except (TypeError, ValueError, KeyError, OverflowError, RecursionError) as error:
            result.problems.append(f"{name}: session {number} left out ({error})")
    return result


def _number(value: object, name: str, most: float = MOST_SECONDS) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number from 0 to {most:g}")
    number = float(value)
    if not 0.0 <= number <= most:
        raise ValueError(f"{name} must be a number from 0 to {most:g}")
    return number


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MOST_COUNT:
        raise ValueError(f"{name} must be a whole number from 0 to {MOST_COUNT}")
    return value


def _text(value: object, name: str, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name} holds a broken character (a lone surrogate)") from None
    return value


def _moment(value: object, name: str) -> datetime:
    text = _text(value, name, optional=False)
    assert text is not None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name} is not a date and time: {text[:40]!r}") from None
    if not EARLIEST_YEAR <= moment.year < LATEST_YEAR:
        raise ValueError(f"{name} must fall between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return moment


def _seconds_map(value: object, name: str) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be a mapping of step to seconds")
    return {
        str(_text(key, name, optional=False)): _number(seconds, name)
        for key, seconds in value.items()
    }


def _session_from(item: object) -> SessionRecord:
    if not isinstance(item, dict):
        raise ValueError("a session must be an object")
    checkins = item.get("checkins") or []
    if not isinstance(checkins, list):
        raise ValueError("checkins must be a list")
    goals = item.get("goals") or []
    if not isinstance(goals, list) or not all(isinstance(goal, str) for goal in goals):
        raise ValueError("goals must be a list of words")
    for goal in goals:
        _text(goal, "goals")
    ended = item.get("ended")
    pace = item.get("length", item.get("pace"))
    stopped_step = item.get("stopped_step")
    steps_total = item.get("steps_total")
    uid = _text(item.get("uid"), "uid")
    record = SessionRecord(
        routine_id=str(_text(item.get("routine_id"), "routine_id", optional=False)),
        started=_moment(item.get("started"), "started"),
        ended=None if ended is None else _moment(ended, "ended"),
        left_seconds=_number(item.get("left_seconds"), "left_seconds"),
        right_seconds=_number(item.get("right_seconds"), "right_seconds"),
        steps_done=_whole(item.get("steps_done"), "steps_done"),
        steps_skipped=_whole(item.get("steps_skipped"), "steps_skipped"),
        outcome=str(_text(item.get("outcome", "finished"), "outcome", optional=False)),
        played_seconds=_number(item.get("played_seconds", 0.0), "played_seconds"),
        routine_title=_text(item.get("routine_title"), "routine_title"),
        goals=tuple(goal for goal in goals if goal.strip() and " " not in goal),
        fingerprint=_text(item.get("fingerprint"), "fingerprint"),
        steps_total=None if steps_total is None else _whole(steps_total, "steps_total"),
        stopped_step=None if stopped_step is None else _whole(stopped_step, "stopped_step"),
        stopped_title=_text(item.get("stopped_title"), "stopped_title"),
        pace=None if pace is None else _number(pace, "length", most=MOST_COUNT),
        tweaks=_seconds_map(item.get("tweaks"), "tweaks"),
        changed=_seconds_map(item.get("changed"), "changed"),
        checkins=tuple(
            CheckIn(
                str(_text(c.get("moment"), "moment", optional=False)),
                str(_text(c.get("measure"), "measure", optional=False)),
                str(_text(c.get("hand", "both"), "hand", optional=False)),
                _whole(c.get("rating"), "rating"),
            )
            for c in checkins
            if isinstance(c, dict)
        ),
    )
    return replace(record, uid=uid) if uid else record


def read_export(path: Path) -> Imported:
    """The sessions of the export file at `path`: a regular file, read up to `IMPORT_LIMIT`."""
    from handcue.storage.files import read_regular

    data = read_regular(path, IMPORT_LIMIT)
    try:
        text = data.decode("utf-8-sig")  # Windows editors start a file with a BOM
    except UnicodeDecodeError as error:
        raise NotAnExport(
            f"{path}: not UTF-8 text (byte {error.start}); import a file made by "
            "'handcue history --export'"
        ) from None
    return parse_export(text, str(path))


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
