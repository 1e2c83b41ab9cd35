"""`handcue remind` with no action: the reminders running until they are stopped.

Here in the terminal (the full-screen view, or `--plain`: one line per event, for screen
readers) or as the service (no terminal; a break is played in a new terminal when its
notification's Play is clicked). Also what a break needs wherever it is answered: the saved
schedule, its routine played as `handcue play` plays it, and each routine's time at your saved
times.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from handcue.cli import plain_mode as plain
from handcue.cli.common import CommandError, open_library
from handcue.cli.ending_signals import ended_like_a_stop
from handcue.cli.output import warn
from handcue.core.library import Library
from handcue.core.reminder_plan import ReminderPlan, choose_routine, plan_from_json, span_text
from handcue.core.routine import Routine
from handcue.core.safe_text import visible
from handcue.services.break_offer import SERVICE_ACTIONS, WORK_ACTIONS, Notifier
from handcue.services.recording import local_now
from handcue.services.reminding import Reminding, run_loop
from handcue.storage import paths
from handcue.storage.reminders import Reminders, loop_lock

Play = Callable[[argparse.Namespace], int]
"""Plays a routine as `handcue play` does, given its parsed arguments."""
View = Callable[[Reminding, Callable[[str], object]], int]
"""The full-screen view: runs the reminders until the person quits."""

KEYS = "keys: Enter plays the break, s snoozes, x skips, q quits"


def saved_plan(store: Reminders) -> ReminderPlan:
    plan, problems = plan_from_json(store.plan_text())
    for problem in problems:
        warn(problem)
    return plan


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


def routine_seconds() -> Callable[[Routine], float]:
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


def run_reminders(args: argparse.Namespace, store: Reminders, full: Play, view: View | None) -> int:
    from handcue.cli.output import has_a_terminal

    routines = _library_routines(args.routines)
    plan = saved_plan(store)
    routine, why = choose_routine(plan, routines(), routine_seconds())
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
        seconds=routine_seconds(),
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
