"""The user database: acknowledged precautions and session history, in one SQLite file.

handcue must keep working whatever state that file is in, and say so when it cannot keep what
the person did. A damaged file is moved aside untouched and every row still readable is
recovered into a new one (`recovery`); a `-wal` that is not the file's own is set aside before
SQLite can apply it (`write_ahead_log`); a file or folder that
cannot be written (read-only, full, from a newer handcue, a folder in its place) means the data
is kept in memory until handcue closes; tables that went missing are made again on open. Each
of these is said once in `problems`, in words that can be shown as they are, naming the file.

A file locked by another program is different: the lock will pass. Reads wait only briefly
and report it; in `background` mode (the app's) writes go to a thread of their own, which
tries again later, so a lock never holds up the screen, and what still could not be saved
when handcue closes is said to be lost.
"""

from __future__ import annotations

import collections
import contextlib
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from handcue.core.wording import counted
from handcue.storage import paths, recovery, write_ahead_log
from handcue.storage.atomic import backup_path, fsync_folder
from handcue.storage.files import kind_of

FILE_NAME = "handcue.sqlite3"
SCHEMA_VERSION = 4
_SESSIONS = """CREATE TABLE IF NOT EXISTS sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL UNIQUE,
        routine_id TEXT NOT NULL,
        routine_title TEXT,
        goals TEXT NOT NULL DEFAULT '',
        fingerprint TEXT,
        started_at TEXT NOT NULL,
        day TEXT NOT NULL,
        ended_at TEXT,
        outcome TEXT NOT NULL DEFAULT 'finished',
        played_seconds REAL NOT NULL DEFAULT 0,
        left_seconds REAL NOT NULL,
        right_seconds REAL NOT NULL,
        steps_done INTEGER NOT NULL,
        steps_skipped INTEGER NOT NULL,
        steps_total INTEGER,
        stopped_step INTEGER,
        stopped_title TEXT,
        pace REAL,
        tweaks TEXT,
        changed TEXT
    )"""
