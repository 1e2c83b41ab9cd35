"""The command line's grammar: every command, its options, and checks of their values.

A mistake is said in one line that names the option, what was given and what is allowed, with
"did you mean" where a close word exists; never the usage block. Kept free of heavy imports,
so `handcue --help` and a mistyped option answer at once.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from handcue import __version__

# The checks of values import what they need when a value is given: `handcue --help` and the
# picker's start should not pay for the routine model.

COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("ID", "play a routine (--plain: one line per event, no full screen)"),
    "render": ("ID OUT", "write a routine's tones (and --voice) to a .wav, .flac or .ogg file"),
    "list": ("", "list the routines, with your times (--goal G, --max-minutes N)"),
    "show": ("ID", "show every step of a routine, with your times"),
    "tweak": ("ID", "change and save a routine's step times and length"),
    "new": ("ID", "start a routine of your own (--from OTHER copies one)"),
    "edit": ("ID", "open your copy of a routine in $VISUAL or $EDITOR, and check it"),
    "check": ("[PATH...]", "check routine files or folders (by default your routines folder)"),
    "goals": ("", "list the goals routines are grouped by"),
    "schema": ("", "print the JSON Schema of the routine format"),
    "cues": ("", "hear every tone cue with its meaning (--list only prints them)"),
    "doctor": ("", "report the sound backend, speech engine, folders and versions"),
    "history": ("", "your sessions, streaks and check-ins (--json, --csv, --export, --import)"),
    "checkins": (
        "[MODE]",
        "show or set the check-ins before and after a routine: on, off, per-hand",
    ),
    "remind": ("", "break reminders after every N minutes of work (--status, --pause, --install)"),
    "voice": (
        "[MODE]",
        "show or set how the voice guides: guided, brief, auto (--engine, --speak-by)",
    ),
}
"""Each command once: its arguments and the one line that describes it, in `handcue --help`
and at the top of its own help."""

TIMING_NOTE = """\
Times: --length sets how long every step without a time of its own takes, as a share of the
routine as written (150% or 1.5: half as long again; 80%: a fifth shorter); --minutes N fits
the whole routine into N minutes, or as close as it goes with no step under 10s; --step 3=45s
sets one step. --scale is the old name of --length."""


def _epilog() -> str:
    width = max(len(f"{name} {args}".strip()) for name, (args, _) in COMMANDS.items())
    lines = ["commands:", f"  {'(none)':<{width}}  open the routine picker (--goal G filters it)"]
    lines += [
        f"  {f'{name} {args}'.strip():<{width}}  {text}" for name, (args, text) in COMMANDS.items()
    ]
    lines += [
        "",
        "'handcue COMMAND --help' describes a command's options. Your own routines live in the",
        "folder given by --routines, $HANDCUE_ROUTINES or the default user data folder",
        "('handcue doctor' prints it).",
    ]
    return "\n".join(lines)


class Parser(argparse.ArgumentParser):
    """argparse, with every mistake said in one line: the option, the value, what is allowed.

    `exit_on_error=False` makes argparse raise its `ArgumentError` (which knows the option)
    instead of printing usage; `error()`, argparse's documented hook for the rest, prints one
    line and exits with status 2.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("exit_on_error", False)
        super().__init__(*args, **kwargs)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        try:
            return super().parse_known_args(args, namespace)
        except argparse.ArgumentError as error:
            self.error(self._explain(error))

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            self.error(self._extra(extra, getattr(parsed, "command", None)))
        return parsed

    def error(self, message: str) -> NoReturn:
        missing = re.match(r"the following arguments are required: (.*)", message)
        if missing:
            message = f"missing {missing[1].upper()}; see '{self.prog} --help'"
        ambiguous = re.match(r"ambiguous option: (\S+?)(?:=\S*)? could match (.*)", message)
        if ambiguous:
            *some, last = ambiguous[2].split(", ")
            which = f"{', '.join(some)} or {last}" if some else last
            message = f"{ambiguous[1]} could be {which}; write the whole option"
        self.exit(2, f"handcue: {message}\n")

    def _explain(self, error: argparse.ArgumentError) -> str:
        name = error.argument_name or ""
        text = error.message
        if choice := re.match(r"invalid choice: (.*?) \(choose from", text):
            return self._not_a_choice(name, choice[1].strip("'\""))
        if text.startswith("expected "):
            action = self._action(name)
            wants = f" ({action.metavar})" if action is not None and action.metavar else ""
            return f"{name} needs a value{wants}"
        if other := re.match(r"not allowed with argument (.*)", text):
            return f"{name} and {other[1]} cannot be given together; choose one"
        if text.startswith("ignored explicit argument"):
            return f"{name} takes no value"
        return f"{name} {text}" if name else text

    def _action(self, name: str) -> argparse.Action | None:
        for action in self._actions:
            if name in (*action.option_strings, "/".join(action.option_strings), action.metavar):
                return action
        return None

    def _not_a_choice(self, name: str, word: str) -> str:
        """A word that must be one of a set: the command, `checkins MODE`, any option with
        choices; the set named, with the nearest word."""
        from handcue.core.suggest import did_you_mean

        if name == "COMMAND":
            hint = did_you_mean(word, COMMANDS)
            return f"no command '{word}'{hint} (commands: {', '.join(COMMANDS)})"
        action = self._action(name)
        choices = [str(choice) for choice in (action.choices or ())] if action else []
        hint = did_you_mean(word, choices)
        if action is not None and not action.option_strings:
            # A positional: named by the command it follows, as typed (`checkins of`).
            what = (action.metavar if isinstance(action.metavar, str) else action.dest).lower()
            command = self.prog.rpartition(" ")[2]
            return f"{command} {word}: no such {what}{hint} ({what}s: {', '.join(choices)})"
        return f"{name} {word}: not one of its values{hint} (choose from {', '.join(choices)})"

    def _extra(self, extra: list[str], command: str | None) -> str:
        """Words no option or argument took: an option of another command (or of handcue
        itself, given after the command), a mistyped option, or one word too many."""
        where = f"{self.prog} {command}" if command else self.prog
        see = f"(see '{where} --help')"
        word = extra[0]
        if not word.startswith("-"):
            return f"unexpected {' '.join(extra)!r} {see}"
        option = word.partition("=")[0]
        owners = dict(_options_by_owner(self))
        if any(option in options for options in owners.values()):
            return (
                f"{option} is not an option of '{where}'; it {self._belongs(option, command)} {see}"
            )
        from handcue.core.suggest import did_you_mean, nearest

        hint = did_you_mean(option, sorted(owners.get(command or "", ())))
        if not hint and (other := nearest(option, sorted(set().union(*owners.values())))):
            hint = f"; the nearest, {other}, {self._belongs(other, command)}"
        return f"no option {option} for '{where}'{hint} {see}"

    def _belongs(self, option: str, command: str | None) -> str:
        """Where `option` goes: `belongs to 'play' and 'history'`, or before the command when
        it is handcue's own."""
        owners = [owner for owner, options in _options_by_owner(self) if option in options]
        places = [f"'{owner}'" for owner in owners if owner]
        said = ""
        if places:
            listed = ", ".join(places[:-1]) + " and " + places[-1] if len(places) > 1 else places[0]
            said = f"belongs to {listed}"
        if "" in owners:
            action = self._action(option)
            value = f" {action.metavar}" if action is not None and action.metavar else ""
            before = f"handcue {option}{value} {command or 'COMMAND'} ..."
            said += ", and to handcue " if said else "goes "
            said += f"before the command: {before}"
        return said


