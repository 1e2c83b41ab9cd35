"""The break reminders a person asked for, as words they type and as the settings row keeps them.

Pure: the parsing of `--every 50m`, `--hours 9:00-17:30`, `--days mon-fri`, `--quiet-hours
12:00-13:00`; the plan saved as JSON (a value that no longer parses falls back to its default
and is named, so a damaged setting never stops the reminders); and which routine a break
offers: one by id, the next of a goal in turn, or the shortest for desk work.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import time

from handcue.core.break_hours import BreakHours
from handcue.core.break_schedule import BreakSettings
from handcue.core.routine import Routine
from handcue.core.suggest import did_you_mean

DEFAULT_GOAL = "desk-work"
"""The shortest routine for this goal is offered unless the person chose otherwise."""
DEFAULT_EVERY = 50 * 60.0
DEFAULT_SNOOZE = 5 * 60.0
SNOOZE_LIMIT = 3
MOST_EVERY = 8 * 3600.0
"""A break less often than every eight hours of work would never come in a working day."""
MOST_PAUSE = 7 * 24 * 3600.0

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS = {
    "weekdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
    "all": frozenset(range(7)),
    "every": frozenset(range(7)),
}
_SPAN = re.compile(
    r"^(?:(?P<d>\d+(?:\.\d+)?)d)?(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m(?:in)?)?(?:(?P<s>\d+(?:\.\d+)?)s)?$"
)
_CLOCK = re.compile(r"^(?P<h>\d{1,2})(?::(?P<m>\d{2}))?$")


class PlanError(ValueError):
    """A value the person typed that is not a reminder setting; the message says the fix."""


# parsing -------------------------------------------------------------------------------------


def parse_span(text: str, *, most: float, what: str) -> float:
    """Seconds in `50m`, `1h30m`, `45s` or a bare number of minutes."""
    cleaned = text.strip().lower().replace(" ", "")
    seconds: float | None = None
    try:
        seconds = float(cleaned) * 60.0
    except ValueError:
        match = _SPAN.match(cleaned)
        if match and cleaned and any(match.groupdict().values()):
            parts = match.groupdict()
            seconds = (
                float(parts["d"] or 0) * 86400
                + float(parts["h"] or 0) * 3600
                + float(parts["m"] or 0) * 60
                + float(parts["s"] or 0)
            )
    if seconds is None or not math.isfinite(seconds):
        raise PlanError(f"write {what} as minutes or a time such as 50m, 1h30m or 45s")
    if seconds < 1:
        raise PlanError(f"{what} must be at least one second, such as 50m or 45s")
    if seconds > most:
        raise PlanError(f"{what} can be at most {span_text(most)}")
    return seconds


def parse_clock(text: str) -> time:
    """`9`, `09:00`, `17:30` or `24:00` (the end of the day)."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise PlanError(f"{text.strip()!r} is not a time of day; write it as 9:00 or 17:30")
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if (hour, minute) == (24, 0):
        return time(23, 59, 59)
    if hour > 23 or minute > 59:
        raise PlanError(f"{text.strip()} is not a time of day; hours go to 23, minutes to 59")
    return time(hour, minute)


def parse_span_of_day(text: str) -> tuple[time, time] | None:
    """`9:00-17:30` as its two ends; `off` (or `none`) as None."""
    cleaned = text.strip().lower()
    if cleaned in ("off", "none", "no"):
        return None
    start, dash, end = cleaned.partition("-")
    if not dash:
        raise PlanError("write a span of the day as START-END, such as 9:00-17:30, or 'off'")
    first, last = parse_clock(start), parse_clock(end)
    if first == last:
        raise PlanError("a span of the day needs two different times, such as 9:00-17:30")
    return first, last


def parse_days(text: str) -> frozenset[int]:
    """`mon-fri`, `mon,wed,fri`, `weekdays`, `weekends` or `all`; 0 is Monday."""
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned in _DAY_WORDS:
        return _DAY_WORDS[cleaned]
    days: set[int] = set()
    for part in filter(None, cleaned.split(",")):
        first, dash, last = part.partition("-")
        start = _day(first)
        end = _day(last) if dash else start
        day = start
        days.add(day)
        while day != end:
            day = (day + 1) % 7
            days.add(day)
    if not days:
        raise PlanError("name the days, such as mon-fri, mon,wed,fri or weekdays")
    return frozenset(days)


_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day(word: str) -> int:
    """A day by its name or the start of it (`mon`, `tu`, `thursday`)."""
    found = [
        index for index, name in enumerate(_FULL_NAMES) if len(word) >= 2 and name.startswith(word)
    ]
    if len(found) == 1:
        return found[0]
    hint = did_you_mean(word, [*_FULL_NAMES, *DAY_NAMES, *_DAY_WORDS])
    raise PlanError(f"no day {word!r}{hint} (days: {', '.join(DAY_NAMES)}, weekdays, all)")


# words ---------------------------------------------------------------------------------------


