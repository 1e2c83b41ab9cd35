"""Opening the user database whatever state its file is in, and saying so once.

A damaged file is moved aside untouched and every row still readable is recovered into a new
one (`recovery`); a `-wal` that is not the file's own is set aside before SQLite can apply it
(`write_ahead_log`); the file and its companions are copied aside before a migration or a
repair. A file that cannot be written (read-only, its folder read-only, a full disk, made by a
newer handcue) is still read, through a read-only connection that writes nothing beside it,
and the person is told that nothing new can be kept. Only when nothing can be read is the data
kept in memory, and then an existing file is said to be unreadable, never empty.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handcue.core.wording import counted
from handcue.storage import migration, recovery, write_ahead_log
from handcue.storage.atomic import backup_path, fsync_folder
from handcue.storage.files import kind_of
from handcue.storage.schema import SCHEMA_VERSION

QUICK_CHECK_BYTES = 4 * 1024 * 1024
"""Files up to this size get SQLite's quick check on every open (a few milliseconds)."""
DAMAGED_CODES = {11, 26}
"""SQLITE_CORRUPT and SQLITE_NOTADB: the file itself is bad, not merely busy or unreadable."""
BUSY_CODES = {5, 6}
"""SQLITE_BUSY and SQLITE_LOCKED (and their extended codes): another connection holds a lock."""
COMPANIONS = ("-journal", "-wal", "-shm")
NOTHING_KEPT = "your history is read from it, but nothing new can be kept"


class Damaged(Exception):
    """The database file failed its integrity check."""


class NewerSchema(Exception):
    """The file was made by a newer handcue."""


@dataclass
class Opened:
    """A connection and what it can do."""

    connection: sqlite3.Connection
    read_only: str | None = None
    """Why nothing can be written to the file, when it cannot."""
    in_memory: bool = False
    unreadable: str | None = None
    """Why an existing file could not be read at all (its data is then not shown)."""
    scratch: tempfile.TemporaryDirectory[str] | None = None
    """A private copy being read, removed when the connection closes."""


