"""`handcue remind`: break reminders, from the command line.

The schedule options are checked and saved first (said only once saved); then one action: the
status, a pause or its end, an answer to the break waiting now, the systemd service put in or
taken out, or the reminders themselves, run here or as the service (`cli.remind_loop`).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from handcue.cli.common import CommandError, find_routine, open_library
from handcue.cli.output import say, warn
from handcue.cli.remind_loop import (
    Play,
    View,
    play_break,
    routine_seconds,
    run_reminders,
    saved_plan,
)
from handcue.core.durations import format_clock, format_length
from handcue.core.reminder_plan import ReminderPlan, choose_routine
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.services.recording import local_now
from handcue.services.reminding import pause_until
from handcue.storage import paths
from handcue.storage.reminders import Reminder, Reminders, loop_lock
from handcue.storage.user_database import UserDatabase


def run(args: argparse.Namespace, *, full_screen: Play, view: View | None = None) -> int:
    if args.terminal is not None and not (args.install or args.service):
        raise CommandError(
            "--terminal chooses the terminal the installed service opens a break in; "
            "give it with --install"
        )
    database = UserDatabase()
    store = Reminders(database)
    said = 0
    try:
        plan = saved_plan(store)
        if _changes(args):
            plan = _apply(args, plan)
            store.save_plan(plan.to_json())
            if database.in_memory:
                raise CommandError("the schedule could not be saved: " + database.problems[-1])
            say("Saved: " + "; ".join(plan.lines()) + ".")
            if not _acts(args):
                said = _say_problems(database, said)
        if args.status:
            _status(store, plan, args)
        elif args.pause is not None:
            _pause(store, args.pause)
        elif args.resume:
            store.pause_until(None)
            say("Reminders resumed.")
        elif args.take or args.snooze or args.skip:
            return _answer(store, plan, args, full_screen)
        elif args.install:
            return _install(args, plan)
        elif args.uninstall:
            return _uninstall()
        else:
            return run_reminders(args, store, full_screen, view)
        return 0
    finally:
        database.close()
        _say_problems(database, said)


def _say_problems(database: UserDatabase, already: int) -> int:
    for problem in database.problems[already:]:
        warn(problem)
    return len(database.problems)


# the schedule --------------------------------------------------------------------------------

_SCHEDULE = ("every", "hours", "days", "quiet_hours", "snooze_time", "routine", "rotate_goal")


def _changes(args: argparse.Namespace) -> bool:
    return args.shortest or any(getattr(args, name) is not None for name in _SCHEDULE)


def _acts(args: argparse.Namespace) -> bool:
    return bool(
        args.status
        or args.pause is not None
        or args.resume
        or args.take
        or args.snooze
        or args.skip
        or args.install
        or args.uninstall
    )


def _apply(args: argparse.Namespace, plan: ReminderPlan) -> ReminderPlan:
    changes: dict[str, object] = {}
    if args.every is not None:
        changes["every"] = args.every
    if args.snooze_time is not None:
        changes["snooze"] = args.snooze_time
    if args.hours is not None:
        changes["hours"] = args.hours or None
    if args.days is not None:
        changes["days"] = args.days
    if args.quiet_hours is not None:
        changes["quiet"] = args.quiet_hours or None
    if args.routine is not None:
        library = open_library(args.routines, warn=False)
        try:
            find_routine(library, args.routine)
        except CommandError:
            raise
        except Exception as error:
            raise CommandError(str(error), about=f"routine {visible(args.routine)}") from None
        changes.update(routine_id=args.routine, goal=None)
    if args.rotate_goal is not None:
        changes.update(goal=args.rotate_goal, routine_id=None)
    if args.shortest:
        changes.update(goal=None, routine_id=None)
    return replace(plan, **changes)  # type: ignore[arg-type]


# status, pause, answers ----------------------------------------------------------------------


def _status(store: Reminders, plan: ReminderPlan, args: argparse.Namespace) -> None:
    from handcue.desktop import systemd

    with loop_lock(paths.data_dir()) as holder:
        running = "not running" if holder is None else f"running (process {holder or '?'})"
    installed = " (installed as a systemd user service)" if systemd.installed_here() else ""
    say(f"Reminders: {running}{installed}")
    for line in plan.lines():
        say(line)
    library = open_library(args.routines, warn=False)
    seconds = routine_seconds()
    routine, why = choose_routine(plan, library.routines, seconds, store.last_done())
    if routine is not None:
        say(f"Next break offers: {routine.title} ({format_length(seconds(routine))})")
    if why:
        say(f"Note: {why}")
    now = local_now()
    until = store.paused_until()
    if until is not None and now < until:
        say(f"Paused until {until:%H:%M} ({format_clock((until - now).total_seconds())} left)")
    waiting = store.open_one()
    if waiting is not None:
        what = "waiting" if waiting.outcome == "waiting" else "snoozed"
        say(f"Now: a break is {what}, offered at {waiting.offered:%H:%M} ({_title(waiting)})")
    today = store.on_day(now.date())
    taken = sum(1 for reminder in today if reminder.outcome == "played")
    say(f"Today: {counted(len(today), 'break')} offered, {taken} taken")
    for reminder in today:
        snoozes = f", snoozed {reminder.snoozes}x" if reminder.snoozes else ""
        say(f"  {reminder.offered:%H:%M}  {_title(reminder)}: {reminder.outcome}{snoozes}")
    say("Desktop: " + _desktop_line())


def _title(reminder: Reminder) -> str:
    return reminder.routine_title or reminder.routine_id or "a break"


def _desktop_line() -> str:
    from handcue.desktop.bus import bus_for, jeepney_missing
    from handcue.desktop.notifications import DesktopNotifier
    from handcue.desktop.presence import Presence

    missing = jeepney_missing()
    if missing is not None:
        return f"no desktop notifications: {missing}"
    session, system = bus_for("session"), bus_for("system")
    notifier = DesktopNotifier(session)
    shows = "notifications shown" if notifier.capabilities() else "no notification service found"
    presence = Presence(session, system, notifier)
    presence.sample()
    sources = ", ".join(dict.fromkeys(presence.sources)) or "none (time counts as work)"
    session.close()
    system.close()
    return f"{shows}; away, locked and Do Not Disturb from: {sources}"


def _pause(store: Reminders, seconds: float) -> None:
    until = pause_until(local_now(), seconds)
    store.pause_until(until)
    if store.database.in_memory:
        raise CommandError("the pause could not be saved: " + store.database.problems[-1])
    say(
        f"Reminders paused until {until:%H:%M}"
        + ("" if until.date() == local_now().date() else f" on {until:%a %d %b}")
        + "; what was counted is kept. 'handcue remind --resume' ends the pause."
    )


def _answer(store: Reminders, plan: ReminderPlan, args: argparse.Namespace, full: Play) -> int:
    waiting = store.open_one()
    if waiting is None:
        say("No break is waiting now.")
        return 0
    now = local_now()
    if args.snooze:
        if waiting.outcome != "waiting":
            say("That break is snoozed already.")
        elif waiting.snoozes >= plan.snooze_limit:
            raise CommandError(
                f"this break was put off {counted(waiting.snoozes, 'time')} already; "
                "play it ('handcue remind --take') or skip it ('--skip')"
            )
        elif store.answer(waiting.id, "snoozed", now):
            say(f"Snoozed: {_title(waiting)}.")
        return 0
    if args.skip:
        if store.answer(waiting.id, "skipped", now):
            say(f"Skipped: {_title(waiting)}.")
        return 0
    if waiting.routine_id is None:
        store.answer(waiting.id, "skipped", now)
        return 0
    started = local_now()
    status = play_break(waiting.routine_id, args.plain, args.routines, full)
    session = store.session_since(waiting.routine_id, started)
    store.answer(waiting.id, "played" if session else "skipped", local_now(), session)
    return status


# install -------------------------------------------------------------------------------------


def _service_argv(args: argparse.Namespace) -> list[str]:
    argv = [sys.executable, "-m", "handcue"]
    if args.routines:
        argv += ["--routines", str(paths.expand(args.routines, "--routines").resolve())]
    argv += ["remind", "--service"]
    if args.terminal:
        argv += ["--terminal", args.terminal]
    return argv


def _install(args: argparse.Namespace, plan: ReminderPlan) -> int:
    from handcue.desktop import systemd

    try:
        done = systemd.install(_service_argv(args), plan)
    except systemd.UnitError as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(
            f"the service could not be written ({error.strerror or error})"
        ) from None
    where = f"{done.folder / systemd.SERVICE} and {systemd.TIMER}"
    if done.started:
        say(
            f"Installed and started: {where}. 'journalctl --user -u {systemd.UNIT}' shows its lines."
        )
    else:
        say(
            f"Installed: {where}; systemd's user manager did not answer"
            + (f" ({done.why})" if done.why else "")
            + ", so the reminders start at your next login."
        )
    return 0


def _uninstall() -> int:
    from handcue.desktop import systemd

    try:
        removed = systemd.uninstall()
    except OSError as error:
        raise CommandError(
            f"the service could not be removed ({error.strerror or error})"
        ) from None
    say("Removed the reminder service." if removed else "No reminder service was installed.")
    return 0
