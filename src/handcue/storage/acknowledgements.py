"""The user database (acknowledged precautions, session history) and the acknowledgements.

Both live in one SQLite file in the data folder. The app must keep working whatever state that
file is in: a damaged database is moved aside and a new one started, and a folder that cannot
hold it means the data is kept in memory until handcue closes. Either way `problems` says what
happened, in words that can be shown as they are.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from handcue.storage import paths
from handcue.storage.atomic import backup_path, fsync_folder

FILE_NAME = "handcue.sqlite3"
SCHEMA_VERSION = 2
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS acknowledgements (
        routine_id TEXT PRIMARY KEY,
        cautions TEXT NOT NULL,
        acknowledged_at TEXT NOT NULL
    )""",
    # One row per text acknowledged (version 2), so what is new since can be marked.
    """CREATE TABLE IF NOT EXISTS acknowledged_texts (
        routine_id TEXT NOT NULL,
        digest TEXT NOT NULL,
        PRIMARY KEY (routine_id, digest)
    )""",
    """CREATE TABLE IF NOT EXISTS sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        routine_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        left_seconds REAL NOT NULL,
        right_seconds REAL NOT NULL,
        steps_done INTEGER NOT NULL,
        steps_skipped INTEGER NOT NULL
    )""",
)
_DAMAGED_CODES = {11, 26}
"""SQLITE_CORRUPT and SQLITE_NOTADB: the file itself is bad, not merely busy or unreadable."""
_COMPANIONS = ("-journal", "-wal", "-shm")

T = TypeVar("T")


def default_path() -> Path:
    return paths.data_dir() / FILE_NAME


class _Damaged(Exception):
    """The database file failed its integrity check."""