def one_line(text: object, limit: int = 200) -> str:
    """SQLite's messages (a quick check's report) span lines; a notice is one line."""
    flat = re.sub(r"\s+", " ", str(text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def is_damage(error: BaseException) -> bool:
    if isinstance(error, Damaged):
        return True
    return getattr(error, "sqlite_errorcode", None) in DAMAGED_CODES


def is_busy(error: BaseException) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in BUSY_CODES
    return "database is locked" in str(error)


def check(connection: sqlite3.Connection, path: Path) -> int:
    """Check the file (wholly while that is quick, else its header and schema) and return its
    schema version; `Damaged` when it fails."""
    size = _size(path)
    kind = "quick_check" if size <= QUICK_CHECK_BYTES else "schema_version"
    verdict = connection.execute(f"PRAGMA {kind}").fetchone()[0]
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if kind == "quick_check" and verdict != "ok":
        raise Damaged(one_line(verdict))
    return migration.version(connection)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _use_wal(connection: sqlite3.Connection) -> None:
    """Write-ahead logging: readers never wait for a writer, and two handcue windows finishing
    at once both get their turn within the busy timeout."""
    with contextlib.suppress(sqlite3.Error):
        connection.execute("PRAGMA journal_mode = WAL")


class Opener:
    """Opens one database file, reporting each thing it found once through `report`."""

    def __init__(self, path: Path, busy_timeout: float, report: Callable[[str], None]) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self.report = report

    def open(self) -> Opened:
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return self.memory(f"{path.parent}: folder could not be made ({error.strerror})")
        try:
            mode = path.stat().st_mode
        except OSError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            reason = f"{path}: it is {kind_of(mode)}, not a database file"
            return self.memory(reason, unreadable=reason)
        if mode is not None and not os.access(path, os.R_OK):
            reason = f"{path}: it cannot be read (permission denied)"
            return self.memory(reason, unreadable=reason)
        if mode is None and not os.access(path.parent, os.W_OK):
            return self.memory(
                f"{path.parent}: the folder is read-only, so {path.name} cannot be made"
            )
        blocked = self._stuck_companions()
        ignore_log, refused = self._check_log()
        unwritable = refused or blocked or self._unwritable()
        if unwritable:
            return self.read_only(unwritable, ignore_log=ignore_log)
        try:
            return Opened(self._open_file())
        except NewerSchema as newer:
            return self.read_only(
                f"it was made by a newer handcue (schema {newer}); update handcue to add to it"
            )
        except (sqlite3.Error, Damaged, OSError) as error:
            if is_busy(error):
                raise
            if is_damage(error):
                return self.open_aside(error)
            return self.read_only(f"it cannot be written ({one_line(error)})")

    # what may be written -------------------------------------------------------------------

    def _unwritable(self) -> str | None:
        if not os.access(self.path.parent, os.W_OK):
            return "its folder is read-only"
        if self.path.exists() and not os.access(self.path, os.W_OK):
            return "the file is read-only"
        return None

    def _stuck_companions(self) -> str | None:
        """A `-wal`/`-shm` left read-only (as SQLite makes them for a read-only file) blocks
        every write once the file's permissions are fixed: cleared while nobody holds it."""
        stuck = write_ahead_log.unwritable_companions(self.path)
        if not stuck:
            return None
        left = write_ahead_log.clear_companions(self.path, stuck)
        if not left:
            return None
        names = " and ".join(path.name for path in left)
        return (
            f"{names} beside it cannot be written (left read-only while the database was); "
            f"once no handcue is open, make {'them' if len(left) > 1 else 'it'} writable or "
            "remove the -shm"
        )

    def _check_log(self) -> tuple[bool, str | None]:
        """Keep a log SQLite would apply only if it belongs to this file; returns whether to
        read without the log, and why nothing can be written when it could not be set aside."""
        path = self.path
        if not write_ahead_log.log_to_check(path) or write_ahead_log.log_in_use(path):
            return False, None
        try:
            copy: Path | None = write_ahead_log.copy_before_check(path)
        except OSError:
            copy = None
        try:
            verdict = write_ahead_log.check_log(path)
        except OSError:
            verdict = write_ahead_log.Verdict(True)  # no scratch copy: opened as usual
        if verdict.belongs:
            if copy is not None and not verdict.changes:
                write_ahead_log.remove_copy(copy)
            elif copy is not None:
                self.report(
                    f"{path}: the write-ahead log beside it held changes not yet in the file "
                    f"(the last saves before handcue stopped) and was applied; the files as "
                    f"they were are in {copy.name}."
                )
            return False, None
        refused = f"the write-ahead log beside it (-wal) does not belong to it ({verdict.reason})"
        if copy is None:
            return True, f"{refused} and could not be set aside, so it is left unapplied"
        try:
            aside = write_ahead_log.set_log_aside(path)
        except OSError as error:
            return (
                True,
                f"{refused} and could not be set aside ({error.strerror}); it is left unapplied",
            )
        self.report(
            f"{path}: the write-ahead log beside it (-wal) did not belong to this database "
            f"({verdict.reason}), so it was set aside as {aside.name} and not applied; the "
            f"files as they were are in {copy.name}."
        )
        return False, None

    # opening -------------------------------------------------------------------------------

    def _connect(self, target: str | Path, uri: bool = False) -> sqlite3.Connection:
        return sqlite3.connect(
            target,
            uri=uri,
            timeout=self.busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )

    def _open_file(self) -> sqlite3.Connection:
        connection = self._connect(self.path)
        try:
            version = check(connection, self.path)
            if version > SCHEMA_VERSION:
                raise NewerSchema(version)
            fresh = not connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            current = version == SCHEMA_VERSION
            missing, wrong = migration.needs_repair(connection) if current else ([], [])
            copy = None
            if not fresh and (not current or missing or wrong):
                # Whatever changes the file's tables starts from an untouched copy.
                label = "before-migration" if version < SCHEMA_VERSION else "before-repair"
                copy = write_ahead_log.copy_aside(self.path, label)
            _use_wal(connection)
            if version < SCHEMA_VERSION:
                migration.migrate(connection)
                missing, wrong = migration.needs_repair(connection)
            if missing or wrong:
                done = migration.repair(connection, missing, wrong)
                kept = f"; the file as it was is kept as {copy.name}" if copy else ""
                self.report(f"{self.path}: {done}{kept}.")
        except BaseException:
            connection.close()
            raise
        return connection

    def read_only(self, reason: str, *, ignore_log: bool = False) -> Opened:
        """Read the file without writing anything beside it; say once why nothing can be kept."""
        path = self.path
        try:
            connection, scratch = self._read_only_connection(ignore_log)
        except (sqlite3.Error, Damaged, OSError) as error:
            if is_busy(error):
                raise
            if is_damage(error):
                return self._recover_in_memory(reason, error)
            unread = f"{path}: {reason}, and it could not be read ({one_line(error)})"
            return self.memory(unread, unreadable=unread)
        self.report(f"{path}: {reason}; {NOTHING_KEPT} (sessions played, precautions accepted).")
        return Opened(connection, read_only=reason, scratch=scratch)

    def _read_only_connection(
        self, ignore_log: bool
    ) -> tuple[sqlite3.Connection, tempfile.TemporaryDirectory[str] | None]:
        path = self.path
        live_log = write_ahead_log.log_to_check(path) or write_ahead_log.log_in_use(path)
        # Immutable: nothing is made beside the file (no -shm a later write would trip on).
        query = "mode=ro" if live_log and not ignore_log else "immutable=1"
        try:
            connection = self._connect(f"{path.resolve().as_uri()}?{query}", uri=True)
        except sqlite3.Error:
            connection = None
        if connection is not None:
            try:
                check(connection, path)
                return connection, None
            except Damaged:
                connection.close()
                raise
            except sqlite3.Error as error:
                connection.close()
                if is_busy(error) or is_damage(error):
                    raise
        # The log needs a -shm that cannot be made here: read a private copy of both.
        scratch = tempfile.TemporaryDirectory(prefix="handcue-read-")
        try:
            copy = Path(scratch.name) / path.name
            shutil.copyfile(path, copy)
            log = write_ahead_log.companion(path, "-wal")
            if not ignore_log and log.exists():
                shutil.copyfile(log, write_ahead_log.companion(copy, "-wal"))
            connection = self._connect(copy)
            check(connection, copy)
        except BaseException:
            scratch.cleanup()
            raise
        return connection, scratch

    def _recover_in_memory(self, reason: str, damage: BaseException) -> Opened:
        """A damaged file that cannot be moved aside: what can be read, read into memory."""
        opened = self.memory("")
        try:
            kept = recovery.recover_into(self.path, opened.connection)
        except (sqlite3.Error, OSError):
            kept = 0
        self.report(
            f"{self.path}: {reason}, and it is damaged ({one_line(damage)}); "
            f"{counted(kept, 'session')} could be read from it, and nothing new can be kept."
        )
        opened.read_only = reason
        return opened

    def open_aside(self, damage: BaseException) -> Opened:
        """Move the damaged file aside, say so once, and start a new one."""
        try:
            backup = self._move_aside()
        except OSError as error:
            return self._recover_in_memory(
                f"it could not be moved aside ({error.strerror})", damage
            )
        try:
            connection = self._open_file()
        except (sqlite3.Error, Damaged, NewerSchema, OSError) as error:
            if is_busy(error):
                raise
            return self.memory(f"{self.path}: a new database could not be made ({one_line(error)})")
        try:
            kept = recovery.recover_into(backup, connection)
        except (sqlite3.Error, OSError) as error:
            kept = 0
            self.report(
                f"{self.path}: rows could not be read back from {backup.name} ({one_line(error)})."
            )
        self.report(
            f"{self.path}: the database was damaged ({one_line(damage)}). It was moved to "
            f"{backup.name}, untouched, and what could still be read was recovered into a new "
            f"file: {counted(kept, 'session')} kept."
        )
        return Opened(connection)

    def _move_aside(self) -> Path:
        backup = backup_path(self.path, "corrupt")
        for suffix in COMPANIONS:
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                companion.replace(backup.with_name(backup.name + suffix))
        self.path.replace(backup)
        fsync_folder(self.path.parent)
        return backup

    def memory(self, reason: str, unreadable: str | None = None) -> Opened:
        if reason:
            self.report(
                f"{reason}. Precautions acknowledged and sessions played are kept only until "
                "handcue closes; check that the folder exists and is writable."
            )
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migration.create_schema(connection)
        return Opened(connection, in_memory=True, unreadable=unreadable)
