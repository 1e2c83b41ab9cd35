"""The routine library as people ask for it: their folder, the cached load, a routine by id."""

from __future__ import annotations

from pathlib import Path

from handcue.core.library import Library
from handcue.core.routine import Routine
from handcue.core.suggest import did_you_mean
from handcue.core.wording import counted
from handcue.services.refusal import Refused
from handcue.storage import paths
from handcue.storage.library_cache import load_library_cached


def user_dir(option: str | None) -> Path:
    """The folder of the person's own routines: `--routines`, else the usual one."""
    return paths.expand(option, "--routines") if option else paths.user_routines_dir()


def open_library(routines_option: str | None) -> Library:
    return load_library_cached(user_dir(routines_option))


def skipped_files_warning(library: Library) -> str | None:
    """One line naming the routine files left out for their problems, or None."""
    files = library.broken_files
    if not library.problems or not files:
        return None
    names = ", ".join(str(path) for path in files)
    return (
        f"warning: skipped {counted(len(files), 'routine file')} with problems: {names} "
        f"(run 'handcue check {files[0].parent}' for details)"
    )


def find_routine(library: Library, routine_id: str) -> Routine:
    """The routine with `routine_id`; refused with the nearest id, or the file's trouble."""
    routine = library.get(routine_id)
    if routine is not None:
        return routine
    hint = did_you_mean(routine_id, library.ids(), cutoff=0.5)
    broken = [path for path in library.broken_files if path.stem == routine_id]
    if broken:
        hint = f"; its file {broken[0]} has problems: run 'handcue check {broken[0]}'"
    raise Refused(f"no routine with the id '{routine_id}'{hint} ('handcue list' shows them all)")
