"""Break reminders in the user database: each one offered and what was done with it, the plan
and the pause in the settings, and the lock that keeps one reminder loop per database.

Every process reads and writes the same rows, so a pause, a snooze or a skip said in any
terminal (or by a click on a desktop notification) reaches the loop that reminds, which reads
them back on its next tick.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

from handcue.storage.history import History
from handcue.storage.user_database import UserDatabase

PLAN_SETTING = "reminders"
PAUSE_SETTING = "reminders-paused-until"
OUTCOMES = ("waiting", "snoozed", "played", "skipped", "unanswered")
"""`waiting` is shown now; `snoozed` put off (and, when the loop ended before it came back,
final); `played`, `skipped`; `unanswered` when the loop ended with it still shown."""
ANSWERS = ("played", "snoozed", "skipped")
LOCK_NAME = "reminders.lock"


@dataclass(frozen=True, slots=True)
class Reminder:
    id: int
    offered: datetime
    routine_id: str | None
    routine_title: str | None
    outcome: str
    snoozes: int
    session_uid: str | None


@dataclass(frozen=True, slots=True)
class DayTally:
    """Breaks offered on a day and how many were taken (played)."""

    day: date
    offered: int
    taken: int


class Reminders:
    """The reminder rows and settings; reads and writes go through `UserDatabase`, so a file
    that cannot be written is said once and the reminders still run."""

    def __init__(self, database: UserDatabase) -> None:
        self.database = database
        self.history = History(database)

    # the plan and the pause ----------------------------------------------------------------

    def plan_text(self) -> str | None:
        return self.history.setting(PLAN_SETTING)

    def save_plan(self, text: str) -> None:
        self.history.set_setting(PLAN_SETTING, text)

    def paused_until(self) -> datetime | None:
        text = self.history.setting(PAUSE_SETTING)
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else None

    def pause_until(self, moment: datetime | None) -> None:
        """Pause until `moment` (local time with its offset); None resumes."""
        if moment is None:
            self.database.write(
                lambda db: db.execute("DELETE FROM settings WHERE key = ?", (PAUSE_SETTING,))
            )
        else:
            self.history.set_setting(PAUSE_SETTING, moment.isoformat())

    # reminders -----------------------------------------------------------------------------

    def offer(self, when: datetime, routine_id: str | None, title: str | None) -> int | None:
        """A new break shown now; its id, or None when the write was queued."""

        def insert(db: sqlite3.Connection) -> int:
            cursor = db.execute(
                "INSERT INTO reminders (offered_at, day, routine_id, routine_title, outcome) "
                "VALUES (?, ?, ?, ?, 'waiting')",
                (when.isoformat(), when.date().isoformat(), routine_id, title),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

        return self.database.write(insert)

    def shown_again(self, ident: int) -> None:
        """A snoozed break back on the screen."""
        self.database.write(
            lambda db: db.execute(
                "UPDATE reminders SET outcome = 'waiting' WHERE id = ? AND outcome = 'snoozed'",
                (ident,),
            )
        )

    def answer(
        self, ident: int, outcome: str, when: datetime, session_uid: str | None = None
    ) -> bool:
        """Record what was done with a break; False when it was answered already (in another
        window first), so an answer is never counted twice."""
        if outcome not in ANSWERS:
            raise ValueError(f"a reminder is answered with one of {', '.join(ANSWERS)}")
        snoozed = 1 if outcome == "snoozed" else 0
        # A snoozed break can still be played or skipped; only a shown one can be snoozed.
        open_ones = "('waiting')" if snoozed else "('waiting', 'snoozed')"

        def change(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "UPDATE reminders SET outcome = ?, answered_at = ?, session_uid = ?, "
                f"snoozes = snoozes + ? WHERE id = ? AND outcome IN {open_ones}",
                (outcome, when.isoformat(), session_uid, snoozed, ident),
            )
            return cursor.rowcount == 1

        return bool(self.database.write(change))

    def close_open(self) -> int:
        """The loop is ending: a break still shown is `unanswered`; a snoozed one stays so."""
        return int(
            self.database.write(
                lambda db: (
                    db.execute(
                        "UPDATE reminders SET outcome = 'unanswered' WHERE outcome = 'waiting'"
                    ).rowcount
                )
            )
            or 0
        )

    def get(self, ident: int) -> Reminder | None:
        row = self.database.read(
            lambda db: db.execute(
                f"SELECT {_COLUMNS} FROM reminders WHERE id = ?", (ident,)
            ).fetchone()
        )
        return _reminder(row) if row is not None else None

    def open_one(self) -> Reminder | None:
        """The break shown or snoozed now, if any (the newest)."""
        row = self.database.read(
            lambda db: db.execute(
                f"SELECT {_COLUMNS} FROM reminders WHERE outcome IN ('waiting', 'snoozed') "
                "ORDER BY id DESC LIMIT 1"
            ).fetchone()
        )
        return _reminder(row) if row is not None else None

    def on_day(self, day: date) -> list[Reminder]:
        rows = self.database.read(
            lambda db: db.execute(
                f"SELECT {_COLUMNS} FROM reminders WHERE day = ? ORDER BY id", (day.isoformat(),)
            ).fetchall()
        )
        return [reminder for row in rows if (reminder := _reminder(row)) is not None]

    def last_done(self) -> str | None:
        """The routine of the last break played or skipped: the next one comes after it."""
        row = self.database.read(
            lambda db: db.execute(
                "SELECT routine_id FROM reminders WHERE outcome IN ('played', 'skipped') "
                "ORDER BY id DESC LIMIT 1"
            ).fetchone()
        )
        return str(row[0]) if row is not None and row[0] is not None else None

    def tally(self, since: date | None = None) -> list[DayTally]:
        """Per day, oldest first: breaks offered and taken."""
        rows = self.database.read(
            lambda db: db.execute(
                "SELECT day, count(*), sum(outcome = 'played') FROM reminders WHERE day >= ? "
                "GROUP BY day ORDER BY day",
                ((since or date.min).isoformat(),),
            ).fetchall()
        )
        tallies: list[DayTally] = []
        for day, offered, taken in rows:
            with contextlib.suppress(TypeError, ValueError):
                tallies.append(DayTally(date.fromisoformat(day), int(offered), int(taken or 0)))
        return tallies

    def session_uids(self) -> set[str]:
        """Sessions played from a reminder."""
        rows = self.database.read(
            lambda db: db.execute(
                "SELECT session_uid FROM reminders WHERE session_uid IS NOT NULL"
            ).fetchall()
        )
        return {str(row[0]) for row in rows}

    def session_since(self, routine_id: str, since: datetime) -> str | None:
        """The session of `routine_id` started at or after `since`: the one a reminder opened."""
        rows = self.database.read(
            lambda db: db.execute(
                "SELECT uid, started_at FROM sessions WHERE routine_id = ? AND day >= ? "
                "ORDER BY id DESC",
                (routine_id, since.date().isoformat()),
            ).fetchall()
        )
        for uid, started in rows:
            with contextlib.suppress(TypeError, ValueError):
                if datetime.fromisoformat(started) >= since.replace(microsecond=0):
                    return str(uid)
        return None

    def playing(self) -> bool:
        """Whether a routine plays now, in any window (a 'playing' row whose process runs)."""
        self.history.close_interrupted()
        row = self.database.read(
            lambda db: db.execute(
                "SELECT count(*) FROM sessions WHERE outcome = 'playing'"
            ).fetchone()
        )
        return bool(row[0])


_COLUMNS = "id, offered_at, routine_id, routine_title, outcome, snoozes, session_uid"


def _reminder(row: tuple[object, ...]) -> Reminder | None:
    ident, offered, routine_id, title, outcome, snoozes, session = row
    try:
        return Reminder(
            int(ident),  # type: ignore[call-overload]
            datetime.fromisoformat(str(offered)),
            routine_id if isinstance(routine_id, str) else None,
            title if isinstance(title, str) else None,
            str(outcome),
            int(snoozes),  # type: ignore[call-overload]
            session if isinstance(session, str) else None,
        )
    except (TypeError, ValueError):
        return None


# one loop per database ---------------------------------------------------------------------


@contextlib.contextmanager
def loop_lock(folder: Path) -> Iterator[int | None]:
    """Hold the lock of the reminder loop: yields None when held here, or the process id of the
    loop that holds it (two loops would remind twice). The lock goes with the process, however
    it ends. Where file locks are not available (Windows), every loop runs."""
    try:
        import fcntl
    except ImportError:
        yield None
        return
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    handle: IO[str] = open(path, "a+", encoding="utf-8")  # noqa: SIM115
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            text = handle.read(32).strip()
            yield int(text) if text.isdigit() else 0
            return
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield None
    finally:
        handle.close()
