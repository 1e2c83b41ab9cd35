"""`handcue history` and `handcue checkins`: your sessions on the command line.

Everything is read from and written to the user database on this machine; an export is a file
you choose, and nothing is sent anywhere. How the sessions are shown is `cli.history_listing`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, timedelta

from handcue.cli.history_listing import show_csv, show_json, show_text
from handcue.cli.output import say, warn
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.services import history as progress
from handcue.services import history_file, recording
from handcue.services.refusal import Refused as CommandError
from handcue.storage.history import Filter, History
from handcue.storage.opening import NOTHING_KEPT
from handcue.storage.user_database import NotSaved, Unreadable, UserDatabase

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
            show_json(history, where, today, args.limit)
        elif args.csv:
            show_csv(history, where, args.limit)
        else:
            show_text(history, where, today, args.limit, summary_only=args.summary, title=title)
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