class UserDatabase:
    """One connection to the user database, opened on first use and never raising at open."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.problems: list[str] = []
        self.in_memory = False
        """True when the data lasts only until handcue closes."""
        self._connection: sqlite3.Connection | None = None
        self._copied = False
        """True while the in-memory data is a copy of a file that had already failed once."""
        self._lock = threading.RLock()

    def read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """Run `query`; should the file fail underneath, carry on in memory."""
        return self._run(lambda: query(self._connect()), "read")

    def write(self, change: Callable[[sqlite3.Connection], T]) -> T:
        """Run `change` in one transaction: all of it is saved, or none of it."""
        return self._run(lambda: self._transaction(change), "written")

    def _run(self, attempt: Callable[[], T], action: str) -> T:
        """Try the file; then memory holding what the file still had; then empty memory."""
        with self._lock:
            try:
                return attempt()
            except sqlite3.Error as error:
                if self.in_memory and not self._copied:
                    raise
                self._fall_back(f"{self.path}: could not be {action} ({error})", copy=True)
            try:
                return attempt()
            except sqlite3.Error:
                if not self._copied:
                    raise
                self._fall_back("", copy=False)
                return attempt()

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def _transaction(self, change: Callable[[sqlite3.Connection], T]) -> T:
        connection = self._connect()
        connection.execute("BEGIN IMMEDIATE")
        try:
            result = change(connection)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        return result

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = self._open()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return self._memory(f"{self.path.parent}: folder could not be made ({error.strerror})")
        try:
            return self._open_file()
        except (sqlite3.DatabaseError, _Damaged) as error:
            if not _is_damage(error):
                return self._memory(f"{self.path}: could not be opened ({error})")
            damage = error
        try:
            backup = self._move_aside()
        except OSError as error:
            return self._memory(
                f"{self.path}: the database is damaged ({damage}) and could not be moved aside "
                f"({error.strerror})"
            )
        self._report(
            f"{self.path}: the database was damaged ({damage}). It was moved to {backup.name} "
            "and a new one started, so precautions will be shown again and past sessions are "
            "in that copy only."
        )
        try:
            return self._open_file()
        except (sqlite3.Error, _Damaged) as error:
            return self._memory(f"{self.path}: a new database could not be made ({error})")

    def _open_file(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=5.0, isolation_level=None, check_same_thread=False
        )
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise _Damaged(verdict)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise sqlite3.OperationalError(
                    f"it was made by a newer handcue (schema {version}); update handcue to use it"
                )
            if version < SCHEMA_VERSION:
                _create_schema(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _move_aside(self) -> Path:
        backup = backup_path(self.path, "corrupt")
        for suffix in _COMPANIONS:
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                companion.replace(backup.with_name(backup.name + suffix))
        self.path.replace(backup)
        fsync_folder(self.path.parent)
        return backup

    def _memory(self, reason: str) -> sqlite3.Connection:
        if reason:
            self._report(
                f"{reason}. Precautions acknowledged and sessions played are kept only until "
                "handcue closes; check that the folder exists and is writable."
            )
        self.in_memory = True
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _create_schema(connection)
        return connection

    def _fall_back(self, reason: str, copy: bool) -> None:
        """Move to memory mid-run, keeping (with `copy`) what can still be read before."""
        previous = self._connection
        self._connection = self._memory(reason)
        self._copied = False
        if previous is None:
            return
        if copy:
            with contextlib.suppress(sqlite3.Error):
                previous.backup(self._connection)
                _create_schema(self._connection)
                self._copied = True
        previous.close()

    def _report(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)


def _create_schema(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _is_damage(error: BaseException) -> bool:
    if isinstance(error, _Damaged):
        return True
    return getattr(error, "sqlite_errorcode", None) in _DAMAGED_CODES


GENERAL = "*"
"""The routine id for the general precautions shown the first time handcue is used."""


def cautions_fingerprint(cautions: Sequence[str]) -> str:
    """A short digest of what was shown (each caution's text), so that a change shows it again."""
    text = "\n".join(sorted(set(cautions)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Acknowledgements:
    """Which routines' precautions the person has read and accepted.

    An acknowledgement holds for the texts that were shown (each precaution and the
    preparation, as `core.briefing` words them): if a caution is added or reworded, the routine
    is no longer acknowledged, and `unseen` says which texts are new.
    """

    def __init__(self, database: UserDatabase | None = None) -> None:
        self.database = database or UserDatabase()

    @property
    def problems(self) -> list[str]:
        return self.database.problems

    def is_acknowledged(self, routine_id: str, shown: Sequence[str] = ()) -> bool:
        row = self.database.read(
            lambda db: db.execute(
                "SELECT cautions FROM acknowledgements WHERE routine_id = ?", (routine_id,)
            ).fetchone()
        )
        return row is not None and row[0] == cautions_fingerprint(shown)

    def unseen(self, routine_id: str, shown: Sequence[str]) -> list[str] | None:
        """The texts of `shown` not among those last acknowledged; None if never acknowledged."""

        def query(db: sqlite3.Connection) -> tuple[bool, set[str]]:
            known = db.execute(
                "SELECT 1 FROM acknowledgements WHERE routine_id = ?", (routine_id,)
            ).fetchone()
            digests = db.execute(
                "SELECT digest FROM acknowledged_texts WHERE routine_id = ?", (routine_id,)
            ).fetchall()
            return known is not None, {row[0] for row in digests}

        known, digests = self.database.read(query)
        if not known:
            return None
        return [text for text in shown if _digest(text) not in digests]

    def acknowledge(self, routine_id: str, shown: Sequence[str] = ()) -> None:
        fingerprint = cautions_fingerprint(shown)
        moment = datetime.now(UTC).isoformat()

        def change(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO acknowledgements (routine_id, cautions, acknowledged_at) "
                "VALUES (?, ?, ?) ON CONFLICT (routine_id) DO UPDATE SET "
                "cautions = excluded.cautions, acknowledged_at = excluded.acknowledged_at",
                (routine_id, fingerprint, moment),
            )
            db.execute("DELETE FROM acknowledged_texts WHERE routine_id = ?", (routine_id,))
            db.executemany(
                "INSERT OR IGNORE INTO acknowledged_texts (routine_id, digest) VALUES (?, ?)",
                [(routine_id, _digest(text)) for text in shown],
            )

        self.database.write(change)

    def withdraw(self, routine_id: str) -> None:
        """Show the precautions again next time, as if never acknowledged."""

        def change(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM acknowledgements WHERE routine_id = ?", (routine_id,))
            db.execute("DELETE FROM acknowledged_texts WHERE routine_id = ?", (routine_id,))

        self.database.write(change)
