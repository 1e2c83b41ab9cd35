"""The command line's grammar: every command, its options, and checks of their values.

Kept free of heavy imports, so `handcue --help` and a mistyped option answer at once.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from handcue import __version__

EPILOG = """\
commands:
  (none)            open the routine picker (--goal G to filter it)
  play ID           play a routine (--scale 1.5, --minutes 8, --step 3=45s; --save keeps them)
                    --plain: no full screen, one line per event; --voice, --pacer
  render ID OUT.wav write the routine's tones (and --voice) to a sound file for later
  list              routines in the library, filtered by goal or length
  show ID           every step of a routine, with your saved times
  tweak ID          change a routine's step times and pace (--reset clears them)
  new ID            start a routine of your own (--from OTHER copies one)
  edit ID           open your copy of a routine in $VISUAL / $EDITOR and check it
  check PATH...     validate routine files
  goals             the goals routines are grouped by
  schema            the JSON Schema of the routine format
  cues [--list]     hear every tone cue with its meaning
  doctor            sound backend, speech engine, folders and versions
  history           your sessions, streaks and check-ins (--json, --csv, --export, --import)
  checkins [MODE]   ask how your hands feel before and after: on, off or per-hand

Your own routines live in the folder given by --routines, $HANDCUE_ROUTINES or the default
user data folder ('handcue doctor' prints it).
"""


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes, got {text!r}") from None
    if not 0 < value < math.inf:  # also refuses nan
        raise argparse.ArgumentTypeError(f"minutes must be a number above 0, got {text!r}")
    return value


def _goal(text: str) -> str:
    """Goals are ids such as carpal-tunnel; "Carpal tunnel" means the same."""
    return "-".join(text.lower().replace("_", " ").split())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handcue",
        description="Guided hand-massage routines with tone cues you can follow eyes-free.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"handcue {__version__}")
    parser.add_argument("--routines", metavar="DIR", help="folder of your own routines")
    parser.add_argument("--goal", type=_goal, help="open the picker filtered to this goal")
    parser.add_argument("--yes", action="store_true", help="skip the precautions screen")
    _checkin_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play a routine")
    play.add_argument("id")
    play.add_argument("--yes", action="store_true", help="skip the precautions screen")
    _checkin_option(play)
    _timing_options(play, "for this play only, unless --save")
    play.add_argument("--save", action="store_true", help="keep these times for next time")
    add_play_arguments(play)
    play.add_argument(
        "--volume", type=_volume, default=100, metavar="0-100", help="loudness of the tones"
    )

    render = commands.add_parser("render", help="write a routine's sound to a WAV file")
    add_render_arguments(render)
    _timing_options(render, "for this file only")

    listing = commands.add_parser("list", help="list routines")
    listing.add_argument("--goal", type=_goal, help="only routines for this goal")
    listing.add_argument(
        "--max-minutes", type=_minutes, metavar="N", help="only routines up to N minutes"
    )
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    show = commands.add_parser("show", help="show a routine's steps")
    show.add_argument("id")
    show.add_argument("--json", action="store_true", help="machine-readable output")

    tweak = commands.add_parser(
        "tweak", help="change step times; with no options, open the tweak screen"
    )
    tweak.add_argument("id")
    _timing_options(tweak, "saved")
    tweak.add_argument("--reset", action="store_true", help="clear every saved tweak")
    tweak.add_argument(
        "--reset-step",
        action="append",
        default=[],
        metavar="STEP",
        help="clear one step's saved time (number or key; repeatable)",
    )

    new = commands.add_parser("new", help="start a routine of your own")
    new.add_argument("id", help="its id and file name: lowercase letters, digits, dashes")
    new.add_argument("--from", dest="source", metavar="OTHER", help="copy this routine")

    edit = commands.add_parser("edit", help="edit your copy of a routine")
    edit.add_argument("id")

    check = commands.add_parser(
        "check", help="validate routine files or folders (default: your routines folder)"
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    commands.add_parser("goals", help="list the goals")
    commands.add_parser("schema", help="print the routine JSON Schema")

    cues = commands.add_parser("cues", help="hear every cue with its meaning")
    cues.add_argument("--list", action="store_true", help="only print the legend")
    cues.add_argument("--volume", type=_volume, default=80, metavar="0-100")

    commands.add_parser("doctor", help="report sound, speech, folders and versions")
    add_history_arguments(
        commands.add_parser("history", help="your sessions, streaks and check-ins")
    )
    checkins = commands.add_parser(
        "checkins", help="show or set the check-ins before and after a routine"
    )
    checkins.add_argument(
        "mode",
        nargs="?",
        choices=("on", "off", "per-hand"),
        help="on: ask once for both hands; per-hand: each hand where a routine works them apart",
    )
    return parser


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
    parser.add_argument(
        "--scale", metavar="X", help=f"pace of every step, 0.5-2 or 50%%-200%% ({kept})"
    )
    parser.add_argument("--minutes", metavar="N", help=f"fit the routine into N minutes ({kept})")
    parser.add_argument(
        "--step",
        action="append",
        default=[],
        metavar="STEP=TIME",
        help=f"one step's time, by number or key: 3=45s (repeatable; {kept})",
    )


def _volume(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 to 100, got {text!r}"
        ) from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"volume must be from 0 to 100, got {value}")
    return value


def add_play_arguments(parser: argparse.ArgumentParser) -> None:
    """The eyes-free options of `handcue play`."""
    parser.add_argument(
        "--plain", action="store_true", help="no full-screen interface: one line per event"
    )
    _add_shared(parser)


def add_render_arguments(parser: argparse.ArgumentParser) -> None:
    """`handcue render ID OUT.wav` and its own options (durations options are shared with play)."""
    parser.add_argument("id")
    parser.add_argument("out", type=Path, metavar="OUT.wav")
    parser.add_argument("--force", action="store_true", help="replace OUT.wav if it exists")
    _add_shared(parser)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"seconds must be above 0 and at most 3600, got {text!r}")
    return value


def _add_shared(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--voice", action="store_true", help="say each step's hand and name")
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
