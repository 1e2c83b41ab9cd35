"""The `handcue` command: argument parsing and dispatch only.

Textual is imported only when the interface starts, so `list`, `show` and `check` answer at once.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from handcue import __version__
from handcue.commands.eyesfree_options import add_play_arguments, add_render_arguments
from handcue.core.safe_text import visible

if TYPE_CHECKING:
    from handcue.audio.player import Player
    from handcue.commands.tweaking import Timing
    from handcue.core.routine import Routine

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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play a routine")
    play.add_argument("id")
    play.add_argument("--yes", action="store_true", help="skip the precautions screen")
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
    return parser


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


def _print(text: str, file: TextIO | None = None) -> None:
    """What the command prints: names and text from files may hold control characters, which
    are written out here (`\\x1b`) instead of acting on the terminal."""
    print(visible(text, lines=True), file=file or sys.stdout)


def _warn(message: str) -> None:
    _print(f"handcue: {message}", file=sys.stderr)


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


def _run_cues(args: argparse.Namespace) -> int:
    from handcue.commands.cues import legend_lines, play_legend

    if args.list:
        _print("\n".join(legend_lines()))
        return 0
    from handcue.audio.alsa_quiet import silence_alsa_errors
    from handcue.audio.choose import choose_player, setting_problem

    silence_alsa_errors()
    if problem := setting_problem():
        _warn(problem)
    player = choose_player(volume=args.volume)
    if player.name == "silent":
        _print(f"handcue: no sound: {player.last_error or 'audio is off'}", file=sys.stderr)
    try:
        play_legend(player.play, player.wait, sys.stdout)
    finally:
        player.close()
    if player.last_error and player.name != "silent":
        _print(f"handcue: sound failed: {player.last_error}", file=sys.stderr)
    return 0


def _run_doctor(args: argparse.Namespace) -> int:
    from handcue.audio.alsa_quiet import silence_alsa_errors
    from handcue.audio.choose import choose_player, describe
    from handcue.audio.speech import speech_status
    from handcue.commands.doctor import report

    silence_alsa_errors()
    player = choose_player()
    try:
        _print(report(describe(player), speech=speech_status()[1]))
    finally:
        player.close()
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from handcue.commands.check import check_paths
    from handcue.core.wording import counted

    paths = args.paths
    if not paths:
        from handcue.commands.common import user_dir

        folder = user_dir(args.routines)
        if not folder.is_dir():
            _print(
                f"No routines of your own yet ({folder} does not exist); "
                "'handcue new ID' starts one.",
                file=sys.stderr,
            )
            return 0
        paths = [folder]
    checked, problems, warnings = check_paths(paths)
    for problem in sorted([*problems, *warnings]):
        _print(str(problem))
    files = counted(checked, "file")
    # Warnings (a caution the steps call for) leave the exit status alone: the file is valid.
    warned = f", {counted(len(warnings), 'warning')}" if warnings else ""
    if problems:
        _print(f"{counted(len(problems), 'problem')}{warned} in {files}", file=sys.stderr)
        return 1
    _print(f"{files} OK{warned}", file=sys.stderr)
    return 0


def _run_list(args: argparse.Namespace) -> int:
    from handcue.commands.common import open_library
    from handcue.commands.listing import list_routines

    library = open_library(args.routines)
    _print(list_routines(library, args.goal, args.max_minutes, args.json))
    return 0


def _run_show(args: argparse.Namespace) -> int:
    from handcue.commands.common import open_library
    from handcue.commands.tweaking import show_effective
    from handcue.storage.tweaks_file import TweakStore

    _print(show_effective(open_library(args.routines), args.id, args.json, TweakStore(), _warn))
    return 0


def _run_tweak(args: argparse.Namespace) -> int:
    from handcue.commands.common import find_routine, open_library
    from handcue.commands.tweaking import tweak_command
    from handcue.storage.tweaks_file import TweakStore

    library = open_library(args.routines)
    store = TweakStore()
    message = tweak_command(
        library,
        args.id,
        store,
        _warn,
        scale=args.scale,
        minutes=args.minutes,
        steps=args.step,
        reset_all=args.reset,
        reset_steps=args.reset_step,
    )
    if message is not None:
        _print(message)
        return 0
    _need_a_terminal("set times with 'handcue tweak ID --step N=TIME' or '--scale' (see --help)")
    from handcue.app.screens.tweak import run_tweak_app

    run_tweak_app(find_routine(library, args.id), store)
    return 0


def _run_new(args: argparse.Namespace) -> int:
    from handcue.commands.authoring import new_routine
    from handcue.commands.common import open_library, user_dir

    path = new_routine(open_library(args.routines), user_dir(args.routines), args.id, args.source)
    _print(f"Created {path}; open it with 'handcue edit {args.id}'.")
    return 0


def _run_edit(args: argparse.Namespace) -> int:
    from handcue.commands.authoring import ask_on_terminal, edit_routine
    from handcue.commands.common import open_library, user_dir

    ask = ask_on_terminal if sys.stdin.isatty() else None
    return edit_routine(
        open_library(args.routines, warn=False), user_dir(args.routines), args.id, ask=ask
    )


def _run_goals(args: argparse.Namespace) -> int:
    from handcue.commands.common import open_library
    from handcue.commands.listing import list_goals

    _print(list_goals(open_library(args.routines)))
    return 0


def _run_schema(args: argparse.Namespace) -> int:
    from handcue.core.schema import schema_json

    sys.stdout.write(schema_json())
    return 0


def _run_app(args: argparse.Namespace) -> int:
    from handcue.commands.common import CommandError, find_routine, open_library
    from handcue.core.vocabulary import GOALS

    library = open_library(args.routines, warn=False)
    play_id = getattr(args, "id", None) if args.command == "play" else None
    if play_id is not None:
        find_routine(library, play_id)
    if args.goal is not None and args.goal not in GOALS:
        raise CommandError(f"unknown goal '{args.goal}'; choose from {', '.join(GOALS)}")

    def timing() -> Timing:
        from handcue.commands.tweaking import play_timing
        from handcue.storage.tweaks_file import TweakStore

        return play_timing(
            library,
            play_id,
            TweakStore(),
            _warn,
            scale=getattr(args, "scale", None),
            minutes=getattr(args, "minutes", None),
            steps=getattr(args, "step", ()),
            save=getattr(args, "save", False),
        )

    if play_id is not None and args.plain:
        return _run_plain(args, find_routine(library, play_id), timing())

    from handcue.app.app import HandcueApp
    from handcue.audio.deferred import DeferredPlayer

    # Timing options are checked now, so mistakes are reported before the screen takes over;
    # without them the saved tweaks are read when first needed, after the first frame.
    asked = any(getattr(args, name, None) for name in ("scale", "minutes", "step", "save"))
    chosen = timing() if asked else timing
    _need_a_terminal()
    listening = None
    if play_id is not None:
        from handcue.eyesfree.conductor import Listening

        listening = Listening(
            args.voice or args.voice_intro, args.announce_next, args.pacer, args.voice_intro
        )
    volume = getattr(args, "volume", 100)
    player = DeferredPlayer(lambda: _choose_player(volume), volume)
    app = HandcueApp(
        library,
        goal=args.goal,
        play_id=play_id,
        yes=args.yes,
        player=player,
        timing=chosen,
        listening=listening,
    )
    try:
        app.run()
    finally:
        player.close()
    for message in app.unsaid:
        _warn(message)
    return 0


def _need_a_terminal(instead: str = "use 'handcue play ID --plain' for one line per event") -> None:
    """Textual reads keys from standard input and draws on standard error (standard output
    may go to a file); without a terminal on both it would wait for keys that never come."""
    from handcue.commands.common import CommandError

    try:
        ok = all(
            stream is not None and stream.isatty() for stream in (sys.__stdin__, sys.__stderr__)
        )
    except (OSError, ValueError):
        ok = False
    if not ok:
        raise CommandError(
            f"the full-screen app needs a terminal for its keys and its screen; run it in one, "
            f"or {instead}"
        )


def _choose_player(volume: int = 100) -> Player:
    from handcue.audio.alsa_quiet import silence_alsa_errors
    from handcue.audio.choose import choose_player

    silence_alsa_errors()
    return choose_player(volume=volume)


def _run_plain(args: argparse.Namespace, routine: Routine, timing: Timing) -> int:
    from handcue.audio.choose import setting_problem
    from handcue.commands.eyesfree import run_plain
    from handcue.storage.acknowledgements import Acknowledgements

    if problem := setting_problem():
        _warn(problem)
    player = _choose_player(args.volume)
    try:
        return run_plain(
            routine,
            timing.durations_for(routine, _warn),
            voice=args.voice or args.voice_intro,
            announce_next=args.announce_next,
            voice_intro=args.voice_intro,
            pacer=args.pacer,
            player=player,
            stdin=sys.stdin,
            stdout=sys.stdout,
            acknowledgements=Acknowledgements(),
            yes=args.yes,
        )
    finally:
        player.close()


def _run_render(args: argparse.Namespace) -> int:
    from handcue.commands.common import find_routine, open_library
    from handcue.commands.eyesfree import render_file
    from handcue.commands.tweaking import play_timing
    from handcue.storage.tweaks_file import TweakStore

    library = open_library(args.routines, warn=False)
    routine = find_routine(library, args.id)
    timing = play_timing(
        library,
        routine.id,
        TweakStore(),
        _warn,
        scale=args.scale,
        minutes=args.minutes,
        steps=args.step,
    )
    # A stop request (SIGTERM) unwinds like Ctrl-C, so the half-written temporary is removed.
    signal.signal(signal.SIGTERM, _stop_on_term)
    return render_file(
        routine,
        timing.durations_for(routine, _warn),
        args.out,
        voice=args.voice or args.voice_intro,
        pacer=args.pacer,
        force=args.force,
        announce_next=args.announce_next,
        voice_intro=args.voice_intro,
    )


def _stop_on_term(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: _run_app,
    "play": _run_app,
    "render": _run_render,
    "list": _run_list,
    "show": _run_show,
    "tweak": _run_tweak,
    "new": _run_new,
    "edit": _run_edit,
    "check": _run_check,
    "goals": _run_goals,
    "schema": _run_schema,
    "cues": _run_cues,
    "doctor": _run_doctor,
}


def main(argv: Sequence[str] | None = None) -> int:
    _fill_closed_streams()
    args = build_parser().parse_args(argv)
    from handcue.commands.common import CommandError
    from handcue.storage.paths import FolderError, check_overrides

    try:
        check_overrides()
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # a full disk shows here, not in a traceback at exit
        return status
    except (CommandError, FolderError) as error:
        _say(f"handcue: {error}")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`handcue list | head -1`): not an error
        _drop_stdout()
        return 0
    except OSError as error:
        _drop_stdout()
        where = f"{error.filename}: " if error.filename else "cannot write the output: "
        _say(f"handcue: {where}{error.strerror or error}")
        return 1


def _fill_closed_streams() -> None:
    """A stream closed by the caller (`handcue list >&-`) reads as empty and swallows writes,
    instead of failing deep inside a command."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115


def _drop_stdout() -> None:
    """Point standard output at the null device, so Python's own flush at exit cannot fail
    again and print a traceback of its own."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _say(message: str) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        _print(message, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
