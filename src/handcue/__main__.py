"""The `handcue` command: parse the arguments and hand them to the command that answers.

The command line's own work lives in `handcue.cli`, the full-screen app in `handcue.app`; both
are imported only when needed, so `list`, `show` and `check` answer without loading Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any

from handcue.cli.output import complain, drop_stdout, fill_closed_streams, warn
from handcue.cli.parser import build_parser

Handler = Callable[[argparse.Namespace], int]

COMMANDS: dict[str, str] = {
    "render": "handcue.cli.render:run",
    "list": "handcue.cli.listing:run_list",
    "goals": "handcue.cli.listing:run_goals",
    "schema": "handcue.cli.listing:run_schema",
    "show": "handcue.cli.tweaking:run_show",
    "new": "handcue.cli.authoring:run_new",
    "edit": "handcue.cli.editing:run_edit",
    "check": "handcue.cli.check:run",
    "cues": "handcue.cli.cues:run",
    "doctor": "handcue.cli.doctor:run",
    "history": "handcue.cli.history:run",
    "checkins": "handcue.cli.history:run_checkins",
    "voice": "handcue.cli.voice_setting:run",
}
"""Commands that answer on the command line, by where their handler lives."""


def _handler(where: str) -> Handler:
    module, name = where.split(":")
    handler: Handler = getattr(importlib.import_module(module), name)
    return handler


def _full_screen(args: argparse.Namespace) -> int:
    """The picker, or `play ID`: in the full-screen app, or with `--plain` on the terminal."""
    if args.command == "play" and args.plain:
        return _handler("handcue.cli.play_plain:run")(args)
    from handcue.cli.full_screen import prepare

    launch = prepare(args)
    from handcue.app.launch import run

    return run(launch, warn)


def _tweak(args: argparse.Namespace) -> int:
    """`handcue tweak`: saved from the options, or the step times screen without them."""
    from handcue.cli.tweaking import run_tweak

    answer = run_tweak(args)
    if isinstance(answer, int):
        return answer
    from handcue.app.launch import run_tweak as run_screen
    from handcue.cli.full_screen import need_a_terminal, user_data_for_tweaks

    need_a_terminal("set times with 'handcue tweak ID --step N=TIME' or '--length' (see --help)")
    return run_screen(answer, user_data_for_tweaks())


def _remind(args: argparse.Namespace) -> int:
    """`handcue remind`: its full-screen view and a break played full screen come from the app."""
    from handcue.cli.remind import run

    def view(*given: Any) -> int:
        from handcue.app.remind_view import run_view

        return run_view(*given)

    return run(args, full_screen=_full_screen, view=view)


def dispatch(args: argparse.Namespace) -> int:
    if args.command in (None, "play") or (args.command == "history" and args.screen):
        return _full_screen(args)
    if args.command == "tweak":
        return _tweak(args)
    if args.command == "remind":
        return _remind(args)
    return _handler(COMMANDS[args.command])(args)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments; a bare `handcue` is parsed without building every command's parser."""
    given = sys.argv[1:] if argv is None else list(argv)
    return build_parser(commands=bool(given)).parse_args(given)


def main(argv: Sequence[str] | None = None) -> int:
    fill_closed_streams()
    args = parse(argv)
    from handcue.services.refusal import Refused
    from handcue.storage.paths import FolderError, check_overrides

    try:
        check_overrides()
        status = dispatch(args)
        sys.stdout.flush()  # a full disk shows here, not in a traceback at exit
        return status
    except Refused as error:
        from handcue.cli.common import refusal_line

        complain(refusal_line(error, args))
        return 2
    except FolderError as error:
        complain(str(error))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`handcue list | head -1`): not an error
        drop_stdout()
        return 0
    except OSError as error:
        drop_stdout()
        where = f"{error.filename}: " if error.filename else "cannot write the output: "
        complain(f"{where}{error.strerror or error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
