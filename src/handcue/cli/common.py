"""What every command shares: the library, loaded once and its problems said on stderr."""

from __future__ import annotations

import argparse
import sys

from handcue.core.library import Library
from handcue.core.safe_text import visible
from handcue.services import library as routines
from handcue.services.library import find_routine, user_dir
from handcue.services.refusal import Refused

__all__ = ["CommandError", "find_routine", "open_library", "refusal_line", "user_dir"]


class CommandError(Refused):
    """A mistake in the command line the user can fix; printed as one line, exit status 2."""


def open_library(routines_option: str | None, *, warn: bool = True) -> Library:
    library = routines.open_library(routines_option)
    warning = routines.skipped_files_warning(library) if warn else None
    if warning is not None:
        print(visible(warning), file=sys.stderr)
    return library


def refusal_line(error: Refused, args: argparse.Namespace) -> str:
    """The refusal as one line that starts with the option it is about, as typed:
    `--minutes 1: cannot fit ...`, `--step 9=45s: ... has steps 1 to 4`."""
    if not error.about:
        return str(error)
    name, _, value = error.about.partition(" ")
    if not value:
        given = getattr(args, name, None)
        if isinstance(given, float):
            from handcue.core.tweaks import length_text

            value = length_text(given) if name == "length" else f"{given:g}"
    return f"--{name} {value}: {error}".replace(" :", ":")
