"""`handcue history` and `handcue checkins`: your sessions on the command line.

Everything is read from and written to the user database on this machine; an export is a file
you choose, and nothing is sent anywhere.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from handcue.cli.output import clip, say, table, warn
from handcue.core.checkin import MEASURES
from handcue.core.durations import format_length
from handcue.core.outcomes import Counts
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.services import history as progress
from handcue.services import history_file, recording
from handcue.services.refusal import Refused as CommandError
from handcue.storage.history import Filter, History, SessionRecord
from handcue.storage.opening import NOTHING_KEPT
from handcue.storage.user_database import NotSaved, Unreadable, UserDatabase

TABLE_ROWS = 20
_RELATIVE = re.compile(r"^(\d{1,5})\s*([dw])$")


def parse_since(text: str, today: date) -> date:
    """`2026-11-01`, `today`, `yesterday`, or `7d` / `2w` back from today."""
    cleaned = text.strip().lower()
    if cleaned == "today":
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    match = _RELATIVE.match(cleaned)
    if match:
        count = int(match[1])
        return today - timedelta(days=count * (7 if match[2] == "w" else 1))
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise CommandError(
            "write a date such as 2026-11-01, 'today', 'yesterday', or 7d / 2w for days or "
            "weeks back",
            f"since {visible(text)}",
        ) from None


def _filter(args: argparse.Namespace, today: date) -> Filter:
    goal = args.goal
    routines: frozenset[str] = frozenset()
    if goal is not None:
        from handcue.cli.common import open_library

        library = open_library(getattr(args, "routines", None), warn=False)
        routines = frozenset(r.id for r in library.routines if goal in r.goals)
    return Filter(
        routine_ids=frozenset({args.routine}) if args.routine else None,
        goal=goal,
        goal_routines=routines,
        since=parse_since(args.since, today) if args.since else None,
    )


def _said_problems(database: UserDatabase, already: int = 0, failed: bool = False) -> int:
    """Say the database's problems; once a command has failed in one line that names the
    cause, the notice that the file cannot be written would only say it again."""
    for problem in database.problems[already:]:
        if not (failed and NOTHING_KEPT in problem):
            warn(problem)
    return len(database.problems)


def _open() -> tuple[UserDatabase, History]:
    """The database as the command line uses it: nothing kept in memory only, so a change
    that cannot be saved fails, and a file that cannot be read is never shown as empty."""
    database = UserDatabase(strict=True)
    return database, History(database)


def _close_interrupted(history: History) -> None:
    try:
        history.close_interrupted()
    except NotSaved as error:
        history.database.report(f"{error}; sessions whose process is gone still show as playing.")


def run(args: argparse.Namespace) -> int:
    today = recording.local_now().date()
    where = _filter(args, today)
    database, history = _open()
    failed = False
    try:
        _close_interrupted(history)
        if args.import_file is not None:
            return _import(history, args)
        title = _routine_title(history, args) if args.routine else None
        if args.forget:
            return _forget(history, where, args)
        if args.export is not None:
            return _export(history, where, args)
        if args.json:
            _json(history, where, today, args.limit)
        elif args.csv:
            _csv(history, where, args.limit)
        else:
            _text(history, where, today, args.limit, summary_only=args.summary, title=title)
        return 0
    except Unreadable as error:
        failed = True
        warn(f"your history could not be read: {error}; nothing is shown.")
        return 1
    except NotSaved as error:
        failed = True
        warn(f"{_not_done(args)}: {error}.")
        return 1
    finally:
        database.close()
        _said_problems(database, failed=failed)


def _routine_title(history: History, args: argparse.Namespace) -> str:
    """The title of `--routine ID`, for "No sessions of ... yet"; an id that is neither a
    routine nor in any kept session is refused with the nearest of both."""
    from handcue.cli.common import open_library
    from handcue.core.suggest import did_you_mean

    wanted = args.routine
    library = open_library(getattr(args, "routines", None), warn=False)
    routine = library.get(wanted)
    if routine is not None:
        return visible(routine.title)
    played = history.uses()
    if wanted in played:
        return visible(played[wanted].title or wanted)
    hint = did_you_mean(wanted, sorted({r.id for r in library.routines} | set(played)))
    raise CommandError(
        f"no routine has this id and no kept session is of it{hint} "
        "('handcue list' shows the routines)",
        f"routine {visible(wanted)}",
    )


def _not_done(args: argparse.Namespace) -> str:
    if args.import_file is not None:
        return f"{visible(str(args.import_file))}: nothing was imported, your history is as it was"
    if args.forget:
        return "nothing was forgotten"
    return "nothing was changed"


# reading -----------------------------------------------------------------------------------


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
        f"Minutes: {summary.minutes_this_week:.0f} this week, "
        f"{summary.minutes_last_week:.0f} last week",
        "Per routine: "
        + ", ".join(f"{use.title or use.routine_id} {use.sessions}" for use in summary.routines[:8])
        + (f", and {len(summary.routines) - 8} more" if len(summary.routines) > 8 else ""),
    ]
    return lines


def break_lines(history: History, today: date) -> list[str]:
    """Breaks taken against those offered by the reminders, per day of the last week."""
    from handcue.services.reminding import breaks_line
    from handcue.storage.reminders import Reminders

    line = breaks_line(Reminders(history.database), today)
    return [line] if line else []


def _text(
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


def _json(history: History, where: Filter, today: date, limit: int | None) -> None:
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


def _csv(history: History, where: Filter, limit: int | None) -> None:
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


# moving and forgetting ---------------------------------------------------------------------


def _export(history: History, where: Filter, args: argparse.Namespace) -> int:
    from handcue.storage.atomic import atomic_write_text, write_target

    path = args.export
    if path.exists() and not args.force:
        raise CommandError(f"{path}: already exists; add --force to replace it")
    records = history.recent(None, where)
    document = history_file.export_document(records, recording.local_now())
    try:
        atomic_write_text(write_target(path), json.dumps(document, indent=1) + "\n")
    except OSError as error:
        raise CommandError(f"{path}: could not be written ({error.strerror or error})") from None
    say(f"Wrote {counted(len(records), 'session')} to {path}.")
    return 0


def _import(history: History, args: argparse.Namespace) -> int:
    path = args.import_file
    try:
        imported = history_file.read_export(path)
    except history_file.NotAnExport as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(f"{path}: could not be read ({error.strerror or error})") from None
    for problem in imported.problems[:10]:
        warn(problem)
    if len(imported.problems) > 10:
        warn(f"... and {len(imported.problems) - 10} more sessions left out")
    # Strict: a batch that cannot be committed raises NotSaved, said by `run` in one line.
    added, known = history.import_sessions(imported.sessions)
    said = f"Imported {counted(added, 'session')} from {path}"
    if known:
        said += f"; {known} {'was' if known == 1 else 'were'} already in your history"
    say(said + ".")
    return 1 if imported.problems and not added else 0


def _forget(history: History, where: Filter, args: argparse.Namespace) -> int:
    count = history.count(where)
    if not count:
        say("No sessions to forget.")
        return 0
    which = "all your sessions" if where == Filter() else "the sessions that match"
    if not args.yes:
        from handcue.cli.plain_mode import terminal_fd

        if terminal_fd(sys.stdin) is None:
            raise CommandError(
                f"--forget would delete {counted(count, 'session')} ({which}); it asks first, "
                "so run it on a terminal, or add --yes"
            )
        sys.stderr.write(
            f"Forget {counted(count, 'session')} ({which}) and their check-ins? This cannot be "
            "undone ('--export FILE' keeps a copy first). Type y and Enter to forget: "
        )
        sys.stderr.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            say("Nothing forgotten.")
            return 0
    forgotten = history.forget(where)
    say(f"Forgot {counted(forgotten, 'session')}.")
    return 0


# check-in setting --------------------------------------------------------------------------

MODE_WORDS = {
    "on": "on: handcue asks how your hands feel before and after a routine",
    "per-hand": "per hand: asked for each hand where a routine works them one at a time",
    "off": "off: handcue does not ask ('handcue checkins on' asks again)",
}


def run_checkins(args: argparse.Namespace) -> int:
    database, history = _open()
    failed = False
    try:
        if args.mode is not None:
            progress.set_checkin_mode(history, args.mode)
        say(f"Check-ins are {MODE_WORDS[progress.checkin_mode(history)]}.")
    except (NotSaved, Unreadable) as error:
        failed = True
        warn(f"the check-in setting was not saved: {error}.")
        return 1
    finally:
        database.close()
        _said_problems(database, failed=failed)
    return 0
