"""Your history as `handcue history` shows it: a table of sessions with a summary, JSON or CSV.

Text that came from outside (routine titles, an imported history) is shown with its control
characters written out, in every form.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from handcue.cli.output import clip, say, table
from handcue.core.checkin import MEASURES
from handcue.core.durations import format_length
from handcue.core.outcomes import Counts
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.services import history as progress
from handcue.services import history_file
from handcue.services.progress import minutes_text
from handcue.storage.history import Filter, History, SessionRecord

TABLE_ROWS = 20


def _when(record: SessionRecord) -> str:
    return record.started.strftime("%Y-%m-%d %H:%M")


TITLE_CELLS = 28


def _title(record: SessionRecord) -> str:
    return clip(visible(record.routine_title or record.routine_id), TITLE_CELLS)


def not_reached(record: SessionRecord) -> int | None:
    """Steps the session never came to; None for a session kept without its number of steps
    (by an older handcue), where it cannot be known."""
    if record.steps_total is None:
        return None
    return max(0, record.steps_total - record.steps_done - record.steps_skipped)


def _steps(record: SessionRecord) -> str:
    """`3 done, 1 skipped, 2 not reached`, as every summary of a session counts."""
    return Counts(record.steps_done, record.steps_skipped, not_reached(record) or 0).text


def _ending(record: SessionRecord) -> str:
    if record.outcome == "finished":
        return "finished"
    if record.outcome == "playing":
        return "playing"
    if record.outcome == "interrupted":
        return "interrupted"
    if record.stopped_step is not None:
        where = f"step {record.stopped_step + 1}"
        if record.stopped_title:
            where += f" ({record.stopped_title})"
        return f"stopped at {where}"
    return "stopped early"


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def checkin_text(record: SessionRecord) -> str:
    """`stiffness 6 → 3` per measure; a side with no rating shows as `-`."""
    parts = []
    measures = dict.fromkeys(checkin.measure for checkin in record.checkins)
    for measure in measures:
        before = record.ratings("before", measure)
        after = record.ratings("after", measure)
        label = MEASURES[measure].label if measure in MEASURES else measure
        first = "-" if before is None else _number(before)
        last = "-" if after is None else _number(after)
        parts.append(f"{label} {first} → {last}")
    return "; ".join(parts)


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    return table(rows, right={2})


def nothing_line(where: Filter, title: str | None = None) -> str:
    """What an empty history says, naming what was asked for: `No sessions of Grip yet.`"""
    line = "No sessions"
    if title:
        line += f" of {title}"
    if where.goal:
        line += f" for {where.goal}"
    return line + (f" since {where.since.isoformat()}." if where.since else " yet.")


def summary_lines(summary: progress.Summary, nothing: str = "No sessions yet.") -> list[str]:
    if not summary.sessions:
        return [nothing]
    streak = counted(summary.current_streak, "day") if summary.current_streak else "none"
    lines = [
        f"Sessions: {summary.sessions} ({counted(len(summary.routines), 'routine')})",
        f"Streak: {streak} now, longest {counted(summary.longest_streak, 'day')}",
        f"Time: {minutes_text(summary.minutes_this_week)} this week, "
        f"{minutes_text(summary.minutes_last_week)} last week",
        "Per routine: "
        + ", ".join(f"{use.title or use.routine_id} {use.sessions}" for use in summary.routines[:8])
        + (f", and {len(summary.routines) - 8} more" if len(summary.routines) > 8 else ""),
    ]
    return lines


def break_lines(history: History, today: date) -> list[str]:
    """Breaks taken against those offered by the reminders, per day of the last week."""
    from handcue.services.breaks_taken import breaks_line
    from handcue.storage.reminders import Reminders

    line = breaks_line(Reminders(history.database), today)
    return [line] if line else []


def show_text(
    history: History,
    where: Filter,
    today: date,
    limit: int | None,
    summary_only: bool,
    title: str | None = None,
) -> None:
    summary = progress.summarize(history, today, where)
    if not summary_only:
        records = history.recent(limit or TABLE_ROWS, where)
        from_reminders = _from_reminders(history)
        if records:
            rows = [["When", "Routine", "Time", "Steps", "Ended", "Check-in (before → after)"]]
            rows += [
                [
                    _when(record),
                    _title(record),
                    format_length(record.played_seconds),
                    _steps(record),
                    _ending(record) + (", from a reminder" if record.uid in from_reminders else ""),
                    checkin_text(record),
                ]
                for record in records
            ]
            for line in _table(rows):
                say(line)
            if summary.sessions > len(records):
                say(f"(the last {len(records)} of {summary.sessions}; --limit N shows more)")
            say("")
    for line in summary_lines(summary, nothing_line(where, title)) + break_lines(history, today):
        say(line)


def _break_days(history: History) -> list[Any]:
    from handcue.storage.reminders import Reminders

    return Reminders(history.database).tally()


def _from_reminders(history: History) -> set[str]:
    """The sessions a break reminder opened."""
    from handcue.storage.reminders import Reminders

    return Reminders(history.database).session_uids()


def _summary_dict(summary: progress.Summary) -> dict[str, Any]:
    return {
        "sessions": summary.sessions,
        "current_streak_days": summary.current_streak,
        "longest_streak_days": summary.longest_streak,
        "minutes_this_week": round(summary.minutes_this_week, 1),
        "minutes_last_week": round(summary.minutes_last_week, 1),
        "routines": [
            {
                "routine_id": use.routine_id,
                "title": use.title,
                "sessions": use.sessions,
                "last": use.last.isoformat(),
                "minutes": round(use.seconds / 60, 1),
            }
            for use in summary.routines
        ],
    }


def show_json(history: History, where: Filter, today: date, limit: int | None) -> None:
    records = history.recent(limit, where)
    from_reminders = _from_reminders(history)
    document = {
        "sessions": [
            {
                **history_file.session_dict(record),
                "steps_not_reached": not_reached(record),
                "from_reminder": record.uid in from_reminders,
            }
            for record in records
        ],
        "summary": _summary_dict(progress.summarize(history, today, where)),
        "breaks": [
            {"day": day.day.isoformat(), "offered": day.offered, "taken": day.taken}
            for day in _break_days(history)
        ],
    }
    # Every character past ASCII escaped, as in `list --json`: titles from an imported history
    # can hold control characters, which must not act on a terminal the JSON is shown on.
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


CSV_COLUMNS = (
    "started",
    "ended",
    "routine_id",
    "routine_title",
    "outcome",
    "played_seconds",
    "left_seconds",
    "right_seconds",
    "steps_done",
    "steps_skipped",
    "steps_not_reached",
    "steps_total",
    "stopped_step",
    "stopped_title",
    "length",
    "fingerprint",
    "uid",
)


def _cell(value: object) -> object:
    if value is None:
        return ""
    return visible(value) if isinstance(value, str) else value


def show_csv(history: History, where: Filter, limit: int | None) -> None:
    records = history.recent(limit, where)
    rated = list(
        dict.fromkeys(
            (checkin.moment, checkin.measure, checkin.hand)
            for record in records
            for checkin in record.checkins
        )
    )
    rated.sort(key=lambda key: (key[1], key[2], key[0] != "before"))
    names = [
        f"{moment} {measure}" + ("" if hand == "both" else f" {hand}")
        for moment, measure, hand in rated
    ]
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *names])
    for record in records:
        data = {**history_file.session_dict(record), "steps_not_reached": not_reached(record)}
        values: dict[tuple[str, str, str], int] = {
            (c.moment, c.measure, c.hand): c.rating for c in record.checkins
        }
        # Text cells with their control characters written out, as everywhere on the terminal.
        row = [_cell(data[column]) for column in CSV_COLUMNS]
        row += [values.get(key, "") for key in rated]
        writer.writerow(row)
