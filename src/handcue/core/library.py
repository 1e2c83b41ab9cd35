"""The set of routines a person can pick from: the bundled library plus their own folder."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handcue.core.routine import Routine

if TYPE_CHECKING:  # made only when a file is broken: a start from the cache never needs it
    from handcue.core.problems import Problem

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


def unexpected(path: Path, error: Exception) -> Problem:
    """A failure nobody foresaw while reading `path`, as that file's problem."""
    from handcue.core.problems import Problem

    return Problem(
        path,
        0,
        0,
        f"handcue could not read this file ({type(error).__name__}: {str(error)[:200]}); the "
        "other files are not affected. Please report this with the file attached",
    )


def merge(bundled: Iterable[Routine], user: Iterable[Routine]) -> list[Routine]:
    """User routines replace bundled ones with the same id and are marked as such."""
    by_id = {routine.id: routine for routine in bundled}
    for routine in user:
        replaces = routine.id in by_id
        by_id[routine.id] = dataclasses.replace(routine, user=True, overrides_bundled=replaces)
    return sorted(by_id.values(), key=lambda routine: (routine.title.casefold(), routine.id))
