"""`handcue remind`: break reminders, from the command line.

The schedule options are checked and saved first (said only once saved); then one action: the
status, a pause or its end, an answer to the break waiting now, the systemd service put in or
taken out, or the reminders themselves, run here (the full-screen view, or `--plain`: one
line per event, for screen readers) or as the service (no terminal; a break is played in a
new terminal when its notification's Play is clicked).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TextIO

from handcue.cli import plain_mode as plain
from handcue.cli.common import CommandError, find_routine, open_library
from handcue.cli.ending_signals import ended_like_a_stop
from handcue.cli.output import say, warn
from handcue.core.durations import format_clock, format_length
from handcue.core.library import Library
from handcue.core.reminder_plan import ReminderPlan, choose_routine, plan_from_json, span_text
from handcue.core.routine import Routine
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.services.recording import local_now
from handcue.services.reminding import (
    SERVICE_ACTIONS,
    WORK_ACTIONS,
    Notifier,
    Reminding,
    pause_until,
    run_loop,
)
from handcue.storage import paths
from handcue.storage.reminders import Reminder, Reminders, loop_lock
from handcue.storage.user_database import UserDatabase

Play = Callable[[argparse.Namespace], int]
"""Plays a routine as `handcue play` does, given its parsed arguments."""
View = Callable[[Reminding, Callable[[str], object]], int]
"""The full-screen view: runs the reminders until the person quits."""

KEYS = "keys: Enter plays the break, s snoozes, x skips, q quits"


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
        plan = _saved_plan(store)
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
            return _run_loop(args, store, full_screen, view)
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


def _saved_plan(store: Reminders) -> ReminderPlan:
    plan, problems = plan_from_json(store.plan_text())
    for problem in problems:
        warn(problem)
    return plan


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
    routine, why = choose_routine(plan, library.routines, _seconds(), store.last_done())
    if routine is not None:
        say(f"Next break offers: {routine.title} ({format_length(_seconds()(routine))})")
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


def play_break(routine_id: str, plain_mode: bool, routines: str | None, full: Play) -> int:
    """A break's routine through the same flow as `handcue play ID` (precautions, check-in,
    history), full screen or plain."""
    from handcue.cli.parser import build_parser
    from handcue.services.refusal import Refused

    argv = [*(["--routines", routines] if routines else []), "play", routine_id]
    play_args = build_parser().parse_args([*argv, "--plain"] if plain_mode else argv)
    try:
        if plain_mode:
            from handcue.cli.play_plain import run as run_plain

            return run_plain(play_args)
        return full(play_args)
    except Refused as error:
        warn(str(error))
        return 2


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


# the loop ------------------------------------------------------------------------------------


def _seconds() -> Callable[[Routine], float]:
    """A routine's time with the person's saved tweaks (read once; nothing is written)."""
    from handcue.core.tweaks import Tweaks, apply, total_seconds
    from handcue.services.timing import load_all
    from handcue.storage.tweaks_file import TweakStore

    saved = load_all(TweakStore(), lambda message: None)

    def seconds(routine: Routine) -> float:
        applied = apply(routine, saved.get(routine.id, Tweaks()))
        return total_seconds(routine, applied.durations)

    return seconds


def _library_routines(option: str | None) -> Callable[[], Sequence[Routine]]:
    """The library, read again when a break comes (a routine added since is offered)."""

    def routines() -> Sequence[Routine]:
        library: Library = open_library(option, warn=False)
        return library.routines

    return routines


def _run_loop(args: argparse.Namespace, store: Reminders, full: Play, view: View | None) -> int:
    from handcue.cli.output import has_a_terminal

    routines = _library_routines(args.routines)
    plan = _saved_plan(store)
    routine, why = choose_routine(plan, routines(), _seconds())
    if routine is None:
        raise CommandError("no routine to offer: your library is empty ('handcue list')")
    if why:
        warn(why)
    with loop_lock(paths.data_dir()) as holder:
        if holder is not None:
            raise CommandError(
                f"reminders already run in process {holder or '?'} (the installed service, or "
                "another terminal); 'handcue remind --status' shows them"
            )
        if args.service:
            return _service(args, store, routines)
        if not args.plain and view is not None and has_a_terminal():
            with _desktop(WORK_ACTIONS) as (presence, desktop):
                # The view rings the bell through its own driver, between frames.
                reminding = _reminding(store, routines, presence, desktop, None)
                try:
                    return view(
                        reminding, lambda ident: play_break(ident, False, args.routines, full)
                    )
                finally:
                    reminding.close()
        return _plain(args, store, routines, full)


@contextlib.contextmanager
def _desktop(actions: Sequence[tuple[str, str]]) -> Iterator[tuple[object, list[Notifier]]]:
    """The desktop's presence and notifications; says once, on stderr, when no desktop
    notification can be shown here, and why."""
    from handcue.desktop.bus import bus_for, jeepney_missing
    from handcue.desktop.notifications import DesktopNotifier
    from handcue.desktop.presence import Presence

    missing = jeepney_missing()
    if missing is not None:
        warn(f"no desktop notifications: {missing}; the tone, the bell and the terminal remain")
        yield Presence(None, None), []
        return
    session, system = bus_for("session"), bus_for("system")
    notifier = DesktopNotifier(session)
    if not notifier.capabilities():
        why = session.problem or "no notification service answers on the session bus"
        warn(f"no desktop notifications: {why}; the tone, the bell and the terminal remain")
    try:
        yield Presence(session, system, notifier), [notifier]
    finally:
        session.close()
        system.close()


def _terminal_notifier(stream: TextIO | None) -> Notifier:
    from handcue.desktop.terminals import TerminalNotifier

    def write(text: str) -> None:
        if stream is not None and stream.isatty():
            with contextlib.suppress(OSError, ValueError):
                stream.write(text)
                stream.flush()

    notifier = TerminalNotifier(write)
    if notifier.problem:
        warn(notifier.problem)
    return notifier


def _reminding(
    store: Reminders,
    routines: Callable[[], Sequence[Routine]],
    presence: object,
    notifiers: Sequence[Notifier],
    terminal: Notifier | None,
    actions: Sequence[tuple[str, str]] = WORK_ACTIONS,
    on_play_request: Callable[[], None] | None = None,
) -> Reminding:
    from handcue.services.playing import open_player

    return Reminding(
        store,
        routines,
        seconds=_seconds(),
        clock=time.monotonic,
        wall=local_now,
        presence=presence,  # type: ignore[arg-type]
        notifiers=[*([terminal] if terminal is not None else []), *notifiers],
        tone=open_player(),
        actions=actions,
        on_play_request=on_play_request,
    )


def _plain(
    args: argparse.Namespace,
    store: Reminders,
    routines: Callable[[], Sequence[Routine]],
    full: Play,
) -> int:
    out = sys.stdout
    with _desktop(WORK_ACTIONS) as (presence, desktop):
        reminding = _reminding(store, routines, presence, desktop, _terminal_notifier(out))
        _tell(out, f"Reminders on: {reminding_plan_line(store)}")
        with ended_like_a_stop() as ending, plain.key_input(sys.stdin) as keys:
            if keys.fd is not None:
                _tell(out, KEYS)

            def key(pressed: str) -> bool:
                command = pressed[-1]
                if command in "\r\n":
                    lines = reminding.take(
                        lambda ident: play_break(ident, True, args.routines, full)
                    )
                elif command.lower() == "s":
                    lines = reminding.snooze()
                elif command.lower() == "x":
                    lines = reminding.skip()
                else:
                    return command.lower() != "q"
                for line in lines:
                    _tell(out, line)
                return True

            try:
                run_loop(reminding, keys.wait, lambda line: _tell(out, line), key)
            except KeyboardInterrupt:
                return ending.code(130)
            finally:
                _tell(out, "Reminders off.")
    return 0


def reminding_plan_line(store: Reminders) -> str:
    plan, _ = plan_from_json(store.plan_text())
    return f"a break after every {span_text(plan.every)} of work; {plan.choice_text()}"


def _tell(out: TextIO, line: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        out.write(visible(line) + "\n")
        out.flush()


def _service(
    args: argparse.Namespace, store: Reminders, routines: Callable[[], Sequence[Routine]]
) -> int:
    """The reminders with no terminal: the desktop notification's Play opens one."""
    from handcue.desktop.terminals import open_in_terminal, terminal_command

    out = sys.stdout

    def open_break() -> None:
        prefix = terminal_command(args.terminal)
        argv = [sys.executable, "-m", "handcue", "remind", "--take"]
        if args.routines:
            argv[3:3] = ["--routines", args.routines]
        why = (
            "no terminal program found (install --terminal COMMAND)"
            if prefix is None
            else open_in_terminal(prefix, argv)
        )
        if why:
            _tell(
                out,
                f"the break could not be opened in a terminal: {why}; run 'handcue remind --take'",
            )

    with _desktop(SERVICE_ACTIONS) as (presence, desktop):
        reminding = _reminding(
            store, routines, presence, desktop, None, SERVICE_ACTIONS, open_break
        )
        _tell(out, f"Reminders on: {reminding_plan_line(store)}")
        wait = _bus_wait(desktop)
        with ended_like_a_stop() as ending:
            try:
                run_loop(reminding, wait, lambda line: _tell(out, line))
            except KeyboardInterrupt:
                # systemd stopping the service is its normal end, not a failure.
                return 0 if ending.number is not None else 130
            finally:
                _tell(out, "Reminders off.")
    return 0


def _bus_wait(notifiers: Sequence[Notifier]) -> Callable[[float], str | None]:
    """Wait for a click on the notification (or the time), without taking it."""
    buses = [bus for notifier in notifiers if (bus := getattr(notifier, "bus", None)) is not None]

    def wait(seconds: float) -> str | None:
        if buses:
            buses[0].wait(seconds)
        else:
            time.sleep(seconds)
        return None

    return wait