_SCHEMA: tuple[str, ...] = (
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
    # Version 3: each session is written when it starts and again as it goes, so a crash leaves
    # one row with outcome 'playing'; `day` is the local date it started, for calendars.
    _SESSIONS,
    "CREATE INDEX IF NOT EXISTS sessions_by_day ON sessions (day, played_seconds)",
    "CREATE INDEX IF NOT EXISTS sessions_by_routine_time "
    "ON sessions (routine_id, started_at, played_seconds)",
    "CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions (started_at, routine_id)",
    """CREATE TABLE IF NOT EXISTS checkins (
        session_id INTEGER NOT NULL,
        moment TEXT NOT NULL,
        measure TEXT NOT NULL,
        hand TEXT NOT NULL DEFAULT 'both',
        rating INTEGER NOT NULL,
        PRIMARY KEY (session_id, moment, measure, hand)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS checkins_by_rating "
    "ON checkins (measure, moment, session_id, rating)",
    """CREATE TABLE IF NOT EXISTS settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
)
# Version 4: each break reminder offered, and what was done with it (storage/reminders.py).
_REMINDERS = (
    """CREATE TABLE IF NOT EXISTS reminders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        offered_at TEXT NOT NULL,
        day TEXT NOT NULL,
        routine_id TEXT,
        routine_title TEXT,
        outcome TEXT NOT NULL DEFAULT 'waiting',
        snoozes INTEGER NOT NULL DEFAULT 0,
        answered_at TEXT,
        session_uid TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS reminders_by_day ON reminders (day, outcome)",
)
_SCHEMA += _REMINDERS
_SCHEMA_2_SESSIONS = {
    "id",
    "routine_id",
    "started_at",
    "finished_at",
    "left_seconds",
    "right_seconds",
    "steps_done",
    "steps_skipped",
}
"""The sessions table of schemas 1 and 2; schema 1 differs from 2 only by a table `_SCHEMA`
makes."""
_SESSIONS_TO_3 = (
    # Every row is copied, ids kept. A session without a finish time was stopped early; its
    # played time is unknown, so the longer hand's time stands for it.
    "ALTER TABLE sessions RENAME TO sessions_schema_2",
    _SESSIONS,
    """INSERT INTO sessions (id, uid, routine_id, started_at, day, ended_at, outcome,
        played_seconds, left_seconds, right_seconds, steps_done, steps_skipped)
    SELECT id, lower(hex(randomblob(16))), routine_id, started_at,
        substr(started_at, 1, 10), finished_at,
        CASE WHEN finished_at IS NULL THEN 'stopped' ELSE 'finished' END,
        COALESCE(
            round(max(0.0, (julianday(finished_at) - julianday(started_at)) * 86400.0), 1),
            max(left_seconds, right_seconds)
        ),
        left_seconds, right_seconds, steps_done, steps_skipped
    FROM sessions_schema_2 ORDER BY id""",
    "DROP TABLE sessions_schema_2",
)
"""Schema 2 to 3, run in the migration's one transaction: it happens whole or not at all."""
_COLUMNS = {
    "acknowledgements": {"routine_id", "cautions", "acknowledged_at"},
    "acknowledged_texts": {"routine_id", "digest"},
    "sessions": {
        "id",
        "uid",
        "routine_id",
        "routine_title",
        "goals",
        "fingerprint",
        "started_at",
        "day",
        "ended_at",
        "outcome",
        "played_seconds",
        "left_seconds",
        "right_seconds",
        "steps_done",
        "steps_skipped",
        "steps_total",
        "stopped_step",
        "stopped_title",
        "pace",
        "tweaks",
        "changed",
    },
    "checkins": {"session_id", "moment", "measure", "hand", "rating"},
    "settings": {"key", "value"},
    "reminders": {
        "id",
        "offered_at",
        "day",
        "routine_id",
        "routine_title",
        "outcome",
        "snoozes",
        "answered_at",
        "session_uid",
    },
}
"""What each table must have for handcue to use it; checked every time the file is opened."""
_DAMAGED_CODES = {11, 26}
"""SQLITE_CORRUPT and SQLITE_NOTADB: the file itself is bad, not merely busy or unreadable."""
_BUSY_CODES = {5, 6}
"""SQLITE_BUSY and SQLITE_LOCKED (and their extended codes): another connection holds a lock."""
_COMPANIONS = ("-journal", "-wal", "-shm")

BUSY_TIMEOUT = 5.0
"""Seconds to wait for another program's lock when nobody is watching a screen."""
SCREEN_BUSY_TIMEOUT = 0.25
"""The app's wait: short enough that even a read on the interface's thread is not felt."""
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)
"""Pauses between tries of a write that met a lock; the last repeats until handcue closes."""
QUICK_CHECK_BYTES = 4 * 1024 * 1024
"""Files up to this size get SQLite's quick check on every open (a few milliseconds)."""
LAST_TRY_TIMEOUT = 2.0
"""How long closing waits for a lock before saying what could not be saved."""

T = TypeVar("T")


def default_path() -> Path:
    return paths.data_dir() / FILE_NAME


class DatabaseBusy(OSError):
    """Another program holds the database locked; trying again later may work."""


class _Damaged(Exception):
    """The database file failed its integrity check."""