def span_text(seconds: float) -> str:
    """`50m`, `1h30m`, `45s`: the way the options take it."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
    return text + (f"{secs}s" if secs or not text else "")


def clock_text(moment: time) -> str:
    return "24:00" if moment >= time(23, 59, 59) else f"{moment:%H:%M}".lstrip("0").rjust(4, "0")


def days_text(days: frozenset[int]) -> str:
    """`every day`, `weekdays`, `mon-fri` style ranges where they run, else a list."""
    if days == frozenset(range(7)):
        return "every day"
    if days == frozenset(range(5)):
        return "mon-fri"
    ordered = sorted(days)
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        DAY_NAMES[run[0]] if len(run) == 1 else f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}"
        for run in runs
    )


# the plan ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderPlan:
    """How often, when, and with which routine; everything the settings row keeps."""

    every: float = DEFAULT_EVERY
    snooze: float = DEFAULT_SNOOZE
    snooze_limit: int = SNOOZE_LIMIT
    hours: tuple[time, time] | None = None
    """Working hours; None is any time of day."""
    days: frozenset[int] = field(default_factory=lambda: frozenset(range(7)))
    quiet: tuple[time, time] | None = None
    routine_id: str | None = None
    """One routine, every time."""
    goal: str | None = None
    """The routines for this goal, each in turn; with neither, the shortest for desk work."""

    @property
    def settings(self) -> BreakSettings:
        return BreakSettings(self.every, self.snooze, self.snooze_limit)

    @property
    def break_hours(self) -> BreakHours:
        start, end = self.hours if self.hours is not None else (time(0, 0), time(23, 59, 59))
        quiet_start, quiet_end = self.quiet if self.quiet is not None else (None, None)
        return BreakHours(start, end, self.days, quiet_start, quiet_end)

    def choice_text(self) -> str:
        if self.routine_id is not None:
            return f"the routine {self.routine_id}"
        if self.goal is not None:
            return f"the routines for {self.goal}, each in turn"
        return f"the shortest routine for {DEFAULT_GOAL}"

    def lines(self) -> list[str]:
        """The plan as `remind --status` says it."""
        hours = (
            f"{clock_text(self.hours[0])}-{clock_text(self.hours[1])}" if self.hours else "any time"
        )
        quiet = f"{clock_text(self.quiet[0])}-{clock_text(self.quiet[1])}" if self.quiet else "none"
        return [
            f"Every {span_text(self.every)} of work; snooze {span_text(self.snooze)}, "
            f"shorter each time, at most {self.snooze_limit} times",
            f"Working hours: {hours}, {days_text(self.days)}; quiet hours: {quiet}",
            f"Routine: {self.choice_text()}",
        ]

    def to_json(self) -> str:
        def span(pair: tuple[time, time] | None) -> str | None:
            return f"{clock_text(pair[0])}-{clock_text(pair[1])}" if pair else None

        return json.dumps(
            {
                "every": self.every,
                "snooze": self.snooze,
                "snooze_limit": self.snooze_limit,
                "hours": span(self.hours),
                "days": sorted(self.days),
                "quiet": span(self.quiet),
                "routine": self.routine_id,
                "goal": self.goal,
            },
            sort_keys=True,
        )


def plan_from_json(text: str | None) -> tuple[ReminderPlan, list[str]]:
    """The saved plan; a value that cannot be read keeps its default and is named."""
    plan = ReminderPlan()
    if not text:
        return plan, []
    try:
        data = json.loads(text)
    except ValueError:
        return plan, ["the saved reminder settings are not readable; the defaults are used"]
    if not isinstance(data, dict):
        return plan, ["the saved reminder settings are not readable; the defaults are used"]
    problems: list[str] = []
    changes: dict[str, object] = {}

    def number(key: str, low: float, high: float) -> None:
        value = data.get(key)
        if value is None:
            return
        if isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high:
            changes[key] = float(value)
        else:
            problems.append(
                f"the saved reminder setting {key!r} is not usable; its default is used"
            )

    number("every", 1, MOST_EVERY)
    number("snooze", 1, MOST_EVERY)
    limit = data.get("snooze_limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and 0 <= limit <= 20:
        changes["snooze_limit"] = limit
    for key in ("hours", "quiet"):
        value = data.get(key)
        if value is None:
            continue
        try:
            if not isinstance(value, str):
                raise PlanError("not text")
            changes[key] = parse_span_of_day(value)
        except PlanError:
            problems.append(
                f"the saved reminder setting {key!r} is not usable; its default is used"
            )
    days = data.get("days")
    if isinstance(days, list) and days and all(isinstance(d, int) and 0 <= d <= 6 for d in days):
        changes["days"] = frozenset(days)
    elif days is not None:
        problems.append("the saved reminder setting 'days' is not usable; every day is used")
    for key, name in (("routine", "routine_id"), ("goal", "goal")):
        value = data.get(key)
        if isinstance(value, str) and value and value.isprintable() and len(value) <= 100:
            changes[name] = value
    return replace(plan, **changes), problems  # type: ignore[arg-type]


# which routine -------------------------------------------------------------------------------


def choose_routine(
    plan: ReminderPlan,
    routines: Sequence[Routine],
    seconds: Callable[[Routine], float],
    last: str | None = None,
) -> tuple[Routine | None, str | None]:
    """The routine a break offers, and why it is not the one asked for (or None).

    `last` is the routine of the last break taken or skipped, so a goal's routines come in
    turn. A chosen routine that is gone falls back to the shortest for desk work, then to the
    shortest of all.
    """
    by_time = sorted(routines, key=lambda routine: (seconds(routine), routine.id))
    if plan.routine_id is not None:
        for routine in routines:
            if routine.id == plan.routine_id:
                return routine, None
        fallback = _shortest(by_time, DEFAULT_GOAL)
        return fallback, f"the routine {plan.routine_id!r} is not in your library any more"
    if plan.goal is not None:
        turn = [routine for routine in by_time if plan.goal in routine.goals]
        if turn:
            ids = [routine.id for routine in turn]
            following = (ids.index(last) + 1) % len(ids) if last in ids else 0
            return turn[following], None
        return _shortest(by_time, DEFAULT_GOAL), f"no routine is for {plan.goal} any more"
    return _shortest(by_time, DEFAULT_GOAL), None


def _shortest(by_time: Sequence[Routine], goal: str) -> Routine | None:
    for routine in by_time:
        if goal in routine.goals:
            return routine
    return by_time[0] if by_time else None
