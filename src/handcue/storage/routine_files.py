"""Routine files on disk: the bundled library and a person's own folder, read into a `Library`.

Reading is here and parsing in the core (`core.loader`), so the core never touches a file.
Only regular files are read, and no more of each than the size limit: a pipe, a device or a
folder named like a routine is reported, never waited on. A broken file never hides the others.
The parser (and YAML under it) is imported only when a file is read: a start that finds the
library cache up to date needs neither it nor `Problem`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from handcue import resources
from handcue.core.library import ROUTINE_SUFFIXES, Library, merge, unexpected
from handcue.core.routine import Routine
from handcue.storage.files import FileTooLarge, NotARegularFile, read_regular

if TYPE_CHECKING:
    from handcue.core.problems import Problem


def load_routine(path: Path) -> Routine:
    """Read and parse one routine file; raises `LoadError` for unreadable or invalid files.

    Only a regular file is read, and no more of it than the size limit: a pipe, a device or a
    folder named like a routine is reported, never waited on.
    """
    from handcue.core.loader import MAX_FILE_BYTES, LoadError, parse_routine_bytes
    from handcue.core.problems import Problem

    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except NotARegularFile as error:
        raise LoadError(
            [Problem(path, 0, 0, f"this is {error.kind}, not a routine file; remove or rename it")]
        ) from None
    except FileTooLarge:
        raise LoadError(
            [
                Problem(
                    path,
                    0,
                    0,
                    f"the file holds more than {MAX_FILE_BYTES // 1024} KiB; routine files may "
                    f"be at most {MAX_FILE_BYTES // 1024} KiB",
                )
            ]
        ) from None
    except OSError as error:
        raise LoadError(
            [Problem(path, 0, 0, f"cannot read the file: {error.strerror or error}")]
        ) from None
    return parse_routine_bytes(data, path)


def routine_files(folder: Path) -> list[Path]:
    """Routine files directly inside `folder`, in a stable order; none when it does not exist."""
    try:
        return sorted(
            path
            for path in folder.iterdir()
            if path.suffix.lower() in ROUTINE_SUFFIXES and not path.name.startswith(".")
        )
    except (FileNotFoundError, NotADirectoryError):
        return []


def load_folder(folder: Path) -> tuple[list[Routine], list[Problem]]:
    from handcue.core.loader import LoadError
    from handcue.core.problems import Problem

    routines: list[Routine] = []
    problems: list[Problem] = []
    try:
        files = routine_files(folder)
    except OSError as error:
        return [], [Problem(folder, 0, 0, f"cannot read the folder: {error.strerror}")]
    for path in files:
        try:
            routines.append(load_routine(path))
        except LoadError as error:
            problems.extend(error.problems)
        except Exception as error:  # one file's surprise must not hide the others
            problems.append(unexpected(path, error))
    seen: dict[str, Path] = {}
    unique: list[Routine] = []
    for routine in routines:
        first = seen.get(routine.id)
        if first is not None and routine.path is not None:
            problems.append(
                Problem(
                    routine.path,
                    0,
                    0,
                    f"the id '{routine.id}' is already used by {first.name}; give one of them "
                    "another 'id:' or rename the file",
                )
            )
            continue
        seen[routine.id] = routine.path or folder
        unique.append(routine)
    return unique, problems


def bundled_routines_dir() -> Path:
    return resources.routines_dir()


def load_library(user_dir: Path | None = None, bundled_dir: Path | None = None) -> Library:
    """Everything a person can play; broken files are reported in `problems`, never fatal."""
    bundled, problems = load_folder(bundled_dir or bundled_routines_dir())
    user: list[Routine] = []
    if user_dir is not None:
        user, user_problems = load_folder(user_dir)
        problems.extend(user_problems)
    return Library(tuple(merge(bundled, user)), tuple(problems))
