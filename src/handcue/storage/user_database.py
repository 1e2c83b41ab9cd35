"""The user database: acknowledged precautions and session history, in one SQLite file.

handcue must keep working whatever state that file is in, and say so when it cannot keep what
the person did: `opening` finds and says what is wrong with the file, `migration` brings an old
one up to date, and this module runs reads and writes on whatever connection that gave. Each
problem is said once in `problems` (and to `on_problem`, from whichever thread found it), in
words that can be shown as they are, naming the file.

A file locked by another program is different: the lock will pass. Reads wait only briefly
and report it; in `background` mode (the app's) writes go to a thread of their own (`writer`),
which tries again later, so a lock never holds up the screen, and what still could not be saved
when handcue closes is said to be lost.

In `strict` mode (the command line's) nothing goes to memory: a write that cannot be kept in
the file raises `NotSaved`, and a file that cannot be read raises `Unreadable`, so a command
never says it did what it did not, nor shows an empty history for a file it could not read.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from handcue.core.wording import counted
from handcue.storage import paths
from handcue.storage.migration import create_schema, immediate
from handcue.storage.opening import Opened, Opener, is_busy, is_damage, one_line
from handcue.storage.schema import SCHEMA_VERSION
from handcue.storage.writer import DatabaseBusy, Writer

__all__ = [
    "BUSY_TIMEOUT",
    "FILE_NAME",
    "SCHEMA_VERSION",
    "SCREEN_BUSY_TIMEOUT",
    "DatabaseBusy",
    "NotSaved",
    "Unreadable",
    "UserDatabase",
    "default_path",
]

FILE_NAME = "handcue.sqlite3"
BUSY_TIMEOUT = 5.0
"""Seconds to wait for another program's lock when nobody is watching a screen."""
SCREEN_BUSY_TIMEOUT = 0.25
"""The app's wait: short enough that even a read on the interface's thread is not felt."""
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)
"""Pauses between tries of a write that met a lock; the last repeats until handcue closes."""
LAST_TRY_TIMEOUT = 2.0
"""How long closing waits for a lock before saying what could not be saved."""

T = TypeVar("T")


def default_path() -> Path:
    return paths.data_dir() / FILE_NAME


class NotSaved(OSError):
    """A change could not be kept in the file (strict mode); the message says why."""


class Unreadable(OSError):
    """The file could not be read (strict mode); the message says why."""


