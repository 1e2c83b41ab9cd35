"""Session history: which routines were played, when, and how much of them, for the history
view and for picking up habits. Kept in the user database beside the acknowledgements."""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime

from handcue.storage.user_database import UserDatabase

_COLUMNS = (
    "id, routine_id, started_at, finished_at, left_seconds, right_seconds, steps_done, "
    "steps_skipped"
)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as played."""

    routine_id: str
    started: datetime
    finished: datetime | None
    """None when the session was stopped before the routine's end."""
    left_seconds: float
    """Time spent working on the left hand."""
    right_seconds: float
    steps_done: int
    steps_skipped: int
    id: int | None = None
    """Set once the record is saved."""

    def __post_init__(self) -> None:
        if not self.routine_id:
            raise ValueError("a session needs the id of its routine")
        for name in ("left_seconds", "right_seconds"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be 0 or more seconds, got {value!r}")
        if self.steps_done < 0 or self.steps_skipped < 0:
            raise ValueError("step counts cannot be negative")
        if self.finished is not None and self.finished < self.started:
            raise ValueError("a session cannot finish before it started")


class History:
    """Append and read back sessions; newest first."""

    def __init__(self, database: UserDatabase | None = None) -> None:
        self.database = database or UserDatabase()

    @property
    def problems(self) -> list[str]:
        return self.database.problems

    def record(self, session: SessionRecord) -> SessionRecord:
        """Save `session`; returns it with its id."""

        def insert(db: sqlite3.Connection) -> int:
            cursor = db.execute(
                "INSERT INTO sessions (routine_id, started_at, finished_at, left_seconds, "
                "right_seconds, steps_done, steps_skipped) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    session.routine_id,
                    session.started.isoformat(),
                    session.finished.isoformat() if session.finished else None,
                    float(session.left_seconds),
                    float(session.right_seconds),
                    session.steps_done,
                    session.steps_skipped,
                ),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

        return replace(session, id=self.database.write(insert))

    def recent(self, count: int = 20) -> list[SessionRecord]:
        """The last `count` sessions recorded, newest first; a row that cannot be read is
        reported and left out rather than failing the whole list."""
        rows = self.database.read(
            lambda db: db.execute(
                f"SELECT {_COLUMNS} FROM sessions ORDER BY id DESC LIMIT ?",
                (max(0, count),),
            ).fetchall()
        )
        sessions: list[SessionRecord] = []
        for row in rows:
            try:
                sessions.append(_from_row(row))
            except (TypeError, ValueError) as error:
                message = (
                    f"{self.database.path}: session {row[0]} left out of the history ({error})."
                )
                if message not in self.database.problems:
                    self.database.problems.append(message)
        return sessions


def _from_row(row: tuple[object, ...]) -> SessionRecord:
    ident, routine_id, started, finished, left, right, done, skipped = row
    if not isinstance(routine_id, str) or not isinstance(started, str):
        raise ValueError("routine id and start time must be text")
    if finished is not None and not isinstance(finished, str):
        raise ValueError("finish time must be text")
    if not isinstance(left, int | float) or not isinstance(right, int | float):
        raise ValueError("seconds must be numbers")
    if not isinstance(done, int) or not isinstance(skipped, int) or not isinstance(ident, int):
        raise ValueError("step counts must be whole numbers")
    return SessionRecord(
        routine_id=routine_id,
        started=datetime.fromisoformat(started),
        finished=datetime.fromisoformat(finished) if finished else None,
        left_seconds=float(left),
        right_seconds=float(right),
        steps_done=done,
        steps_skipped=skipped,
        id=ident,
    )
