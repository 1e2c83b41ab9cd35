"""What every command shares: the library, loaded once and its problems said on stderr."""

from __future__ import annotations

import sys

from handcue.core.library import Library
from handcue.core.safe_text import visible
from handcue.services import library as routines
from handcue.services.library import find_routine, user_dir
from handcue.services.refusal import Refused

__all__ = ["CommandError", "find_routine", "open_library", "user_dir"]


class CommandError(Refused):
    """A mistake in the command line the user can fix; printed as one line, exit status 2."""


def open_library(routines_option: str | None, *, warn: bool = True) -> Library:
    library = routines.open_library(routines_option)
    warning = routines.skipped_files_warning(library) if warn else None
    if warning is not None:
        print(visible(warning), file=sys.stderr)
    return library
