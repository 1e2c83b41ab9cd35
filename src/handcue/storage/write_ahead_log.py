"""A write-ahead log left beside the user database is checked before SQLite may apply it.

SQLite applies any `-wal` whose own checksums hold, whichever database wrote it: a log copied
from another folder (a sync tool, a restored backup) would overwrite the person's pages. So,
before the file is opened, the database and its `-wal`/`-shm` are copied aside untouched; the
log is then applied to a scratch copy, and kept only if the result passes SQLite's check and
still holds every session the file held without it. A log that fails is set aside, never
applied.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import struct
import tempfile
from pathlib import Path

from handcue.storage.atomic import backup_path, fsync_folder

WAL_HEADER_BYTES = 32
"""A log no longer than its header holds no pages to apply."""
SHM_DMS_BYTE = 128
"""The byte of the `-shm` every open connection holds a shared lock on (SQLite's os_unix.c)."""


def companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def copy_before_check(path: Path) -> Path:
    """Copy the database and its `-wal`/`-shm`, byte for byte, to a timestamped name."""
    backup = backup_path(path, "before-check")
    for suffix in ("-wal", "-shm"):
        source = companion(path, suffix)
        if source.exists():
            shutil.copyfile(source, companion(backup, suffix))
    shutil.copyfile(path, backup)
    fsync_folder(path.parent)
    return backup


def log_to_check(path: Path) -> bool:
    """True when a log with pages in it lies beside an existing database file."""
    log = companion(path, "-wal")
    try:
        return path.stat().st_size > 0 and log.stat().st_size > WAL_HEADER_BYTES
    except OSError:
        return False


def log_in_use(path: Path) -> bool:
    """True while a connection (this process's or another's) has the log open: it is that
    connection's own and must not be touched. Open-file-description locks see both."""
    shm = companion(path, "-shm")
    command = getattr(fcntl, "F_OFD_SETLK", None)
    if command is None:
        return True  # cannot tell: never set a log aside
    try:
        descriptor = os.open(shm, os.O_RDWR)
    except OSError:
        return False
    try:
        lock = _flock(fcntl.F_WRLCK)
        fcntl.fcntl(descriptor, command, lock)
        fcntl.fcntl(descriptor, command, _flock(fcntl.F_UNLCK))
        return False
    except OSError:
        return True
    finally:
        os.close(descriptor)


def _flock(kind: int) -> bytes:
    """A `struct flock` for the one byte; pid 0 as open-file-description locks need."""
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, SHM_DMS_BYTE, 1, 0)


def log_belongs(path: Path) -> bool:
    """Apply the log to a scratch copy; it belongs if nothing the file held is lost by it."""
    with tempfile.TemporaryDirectory(prefix="handcue-log-check-") as scratch:
        plain = Path(scratch) / "plain.sqlite3"
        applied = Path(scratch) / "applied.sqlite3"
        shutil.copyfile(path, plain)
        shutil.copyfile(path, applied)
        shutil.copyfile(companion(path, "-wal"), companion(applied, "-wal"))
        before = _sessions(plain)
        if before is None:
            return True  # the file alone cannot be read: damage is handled when it is opened
        after = _sessions(applied)
        return after is not None and before <= after


def set_log_aside(path: Path) -> Path:
    """Rename the `-wal` and `-shm` to a timestamped name, so SQLite never sees them."""
    aside = backup_path(path, "foreign-log")
    for suffix in ("-wal", "-shm"):
        source = companion(path, suffix)
        if source.exists():
            source.replace(companion(aside, suffix))
    fsync_folder(path.parent)
    return companion(aside, "-wal")


def _sessions(path: Path) -> set[str] | None:
    """The session ids in a scratch copy, or None if it fails SQLite's check."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return None
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "sessions" not in tables:
            return set()
        columns = {row[1] for row in connection.execute("PRAGMA table_info(sessions)")}
        key = "uid" if "uid" in columns else "id"
        return {str(row[0]) for row in connection.execute(f"SELECT {key} FROM sessions")}
    except sqlite3.Error:
        return None
    finally:
        with contextlib.suppress(sqlite3.Error):
            connection.close()