class UserDatabase:
    """One connection to the user database, opened on first use and never raising at open,
    except `DatabaseBusy` while another program holds it locked."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        background: bool = False,
        busy_timeout: float = BUSY_TIMEOUT,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
    ) -> None:
        self.path = path or default_path()
        self.problems: list[str] = []
        """Said once each, in the order they arose."""
        self.on_problem: Callable[[str], None] | None = None
        """Called with each new problem as it arises, from whichever thread found it."""
        self.in_memory = False
        """True when the data lasts only until handcue closes."""
        self.background = background
        """Writes are queued for a thread of their own; `write` then returns None at once."""
        self.busy_timeout = busy_timeout
        self.retry_delays = retry_delays or (0.0,)
        self._connection: sqlite3.Connection | None = None
        self._copied = False
        """True while the in-memory data is a copy of a file that had already failed once."""
        self._lock = threading.RLock()
        self._pending: collections.deque[Callable[[sqlite3.Connection], object]] = (
            collections.deque()
        )
        self._wake = threading.Condition()
        self._writer: threading.Thread | None = None
        self._closing = False
        self._unsaved = 0
        """Changes that went to memory only: lost when handcue closes."""

    # reading and writing ------------------------------------------------------------------

    def read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """Run `query`; should the file fail underneath, carry on in memory."""
        return self._run(lambda: query(self._connect()), "read")

    def write(self, change: Callable[[sqlite3.Connection], T]) -> T | None:
        """Run `change` in one transaction: all of it is saved, or none of it.

        In background mode the change is queued and None returned at once; a failure is then
        reported in `problems` instead of raised.
        """
        if not self.background:
            return self._write_now(change)
        with self._wake:
            self._pending.append(change)
            if self._writer is None or not self._writer.is_alive():
                self._closing = False
                self._writer = threading.Thread(
                    target=self._write_pending, name="handcue-database", daemon=True
                )
                self._writer.start()
            self._wake.notify()
        return None

    def flush(self) -> None:
        """Wait for queued writes; those still blocked by a lock get one last, longer try, and
        whatever is left then is reported as lost."""
        with self._wake:
            self._closing = True
            self._wake.notify_all()
        writer = self._writer
        if writer is not None:
            writer.join()
        if self._pending:
            with self._lock:
                self._set_busy_timeout(max(self.busy_timeout, LAST_TRY_TIMEOUT))
            while self._pending:
                try:
                    self._write_now(self._pending[0])
                except DatabaseBusy:
                    self.report(
                        f"{self.path}: still locked by another program as handcue closed, so "
                        f"{counted(len(self._pending), 'change')} (sessions played, precautions "
                        "accepted) could not be saved and are lost."
                    )
                    self._pending.clear()
                except Exception as error:
                    self.report(f"{self.path}: a change could not be saved ({error}).")
                    self._pending.popleft()
                else:
                    self._pending.popleft()

    def close(self) -> None:
        """Finish queued writes, say what is lost, and close the file."""
        self.flush()
        with self._lock:
            if self._unsaved:
                self.report(
                    f"{self.path}: {counted(self._unsaved, 'change')} made this time (sessions "
                    "played, precautions accepted) could only be kept in memory, and are lost "
                    "now that handcue has closed."
                )
                self._unsaved = 0
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def forget_unsaved(self) -> None:
        """The caller has said that what went to memory is not kept; closing says no more."""
        with self._lock:
            self._unsaved = 0

    def _write_now(self, change: Callable[[sqlite3.Connection], T]) -> T:
        result = self._run(lambda: self._transaction(change), "written")
        if self.in_memory:
            self._unsaved += 1
        return result

    def _write_pending(self) -> None:
        """The writer thread: each queued change in order, waiting out locks."""
        tries = 0
        while True:
            with self._wake:
                while not self._pending and not self._closing:
                    self._wake.wait()
                if not self._pending:
                    return
                change = self._pending[0]
            try:
                self._write_now(change)
            except DatabaseBusy:
                self.report(
                    f"{self.path}: locked by another program; handcue keeps trying to save "
                    "what you do until it closes."
                )
                with self._wake:
                    if self._closing:
                        return  # `flush` makes the last try
                    delay = self.retry_delays[min(tries, len(self.retry_delays) - 1)]
                    tries += 1
                    self._wake.wait(delay)
                continue
            except Exception as error:  # a change that can never succeed is not retried
                self.report(f"{self.path}: a change could not be saved ({error}).")
            tries = 0
            with self._wake:
                self._pending.popleft()

    def _run(self, attempt: Callable[[], T], action: str) -> T:
        """Try the file; then memory holding what the file still had; then empty memory."""
        with self._lock:
            try:
                return attempt()
            except sqlite3.Error as error:
                if _is_busy(error):
                    raise self._busy(error, action) from None
                if self.in_memory and not self._copied:
                    raise
                if _is_damage(error) and self._connection is not None:
                    # Damage found past the open: the file goes aside as at the open.
                    self._connection.close()
                    self._connection = self._open_aside(error)
                    return attempt()
                self._fall_back(f"{self.path}: could not be {action} ({error})", copy=True)
            try:
                return attempt()
            except sqlite3.Error:
                if not self._copied:
                    raise
                self._fall_back("", copy=False)
                return attempt()

    def _busy(self, error: sqlite3.Error, action: str) -> DatabaseBusy:
        if action == "read":
            self.report(f"{self.path}: locked by another program, so it could not be read now.")
        return DatabaseBusy(f"{self.path}: locked by another program ({error})")

    def _transaction(self, change: Callable[[sqlite3.Connection], T]) -> T:
        connection = self._connect()
        with _immediate(connection):
            return change(connection)

    def _set_busy_timeout(self, seconds: float) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    # opening ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = self._open()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return self._memory(f"{self.path.parent}: folder could not be made ({error.strerror})")
        with contextlib.suppress(OSError):
            mode = self.path.stat().st_mode
            if not stat.S_ISREG(mode):
                return self._memory(f"{self.path}: it is {kind_of(mode)}, not a database file")
        if refused := self._check_log():
            return self._memory(refused)
        try:
            return self._open_file()
        except (sqlite3.DatabaseError, _Damaged) as error:
            if _is_busy(error):
                raise
            if not _is_damage(error):
                return self._memory(f"{self.path}: could not be opened ({error})")
            return self._open_aside(error)

    def _check_log(self) -> str | None:
        """Keep a log SQLite would apply only if it belongs to this file (see
        `write_ahead_log`); the untouched copy made first stays only when the log did not."""
        if not write_ahead_log.log_to_check(self.path) or write_ahead_log.log_in_use(self.path):
            return None
        try:
            copy = write_ahead_log.copy_before_check(self.path)
        except OSError as error:
            self.report(
                f"{self.path}: a write-ahead log lies beside it but the files could not be "
                f"copied aside before checking it ({error.strerror}); it was left as it is."
            )
            return None
        try:
            belongs = write_ahead_log.log_belongs(self.path)
        except OSError:
            belongs = True  # the scratch copy could not be made: the file is opened as usual
        if belongs:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    write_ahead_log.companion(copy, suffix).unlink()
            return None
        try:
            aside = write_ahead_log.set_log_aside(self.path)
        except OSError as error:
            return (
                f"{self.path}: its write-ahead log (-wal) does not belong to it and could not "
                f"be set aside ({error.strerror}); the files as they were are in {copy.name}"
            )
        self.report(
            f"{self.path}: the write-ahead log beside it (-wal) did not belong to this database "
            f"(it would have lost sessions), so it was set aside as {aside.name} and not "
            f"applied; the files as they were are in {copy.name}."
        )
        return None

    def _open_aside(self, damage: BaseException) -> sqlite3.Connection:
        """Move the damaged file aside, say so once, and start a new one."""
        try:
            backup = self._move_aside()
        except OSError as error:
            return self._memory(
                f"{self.path}: the database is damaged ({damage}) and could not be moved aside "
                f"({error.strerror})"
            )
        try:
            connection = self._open_file()
        except (sqlite3.Error, _Damaged) as error:
            if _is_busy(error):
                raise
            return self._memory(f"{self.path}: a new database could not be made ({error})")
        try:
            kept = recovery.recover_into(backup, connection)
        except (sqlite3.Error, OSError) as error:
            kept = 0
            self.report(f"{self.path}: rows could not be read back from {backup.name} ({error}).")
        self.report(
            f"{self.path}: the database was damaged ({damage}). It was moved to {backup.name}, "
            f"untouched, and what could still be read was recovered into a new file: "
            f"{counted(kept, 'session')} kept."
        )
        return connection

    def _open_file(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
        )
        try:
            # The whole file is checked while that is quick; a larger one is checked as it is
            # read (its header and schema here), and damage found later is handled in `_run`.
            check = "quick_check" if _size(self.path) <= QUICK_CHECK_BYTES else "schema_version"
            verdict = connection.execute(f"PRAGMA {check}").fetchone()[0]
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if check == "quick_check" and verdict != "ok":
                raise _Damaged(verdict)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise sqlite3.OperationalError(
                    f"it was made by a newer handcue (schema {version}); update handcue to use it"
                )
            _use_wal(connection)
            if version < SCHEMA_VERSION:
                _migrate(connection)
            self._repair(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _repair(self, connection: sqlite3.Connection) -> None:
        """Make missing tables again; a table without the columns handcue needs is renamed
        aside (kept, never dropped) and made again."""
        missing: list[str] = []
        wrong: list[str] = []
        for table, needed in _COLUMNS.items():
            found = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
            if not found:
                missing.append(table)
            elif not needed <= found:
                wrong.append(table)
        if not missing and not wrong:
            return
        stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
        kept = {table: f"{table}_before_repair_{stamp}" for table in wrong}
        with _immediate(connection):
            for table, aside in kept.items():
                connection.execute(f'ALTER TABLE "{table}" RENAME TO "{aside}"')
            for statement in _SCHEMA:
                connection.execute(statement)
        said = [f"the {table} table was missing" for table in missing]
        said += [f"the {table} table lacked columns (kept as {kept[table]})" for table in wrong]
        self.report(f"{self.path}: {'; '.join(said)}; made again, empty.")

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
            self.report(
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

    def report(self, message: str) -> None:
        """Say `message` once: kept in `problems` and handed to `on_problem`."""
        if message not in self.problems:
            self.problems.append(message)
            if self.on_problem is not None:
                self.on_problem(message)


@contextlib.contextmanager
def _immediate(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once; rolled back on any failure, even an interrupt."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _create_schema(connection: sqlite3.Connection) -> None:
    with _immediate(connection):
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _use_wal(connection: sqlite3.Connection) -> None:
    """Write-ahead logging: readers never wait for a writer, and two handcue windows finishing
    at once both get their turn within the busy timeout. A file that cannot switch (read-only,
    or on a file system without shared memory) keeps its journal and works as before."""
    with contextlib.suppress(sqlite3.Error):
        connection.execute("PRAGMA journal_mode = WAL")


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the file up to `SCHEMA_VERSION`, each step in order, all in one transaction.

    The version is read again inside the transaction: another handcue may have just done it.
    """
    with _immediate(connection):
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            sessions = {row[1] for row in connection.execute("PRAGMA table_info(sessions)")}
            if sessions >= _SCHEMA_2_SESSIONS and "uid" not in sessions:
                for statement in _SESSIONS_TO_3:
                    connection.execute(statement)
            if version < 4:
                _add_reminders(connection)
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _add_reminders(connection: sqlite3.Connection) -> None:
    """Schema 3 to 4: the reminders table; nothing else changes."""
    for statement in _REMINDERS:
        connection.execute(statement)


def _is_damage(error: BaseException) -> bool:
    if isinstance(error, _Damaged):
        return True
    return getattr(error, "sqlite_errorcode", None) in _DAMAGED_CODES


def _is_busy(error: BaseException) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _BUSY_CODES
    return "database is locked" in str(error)
