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
the whole routine into N minutes; --step 3=45s sets one step. --scale is the old name of
--length."""


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
            command = getattr(parsed, "command", None)
            self.error(self._extra(extra, f"{self.prog} {command}" if command else self.prog))
        return parsed

    def error(self, message: str) -> NoReturn:
        missing = re.match(r"the following arguments are required: (.*)", message)
        if missing:
            message = f"missing {missing[1].upper()}; see '{self.prog} --help'"
        self.exit(2, f"handcue: {message}\n")

    def _explain(self, error: argparse.ArgumentError) -> str:
        name = error.argument_name or ""
        text = error.message
        if name == "COMMAND" and (choice := re.match(r"invalid choice: '?([^' ]*)'?", text)):
            from handcue.core.suggest import did_you_mean

            word = choice[1]
            hint = did_you_mean(word, COMMANDS)
            return f"no command '{word}'{hint} (commands: {', '.join(COMMANDS)})"
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

    def _extra(self, extra: list[str], where: str) -> str:
        """Words no option or argument took: a mistyped option, or one word too many."""
        word = extra[0]
        if word.startswith("-"):
            from handcue.core.suggest import did_you_mean

            option = word.partition("=")[0]
            hint = did_you_mean(option, sorted(_all_options(self)))
            return f"no option {option} for '{where}'{hint} (see '{where} --help')"
        return f"unexpected {' '.join(extra)!r} (see '{where} --help')"


def _all_options(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every option string of `parser` and its commands, for "did you mean"."""
    for action in parser._actions:
        yield from (option for option in action.option_strings if option.startswith("--"))
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _all_options(sub)


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
        "--volume", type=_volume, default=100, metavar="0-100", help="loudness of the tones"
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
    return parser


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
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
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