class UserDatabase:
    """One connection to the user database, opened on first use and never raising at open,
    except `DatabaseBusy` while another program holds it locked (and, in strict mode,
    `Unreadable`)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        background: bool = False,
        busy_timeout: float = BUSY_TIMEOUT,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
        strict: bool = False,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path or default_path()
        self.problems: list[str] = []
        """Said once each, in the order found."""
        self.on_problem = on_problem
        """Called with each new problem, from the thread that found it."""
        self.in_memory = False
        """True when the data lasts only until handcue closes."""
        self.read_only: str | None = None
        """Why nothing can be written to the file, once that is known."""
        self.unreadable: str | None = None
        """Why an existing file could not be read at all."""
        self.background = background
        """Writes are queued for a thread of their own; `write` then returns None at once."""
        self.strict = strict
        self.busy_timeout = busy_timeout
        self._connection: sqlite3.Connection | None = None
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._copied = False
        """True while the in-memory data is a copy of a file that had already failed once."""
        self._lock = threading.RLock()
        self._writer = Writer(self._write_now, self._locked_out, self._failed, retry_delays)
        self._unsaved = 0
        """Changes that went to memory only: lost when handcue closes."""
        self.lost = 0
        """Changes lost when the database closed, because they could only go to memory."""
        self._opener = Opener(self.path, busy_timeout, self.report)

    # problems ------------------------------------------------------------------------------

    def report(self, message: str) -> None:
        """Say `message` once: kept in `problems`, and passed to `on_problem`."""
        with self._lock:
            if message in self.problems:
                return
            self.problems.append(message)
        listener = self.on_problem
        if listener is not None:
            with contextlib.suppress(Exception):  # a listener's fault never stops a save
                listener(message)

    def _locked_out(self) -> None:
        self.report(
            f"{self.path}: locked by another program; handcue keeps trying to save what you do "
            "until it closes."
        )

    def _failed(self, error: Exception) -> None:
        self.report(f"{self.path}: a change could not be saved ({one_line(error)}).")

    # reading and writing ------------------------------------------------------------------

    def keeps_changes(self) -> bool:
        """Whether a change made now would be kept in the file."""
        with self._lock:
            self._connect()
            return not (self.in_memory or self.read_only)

    def read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """Run `query`; should the file fail underneath, carry on in memory (in strict mode,
        raise `Unreadable`)."""
        return self._run(lambda: query(self._connect()), "read")

    def write(self, change: Callable[[sqlite3.Connection], T]) -> T | None:
        """Run `change` in one transaction: all of it is saved, or none of it.

        In background mode the change is queued and None returned at once; a failure is then
        reported in `problems` instead of raised. In strict mode a change that cannot be kept
        in the file raises `NotSaved`, and nothing goes to memory.
        """
        if self.strict:
            self._refuse_if_not_kept()
        if not self.background:
            return self._write_now(change)
        self._writer.put(change)
        return None

    def flush(self) -> None:
        """Wait for queued writes; those still blocked by a lock get one last, longer try, and
        whatever is left then is reported as lost."""
        self._writer.stop()
        pending = self._writer.pending
        if pending:
            with self._lock:
                self._set_busy_timeout(max(self.busy_timeout, LAST_TRY_TIMEOUT))
            while pending:
                try:
                    self._write_now(pending[0])
                except DatabaseBusy:
                    self.report(
                        f"{self.path}: still locked by another program as handcue closed, so "
                        f"{counted(len(pending), 'change')} (sessions played, precautions "
                        "accepted) could not be saved and are lost."
                    )
                    pending.clear()
                except Exception as error:
                    self._failed(error)
                    pending.popleft()
                else:
                    pending.popleft()

    def close(self, *, say_lost: bool = True) -> None:
        """Finish queued writes, say what is lost (unless the caller says it), and close the
        file; `lost` then holds how many changes went to memory only."""
        self.flush()
        with self._lock:
            self.lost += self._unsaved
            if self._unsaved and say_lost:
                self.report(
                    f"{self.path}: {counted(self._unsaved, 'change')} made this time (sessions "
                    "played, precautions accepted) could only be kept in memory, and are lost "
                    "now that handcue has closed."
                )
                self._unsaved = 0
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            if self._scratch is not None:
                self._scratch.cleanup()
                self._scratch = None

    @property
    def unsaved(self) -> int:
        """Changes made so far that went to memory only."""
        return self._unsaved

    def forget_unsaved(self) -> None:
        """The caller has said that what went to memory is not kept; closing says no more."""
        with self._lock:
            self._unsaved = 0

    def _refuse_if_not_kept(self) -> None:
        with self._lock:
            self._connect()
            if self.read_only:
                raise NotSaved(f"{self.path}: {self.read_only}")
            if self.in_memory:
                raise NotSaved(f"{self.path}: it cannot be written")

    def _write_now(self, change: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            self._connect()
            if self.read_only and not self.in_memory and not self.strict:
                # Said when it was opened: what is done now goes to memory without more words.
                self._fall_back(copy=True)
            result = self._run(lambda: self._transaction(change), "written")
            if self.in_memory:
                self._unsaved += 1
            return result

    def _run(self, attempt: Callable[[], T], action: str) -> T:
        """Try the file; then memory holding what the file still had; then empty memory."""
        with self._lock:
            if self.strict and action == "read":
                with contextlib.suppress(sqlite3.Error):
                    self._connect()  # a lock is met again, and said, by the attempt below
                if self.unreadable:
                    raise Unreadable(self.unreadable)
            try:
                return attempt()
            except sqlite3.Error as error:
                if is_busy(error):
                    raise self._busy(error, action) from None
                if self.in_memory and not self._copied:
                    raise
                if is_damage(error) and self._connection is not None and not self.read_only:
                    # Damage found past the open: the file goes aside as at the open.
                    self._connection.close()
                    self._use(self._opener.open_aside(error))
                    return attempt()
                if self.strict:
                    problem = NotSaved if action == "written" else Unreadable
                    raise problem(
                        f"{self.path}: could not be {action} ({one_line(error)})"
                    ) from None
                if not self.read_only:
                    self.report(
                        f"{self.path}: could not be {action} ({one_line(error)}); sessions "
                        "played and precautions accepted from then on are kept only until "
                        "handcue closes."
                    )
                self._fall_back(copy=True)
            try:
                return attempt()
            except sqlite3.Error:
                if not self._copied:
                    raise
                self._fall_back(copy=False)
                return attempt()

    def _busy(self, error: sqlite3.Error, action: str) -> DatabaseBusy:
        if action == "read":
            self.report(f"{self.path}: locked by another program, so it could not be read now.")
        return DatabaseBusy(f"{self.path}: locked by another program ({error})")

    def _transaction(self, change: Callable[[sqlite3.Connection], T]) -> T:
        connection = self._connect()
        with immediate(connection):
            return change(connection)

    def _set_busy_timeout(self, seconds: float) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    # opening ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            self._use(self._opener.open())
        assert self._connection is not None
        return self._connection

    def _use(self, opened: Opened) -> None:
        self._connection = opened.connection
        self.in_memory = self.in_memory or opened.in_memory
        self.read_only = opened.read_only or self.read_only
        self.unreadable = opened.unreadable
        if opened.scratch is not None:
            self._scratch = opened.scratch

    def _fall_back(self, copy: bool) -> None:
        """Move to memory mid-run, keeping (with `copy`) what can still be read before."""
        previous = self._connection
        self._connection = self._opener.memory("").connection
        self.in_memory = True
        self._copied = False
        if previous is None:
            return
        if copy:
            with contextlib.suppress(sqlite3.Error):
                previous.backup(self._connection)
                create_schema(self._connection)
                self._copied = True
        previous.close()
