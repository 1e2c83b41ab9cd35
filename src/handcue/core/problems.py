"""A problem found in a user's file, located precisely enough to fix without guessing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handcue.core.safe_text import visible


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: Path
    line: int
    """1-based; 0 when the problem concerns the whole file."""
    column: int
    """1-based; 0 when unknown."""
    message: str

    def __str__(self) -> str:
        """One line, safe to print: the file name and message may hold anything."""
        where = str(self.path)
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return visible(f"{where}: {self.message}")


@dataclass(frozen=True, slots=True)
class Remark:
    """What `handcue check` warns about in a routine that still loads and plays: the reason
    and its line (0 for the routine as a whole)."""

    reason: str
    line: int = 0

    def problem(self, path: Path) -> Problem:
        return Problem(path, self.line, 0, f"warning: {self.reason}")