def _options_by_owner(parser: argparse.ArgumentParser) -> Iterator[tuple[str, frozenset[str]]]:
    """The long options of handcue itself (owner "") and of each command."""
    yield "", frozenset(_long_options(parser))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield name, frozenset(_long_options(sub))


def _long_options(parser: argparse.ArgumentParser) -> Iterator[str]:
    for action in parser._actions:
        yield from (option for option in action.option_strings if option.startswith("--"))


def _value_error(text: str, why: str) -> argparse.ArgumentTypeError:
    """The message argparse puts after the option's name: `150: the volume is ...`."""
    shown = text if text and len(text) <= 40 and text.isprintable() else repr(text[:40])
    return argparse.ArgumentTypeError(f"{shown}: {why}")


def _max_minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _value_error(text, "write a number of minutes, such as 10 or 7.5") from None
    if not 0 < value < math.inf:  # also refuses nan
        raise _value_error(text, "the number of minutes must be above 0, such as 10 or 7.5")
    return value


def _minutes(text: str) -> float:
    """`--minutes`: the time to fit a routine into, in minutes."""
    from handcue.core.tweaks import TweakError, parse_minutes

    try:
        return parse_minutes(text) / 60
    except TweakError as error:
        raise _value_error(text, str(error)) from None


def _length(text: str) -> float:
    """`--length`: a share of the routine as written; a bare number past the range is more
    likely minutes, which the message says."""
    from handcue.core.tweaks import MAX_LENGTH, TweakError, parse_length

    try:
        return parse_length(text)
    except TweakError as error:
        why = str(error)
        bare = text.strip().replace(".", "", 1).isdigit()
        if bare and float(text) > MAX_LENGTH:
            why += f"; to fit the routine into {text.strip()} minutes, use --minutes {text.strip()}"
        raise _value_error(text, why) from None


