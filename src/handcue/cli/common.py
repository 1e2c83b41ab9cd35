"""What every command shares: loading the library once, and telling the user about problems."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from handcue.core.library import Library
from handcue.core.routine import Routine
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.storage import paths
from handcue.storage.library_cache import load_library_cached


class CommandError(Exception):
    """A mistake the user can fix; printed as one line, exit status 2."""


def user_dir(option: str | None) -> Path:
    return paths.expand(option, "--routines") if option else paths.user_routines_dir()


def open_library(routines_option: str | None, *, warn: bool = True) -> Library:
    library = load_library_cached(user_dir(routines_option))
    if warn and library.problems:
        files = library.broken_files
        names = ", ".join(str(path) for path in files)
        print(
            visible(
                f"warning: skipped {counted(len(files), 'routine file')} with problems: {names} "
                f"(run 'handcue check {files[0].parent}' for details)"
            ),
            file=sys.stderr,
        )
    return library


def find_routine(library: Library, routine_id: str) -> Routine:
    routine = library.get(routine_id)
    if routine is not None:
        return routine
    close = difflib.get_close_matches(routine_id, library.ids(), n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    broken = [path for path in library.broken_files if path.stem == routine_id]
    if broken:
        hint = f"; its file {broken[0]} has problems: run 'handcue check {broken[0]}'"
    raise CommandError(
        f"no routine with the id '{routine_id}'{hint} ('handcue list' shows them all)"
    )
