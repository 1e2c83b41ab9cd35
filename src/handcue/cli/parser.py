"""The command line's grammar: every command and its options.

Kept free of heavy imports, so `handcue --help` and a mistyped option answer at once; the
checks of values (`cli.option_values`) import what they need only when a value is given, and
mistakes are said in one line by `cli.argument_errors`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handcue import __version__
from handcue.cli import option_values as values
from handcue.cli.argument_errors import Parser
from handcue.cli.commands import COMMANDS, epilog

TIMING_NOTE = """\
Times: --length sets how long every step without a time of its own takes, as a share of the
routine as written (150% or 1.5: half as long again; 80%: a fifth shorter); --minutes N fits
the whole routine into N minutes, or as close as it goes with no step under 10s; --step 3=45s
sets one step. --scale is the old name of --length."""


VOICE_MODES = ("guided", "brief", "auto")
VOICE_ENGINES = ("natural", "system", "auto")
SPEAKERS = ("voice", "screen-reader")


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole grammar; without `commands`, only the options before a command, which is all
    a bare `handcue` (the picker, the usual start) needs: each command's parser takes time to
    build."""
    parser = Parser(
        prog="handcue",
        usage="handcue [--routines DIR] [--goal G] [--yes] [COMMAND ...]",
        description="Guided hand-massage routines with tone cues you can follow eyes-free.",
        epilog=epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"handcue {__version__}")
    parser.add_argument("--routines", metavar="DIR", help="folder of your own routines")
    parser.add_argument(
        "--goal", type=values.goal, metavar="G", help="open the picker on this goal"
    )
    parser.add_argument("--yes", action="store_true", help="skip the precautions screen")
    _checkin_option(parser)
    # No help per command here: the epilog lists each one once, with its arguments.
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", help=argparse.SUPPRESS)
    if not commands:
        return parser

    def command(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = subparsers.add_parser(
            name, prog=f"handcue {name}", description=COMMANDS[name][1].capitalize() + ".", **kwargs
        )
        return sub

    # Added in this order, the commands an option belongs to are named in it in messages.
    _add_play_commands(command)
    _add_routine_commands(command)
    _add_setup_commands(command)
    _add_keeping_commands(command)
    return parser


Command = Callable[..., argparse.ArgumentParser]
"""Adds one command by name, described as `COMMANDS` says, and returns its parser."""


def _add_play_commands(command: Command) -> None:
    """`play` and `render`: a session, live or to a sound file."""
    play = command("play", epilog=TIMING_NOTE, formatter_class=argparse.RawDescriptionHelpFormatter)
    play.add_argument("id", metavar="ID")
    play.add_argument("--yes", action="store_true", help="skip the precautions screen")
    _checkin_option(play)
    _timing_options(play, "for this play only, unless --save")
    play.add_argument("--save", action="store_true", help="keep these times for next time")
    add_play_arguments(play)
    play.add_argument(
        "--volume",
        type=values.volume,
        default=None,
        metavar="0-100",
        help="loudness of the tones (else as set in the app, at first 100)",
    )

    render = command(
        "render", epilog=TIMING_NOTE, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_render_arguments(render)
    _timing_options(render, "for this file only")


def _add_routine_commands(command: Command) -> None:
    """Reading the library, changing a routine's times, and writing routines of your own."""
    listing = command("list")
    listing.add_argument(
        "--goal", type=values.goal, metavar="G", help="only routines for this goal"
    )
    listing.add_argument(
        "--max-minutes",
        type=values.max_minutes,
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


def _add_setup_commands(command: Command) -> None:
    """Hearing the tones and checking the machine handcue runs on."""
    cues = command("cues")
    cues.add_argument("--list", action="store_true", help="only print the legend")
    cues.add_argument(
        "--volume", type=values.volume, default=80, metavar="0-100", help="loudness of the tones"
    )

    command("doctor")


def _add_keeping_commands(command: Command) -> None:
    """What handcue keeps for you: your history, your settings and your break reminders."""
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
        type=values.one_of("voice mode", VOICE_MODES),
        metavar="MODE",
        help="guided: every step's whole instruction; brief: only its hand, name and length; "
        "auto: guided for a routine's first three plays, then brief",
    )
    voice.add_argument(
        "--engine",
        type=values.one_of("voice engine", VOICE_ENGINES),
        metavar="ENGINE",
        help="natural: the offline natural voice of handcue[voice]; system: espeak-ng; "
        "auto: natural when installed",
    )
    _speak_by_option(voice, "in plain mode, who says the words")
    add_remind_arguments(
        command("remind", epilog=REMIND_NOTE, formatter_class=argparse.RawDescriptionHelpFormatter)
    )


REMIND_NOTE = """\
With no action, the reminders run in this terminal (a small full screen, or one line per event
with --plain) and the schedule options given are saved first. In a break: Enter plays the
routine, s snoozes (shorter each time, at most 3 times), x skips. Times: 50m, 1h30m, 45s, or
a bare number of minutes; spans of the day: 9:00-17:30 (or off); days: mon-fri, mon,wed,fri,
weekdays, all."""


def add_remind_arguments(parser: argparse.ArgumentParser) -> None:
    """`handcue remind`: the schedule (saved), what to do, and how to run."""
    _add_schedule_arguments(parser)
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument(
        "--status", action="store_true", help="show the schedule and today's breaks"
    )
    actions.add_argument(
        "--pause", type=values.pause, metavar="TIME", help="no reminders for TIME (1h)"
    )
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


def _add_schedule_arguments(parser: argparse.ArgumentParser) -> None:
    """The schedule: saved whenever it is given, with or without an action."""
    plan = parser.add_argument_group("the schedule (saved for next time)")
    plan.add_argument(
        "--every", type=values.every, metavar="TIME", help="work time between breaks (50m)"
    )
    plan.add_argument(
        "--hours",
        type=values.span_of_day,
        metavar="START-END",
        help="working hours (9:00-17:30, off)",
    )
    plan.add_argument("--days", type=values.days, metavar="DAYS", help="working days (mon-fri)")
    plan.add_argument(
        "--quiet-hours",
        type=values.span_of_day,
        metavar="START-END",
        help="no reminder in this span (12:00-13:00, off); may cross midnight",
    )
    plan.add_argument(
        "--snooze-time",
        type=values.every,
        metavar="TIME",
        help="the first snooze (5m); each next is half",
    )
    which = plan.add_mutually_exclusive_group()
    which.add_argument("--routine", metavar="ID", help="offer this routine at every break")
    which.add_argument(
        "--goal",
        dest="rotate_goal",
        type=values.goal,
        metavar="G",
        help="offer G's routines in turn",
    )
    which.add_argument(
        "--shortest", action="store_true", help="offer the shortest desk-work routine (the default)"
    )


def _speak_by_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--speak-by",
        type=values.one_of("speaker", SPEAKERS),
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
    parser.add_argument("--goal", type=values.goal, help="only sessions of routines for this goal")
    parser.add_argument(
        "--since", metavar="WHEN", help="only sessions since a date (2026-11-01), or 7d, 2w back"
    )
    parser.add_argument(
        "--limit",
        type=values.count,
        default=None,
        metavar="N",
        help="at most N sessions (table: 20)",
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


def _timing_options(parser: argparse.ArgumentParser, kept: str) -> None:
    whole = parser.add_mutually_exclusive_group()
    whole.add_argument(
        "--length",
        type=values.length,
        metavar="PERCENT",
        help=f"how long the routine takes, 10%%-400%% of it as written ({kept})",
    )
    whole.add_argument("--scale", dest="length", type=values.length, help=argparse.SUPPRESS)
    whole.add_argument(
        "--minutes",
        type=values.minutes,
        metavar="N",
        help=f"fit the routine into N minutes ({kept})",
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
        type=values.seconds,
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