def _goal(text: str) -> str:
    """Goals are ids such as carpal-tunnel; "Carpal tunnel" means the same."""
    from handcue.core.suggest import did_you_mean
    from handcue.core.vocabulary import GOALS

    goal = "-".join(text.lower().replace("_", " ").split())
    if goal not in GOALS:
        hint = did_you_mean(goal, GOALS)
        raise _value_error(text, f"no such goal{hint} (goals: {', '.join(GOALS)})")
    return goal


def _volume(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _value_error(text, "the volume is a whole number from 0 to 100") from None
    if not 0 <= value <= 100:
        raise _value_error(text, "the volume is a whole number from 0 to 100")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _value_error(text, "write a number of seconds, above 0 and at most 3600") from None
    if not 0 < value <= 3600:
        raise _value_error(text, "the number of seconds must be above 0 and at most 3600")
    return value


VOICE_MODES = ("guided", "brief", "auto")
VOICE_ENGINES = ("natural", "system", "auto")
SPEAKERS = ("voice", "screen-reader")


def _one_of(what: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    """A check that the value is one of `choices`, saying which, with "did you mean"."""

    def check(text: str) -> str:
        from handcue.core.suggest import did_you_mean

        word = text.strip().lower()
        if word not in choices:
            hint = did_you_mean(word, choices)
            raise _value_error(text, f"no such {what}{hint} (choose from {', '.join(choices)})")
        return word

    check.choices = choices  # type: ignore[attr-defined]  # for the tests that try each set
    return check


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="handcue",
        usage="handcue [--routines DIR] [--goal G] [--yes] [COMMAND ...]",
        description="Guided hand-massage routines with tone cues you can follow eyes-free.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"handcue {__version__}")
    parser.add_argument("--routines", metavar="DIR", help="folder of your own routines")
    parser.add_argument("--goal", type=_goal, metavar="G", help="open the picker on this goal")
    parser.add_argument("--yes", action="store_true", help="skip the precautions screen")
    _checkin_option(parser)
    # No help per command here: the epilog lists each one once, with its arguments.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", help=argparse.SUPPRESS)

    def command(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(
            name, prog=f"handcue {name}", description=COMMANDS[name][1].capitalize() + ".", **kwargs
        )
        return sub

    play = command("play", epilog=TIMING_NOTE, formatter_class=argparse.RawDescriptionHelpFormatter)
    play.add_argument("id", metavar="ID")
    play.add_argument("--yes", action="store_true", help="skip the precautions screen")
    _checkin_option(play)
    _timing_options(play, "for this play only, unless --save")
    play.add_argument("--save", action="store_true", help="keep these times for next time")
    add_play_arguments(play)
    play.add_argument(
        "--volume",
        type=_volume,
        default=None,
        metavar="0-100",
        help="loudness of the tones (else as set in the app, at first 100)",
    )

    render = command(
        "render", epilog=TIMING_NOTE, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_render_arguments(render)
    _timing_options(render, "for this file only")

    listing = command("list")
    listing.add_argument("--goal", type=_goal, metavar="G", help="only routines for this goal")
    listing.add_argument(
        "--max-minutes",
        type=_max_minutes,
        metavar="N",
        help="only routines that take you at most N minutes",
    )
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    show = command("show")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="machine-readable output")

    tweak = command(
        "tweak", epilog=TIMING_NOTE, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    tweak.add_argument("id", metavar="ID")
    _timing_options(tweak, "saved; with no option, the step times screen opens")
    tweak.add_argument("--reset", action="store_true", help="clear every saved tweak")
    tweak.add_argument(
        "--reset-step",
        action="append",
        default=[],
        metavar="STEP",
        help="clear one step's saved time (number or key; repeatable)",
    )

    new = command("new")
    new.add_argument(
        "id", metavar="ID", help="its id and file name: lowercase letters, digits, dashes"
    )
    new.add_argument("--from", dest="source", metavar="OTHER", help="copy this routine")

    edit = command("edit")
    edit.add_argument("id", metavar="ID")

    check = command("check")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    command("goals")
    command("schema")

    cues = command("cues")
    cues.add_argument("--list", action="store_true", help="only print the legend")
    cues.add_argument(
        "--volume", type=_volume, default=80, metavar="0-100", help="loudness of the tones"
    )

    command("doctor")
    add_history_arguments(command("history"))
    checkins = command("checkins")
    checkins.add_argument(
        "mode",
        nargs="?",
        choices=("on", "off", "per-hand"),
        metavar="MODE",
        help="on: ask once for both hands; per-hand: each hand where a routine works them apart",
    )
    voice = command("voice")
    voice.add_argument(
        "mode",
        nargs="?",
        type=_one_of("voice mode", VOICE_MODES),
        metavar="MODE",
        help="guided: every step's whole instruction; brief: only its hand, name and length; "
        "auto: guided for a routine's first three plays, then brief",
    )
    voice.add_argument(
        "--engine",
        type=_one_of("voice engine", VOICE_ENGINES),
        metavar="ENGINE",
        help="natural: the offline natural voice of handcue[voice]; system: espeak-ng; "
        "auto: natural when installed",
    )
    _speak_by_option(voice, "in plain mode, who says the words")
    add_remind_arguments(
        command("remind", epilog=REMIND_NOTE, formatter_class=argparse.RawDescriptionHelpFormatter)
    )
    return parser


REMIND_NOTE = """\
With no action, the reminders run in this terminal (a small full screen, or one line per event
with --plain) and the schedule options given are saved first. In a break: Enter plays the
routine, s snoozes (shorter each time, at most 3 times), x skips. Times: 50m, 1h30m, 45s, or
a bare number of minutes; spans of the day: 9:00-17:30 (or off); days: mon-fri, mon,wed,fri,
weekdays, all."""


def _plan_value(parse: Any) -> Any:
    """An argparse type from a reminder-plan parser: its PlanError said after the option."""

    def check(text: str) -> Any:
        from handcue.core.reminder_plan import PlanError

        try:
            return parse(text)
        except PlanError as error:
            raise _value_error(text, str(error)) from None

    return check


def _every(text: str) -> float:
    from handcue.core.reminder_plan import MOST_EVERY, parse_span

    return float(_plan_value(lambda t: parse_span(t, most=MOST_EVERY, what="the work time"))(text))


def _pause(text: str) -> float:
    from handcue.core.reminder_plan import MOST_PAUSE, parse_span

    return float(_plan_value(lambda t: parse_span(t, most=MOST_PAUSE, what="a pause"))(text))


def _span_of_day(text: str) -> Any:
    from handcue.core.reminder_plan import parse_span_of_day

    return _plan_value(parse_span_of_day)(text)


def _days(text: str) -> Any:
    from handcue.core.reminder_plan import parse_days

    return _plan_value(parse_days)(text)


def add_remind_arguments(parser: argparse.ArgumentParser) -> None:
    """`handcue remind`: the schedule (saved), what to do, and how to run."""
    plan = parser.add_argument_group("the schedule (saved for next time)")
    plan.add_argument("--every", type=_every, metavar="TIME", help="work time between breaks (50m)")
    plan.add_argument(
        "--hours", type=_span_of_day, metavar="START-END", help="working hours (9:00-17:30, off)"
    )
    plan.add_argument("--days", type=_days, metavar="DAYS", help="working days (mon-fri)")
    plan.add_argument(
        "--quiet-hours",
        type=_span_of_day,
        metavar="START-END",
        help="no reminder in this span (12:00-13:00, off); may cross midnight",
    )
    plan.add_argument(
        "--snooze-time",
        type=_every,
        metavar="TIME",
        help="the first snooze (5m); each next is half",
    )
    which = plan.add_mutually_exclusive_group()
    which.add_argument("--routine", metavar="ID", help="offer this routine at every break")
    which.add_argument(
        "--goal", dest="rotate_goal", type=_goal, metavar="G", help="offer G's routines in turn"
    )
    which.add_argument(
        "--shortest", action="store_true", help="offer the shortest desk-work routine (the default)"
    )
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument(
        "--status", action="store_true", help="show the schedule and today's breaks"
    )
    actions.add_argument("--pause", type=_pause, metavar="TIME", help="no reminders for TIME (1h)")
    actions.add_argument("--resume", action="store_true", help="end a pause")
    actions.add_argument("--take", action="store_true", help="play the break waiting now")
    actions.add_argument("--snooze", action="store_true", help="put the break waiting now off")
    actions.add_argument("--skip", action="store_true", help="skip the break waiting now")
    actions.add_argument(
        "--install", action="store_true", help="run the reminders as a systemd user service"
    )
    actions.add_argument("--uninstall", action="store_true", help="remove that service")
    actions.add_argument("--service", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--plain", action="store_true", help="one line per event, no full screen (screen readers)"
    )
    parser.add_argument(
        "--terminal",
        metavar="COMMAND",
        help="with --install: the terminal that opens a break ('kitty', 'gnome-terminal --')",
    )


def _speak_by_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--speak-by",
        type=_one_of("speaker", SPEAKERS),
        metavar="WHO",
        help=f"{what}: voice, or screen-reader (the voice stays quiet; each line is printed "
        "when it would be said)",
    )


def _checkin_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-checkin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="do not ask how your hands feel before and after (this time)",
    )


def add_history_arguments(parser: argparse.ArgumentParser) -> None:
    """`handcue history`: what to show, how, and moving it between machines."""
    parser.add_argument("--routine", metavar="ID", help="only sessions of this routine")
    parser.add_argument("--goal", type=_goal, help="only sessions of routines for this goal")
    parser.add_argument(
        "--since", metavar="WHEN", help="only sessions since a date (2026-11-01), or 7d, 2w back"
    )
    parser.add_argument(
        "--limit", type=_count, default=None, metavar="N", help="at most N sessions (table: 20)"
    )
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="sessions and summary as JSON")
    shape.add_argument("--csv", action="store_true", help="sessions as CSV, one row each")
    shape.add_argument("--summary", action="store_true", help="only the summary")
    shape.add_argument("--export", type=Path, metavar="FILE", help="write sessions to a JSON file")
    shape.add_argument(
        "--import", dest="import_file", type=Path, metavar="FILE", help="merge an exported file"
    )
    shape.add_argument("--forget", action="store_true", help="delete sessions (asks first)")
    shape.add_argument(
        "--screen", action="store_true", help="open the History screen (calendar and charts)"
    )
    parser.add_argument("--force", action="store_true", help="with --export: replace FILE")
    parser.add_argument("--yes", action="store_true", help="with --forget: do not ask")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _value_error(text, "write a whole number of sessions, 1 or more") from None
    if value < 1:
        raise _value_error(text, "the number of sessions must be 1 or more")
    return value


def _timing_options(parser: argparse.ArgumentParser, kept: str) -> None:
    whole = parser.add_mutually_exclusive_group()
    whole.add_argument(
        "--length",
        type=_length,
        metavar="PERCENT",
        help=f"how long the routine takes, 10%%-400%% of it as written ({kept})",
    )
    whole.add_argument("--scale", dest="length", type=_length, help=argparse.SUPPRESS)
    whole.add_argument(
        "--minutes", type=_minutes, metavar="N", help=f"fit the routine into N minutes ({kept})"
    )
    parser.add_argument(
        "--step",
        action="append",
        default=[],
        metavar="STEP=TIME",
        help=f"one step's time, by number or key: 3=45s (repeatable; {kept})",
    )


def add_play_arguments(parser: argparse.ArgumentParser) -> None:
    """The eyes-free options of `handcue play`."""
    parser.add_argument(
        "--plain", action="store_true", help="no full-screen interface: one line per event"
    )
    _add_shared(parser)
    _speak_by_option(parser, "with --plain, who says the words (this time)")


def add_render_arguments(parser: argparse.ArgumentParser) -> None:
    """`handcue render ID OUT` and its own options (durations options are shared with play)."""
    parser.add_argument("id", metavar="ID")
    parser.add_argument(
        "out",
        type=Path,
        metavar="OUT",
        help="the file to write; its suffix picks the format: .wav, .flac (lossless, small) "
        "or .ogg (Ogg Vorbis, smallest)",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    _add_shared(parser)


def _add_shared(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--voice",
        action="store_true",
        help="say each step: guided, its whole instruction (the first three plays of a routine, "
        "or --guided); brief, its hand, name and length",
    )
    parser.add_argument(
        "--announce-next",
        type=_seconds,
        metavar="N",
        help="say what comes next N seconds before a step ends",
    )
    parser.add_argument(
        "--voice-intro",
        action="store_true",
        help="read the preparation and precautions first (implies --voice)",
    )
    parser.add_argument("--pacer", action="store_true", help="tick the stroke tempo of steps")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument(
        "--guided",
        dest="voice_mode",
        action="store_const",
        const="guided",
        help="the voice reads each step's whole instruction (the default for a routine's "
        "first three plays)",
    )
    modes.add_argument(
        "--brief",
        dest="voice_mode",
        action="store_const",
        const="brief",
        help="the voice says only each step's hand, name and length",
    )
