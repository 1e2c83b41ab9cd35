"""The set of routines a person can pick from: the bundled library plus their own folder."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from handcue.core.problems import Problem
from handcue.core.routine import Routine

ROUTINE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Library:
    routines: tuple[Routine, ...]
    """Sorted by title."""
    problems: tuple[Problem, ...] = ()
    """What was wrong with files that were skipped; the rest still load."""

    def get(self, routine_id: str) -> Routine | None:
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        return None

    def ids(self) -> list[str]:
        return [routine.id for routine in self.routines]

    def by_goal(self, goal: str) -> list[Routine]:
        return [routine for routine in self.routines if goal in routine.goals]

    @property
    def broken_files(self) -> list[Path]:
        return sorted({problem.path for problem in self.problems})


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
    from handcue.core.loader import LoadError, load_routine

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


def unexpected(path: Path, error: Exception) -> Problem:
    """A failure nobody foresaw while reading `path`, as that file's problem."""
    return Problem(
        path,
        0,
        0,
        f"handcue could not read this file ({type(error).__name__}: {str(error)[:200]}); the "
        "other files are not affected. Please report this with the file attached",
    )


def bundled_routines_dir() -> Path:
    from handcue import resources

    return resources.routines_dir()


def merge(bundled: Iterable[Routine], user: Iterable[Routine]) -> list[Routine]:
    """User routines replace bundled ones with the same id and are marked as such."""
    by_id = {routine.id: routine for routine in bundled}
    for routine in user:
        replaces = routine.id in by_id
        by_id[routine.id] = dataclasses.replace(routine, user=True, overrides_bundled=replaces)
    return sorted(by_id.values(), key=lambda routine: (routine.title.casefold(), routine.id))


def load_library(user_dir: Path | None = None, bundled_dir: Path | None = None) -> Library:
    """Everything a person can play; broken files are reported in `problems`, never fatal."""
    bundled, problems = load_folder(bundled_dir or bundled_routines_dir())
    user: list[Routine] = []
    if user_dir is not None:
        user, user_problems = load_folder(user_dir)
        problems.extend(user_problems)
    return Library(tuple(merge(bundled, user)), tuple(problems))
