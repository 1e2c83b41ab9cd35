"""A write-ahead log left beside the user database is checked before SQLite may apply it.

SQLite applies any `-wal` whose own checksums hold, whichever database wrote it: a log copied
from another folder (a sync tool, a restored backup), or an old log of this same file put back,
would overwrite the person's pages. So, before the file is opened, the database and its
`-wal`/`-shm` are copied aside untouched; the log is then applied to a scratch copy and compared,
row by row and table by table, with the file alone. It is kept only if the result passes
SQLite's check, still holds every session the file held, and takes none back: no ended session
playing again, no session with less time played. A log that fails is set aside, never applied;
one that changes anything the file held is applied, and the copy made before stays.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

from handcue.storage.atomic import backup_path, fsync_folder

WAL_HEADER_BYTES = 32
"""A log no longer than its header holds no pages to apply."""
SHM_DMS_BYTE = 128
"""The byte of the `-shm` every open connection holds a shared lock on (SQLite's os_unix.c)."""


def companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def copy_aside(path: Path, label: str) -> Path:
    """Copy the database and its `-wal`/`-shm`, byte for byte, to a timestamped name."""
    backup = backup_path(path, label)
    for suffix in ("-wal", "-shm"):
        source = companion(path, suffix)
        if source.exists():
            shutil.copyfile(source, companion(backup, suffix))
    shutil.copyfile(path, backup)
    fsync_folder(path.parent)
    return backup


def copy_before_check(path: Path) -> Path:
    return copy_aside(path, "before-check")


def remove_copy(copy: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            companion(copy, suffix).unlink()


def log_to_check(path: Path) -> bool:
    """True when a log with pages in it lies beside an existing database file."""
    log = companion(path, "-wal")
    try:
        return path.stat().st_size > 0 and log.stat().st_size > WAL_HEADER_BYTES
    except OSError:
        return False


def log_in_use(path: Path) -> bool:
    """True while a connection (this process's or another's) has the log open: it is that
    connection's own and must not be touched. Open-file-description locks see both, and asking
    needs only a read-only descriptor, so a `-shm` nobody may write is asked about too."""
    shm = companion(path, "-shm")
    command = getattr(fcntl, "F_OFD_GETLK", None)
    if command is None:
        return True  # cannot tell: never touch a log
    try:
        descriptor = os.open(shm, os.O_RDONLY)
    except OSError:
        return False
    try:
        answer = fcntl.fcntl(descriptor, command, _flock(fcntl.F_WRLCK))
        return bool(struct.unpack("hhqqi4x", answer)[0] != fcntl.F_UNLCK)
    except OSError:
        return True
    finally:
        os.close(descriptor)


def _flock(kind: int) -> bytes:
    """A `struct flock` for the one byte; pid 0 as open-file-description locks need."""
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, SHM_DMS_BYTE, 1, 0)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What applying the log would do to the file."""

    belongs: bool
    changes: bool = False
    """It changes or removes a row the file held (a crash's last saves do this too)."""
    reason: str = ""
    """Why it does not belong, in words."""


def check_log(path: Path) -> Verdict:
    """Apply the log to a scratch copy and compare every table with the file alone."""
    with tempfile.TemporaryDirectory(prefix="handcue-log-check-") as scratch:
        plain = Path(scratch) / "plain.sqlite3"
        applied = Path(scratch) / "applied.sqlite3"
        shutil.copyfile(path, plain)
        shutil.copyfile(path, applied)
        shutil.copyfile(companion(path, "-wal"), companion(applied, "-wal"))
        try:
            # Opened as a URI, so the ATTACH of the plain copy below is read as one too.
            connection = sqlite3.connect(applied.as_uri(), uri=True, isolation_level=None)
        except sqlite3.Error:
            return Verdict(False, reason="it cannot be read")
        try:
            return _compare(connection, plain)
        except sqlite3.Error as error:
            return Verdict(False, reason=f"it cannot be read ({error})")
        finally:
            connection.close()


def log_belongs(path: Path) -> bool:
    return check_log(path).belongs


def _compare(applied: sqlite3.Connection, plain: Path) -> Verdict:
    try:
        connection = sqlite3.connect(f"{plain.as_uri()}?mode=ro", uri=True)
        ok = connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        connection.close()
    except sqlite3.Error:
        ok = False
    if not ok:
        return Verdict(True)  # the file alone cannot be read: damage is handled when opened
    if applied.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        return Verdict(False, reason="the database with it applied fails SQLite's check")
    applied.execute("ATTACH DATABASE ? AS plain", (f"{plain.as_uri()}?mode=ro",))
    before = _tables(applied, "plain")
    after = _tables(applied, "main")
    if gone := sorted(set(before) - set(after)):
        return Verdict(False, reason=f"it would remove the {', '.join(gone)} table")
    if "sessions" in before and (reason := _sessions_taken_back(applied, before["sessions"])):
        return Verdict(False, reason=reason)
    changes = False
    for table, columns in before.items():
        shared = [column for column in columns if column in after[table]]
        names = ", ".join(f'"{column}"' for column in shared)
        lost = applied.execute(
            f'SELECT count(*) FROM (SELECT {names} FROM plain."{table}" '
            f'EXCEPT SELECT {names} FROM main."{table}")'
        ).fetchone()[0]
        changes = changes or bool(lost) or len(shared) < len(columns)
    return Verdict(True, changes=changes)


def _tables(connection: sqlite3.Connection, schema: str) -> dict[str, list[str]]:
    names = [
        str(row[0])
        for row in connection.execute(
            f"SELECT name FROM {schema}.sqlite_master "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: [str(row[1]) for row in connection.execute(f'PRAGMA {schema}.table_info("{name}")')]
        for name in names
    }


def _sessions_taken_back(connection: sqlite3.Connection, columns: list[str]) -> str | None:
    """Why the log takes a session back (lost, playing again, less played), or None."""
    key = "uid" if "uid" in columns else "id"
    lost = connection.execute(
        f"SELECT count(*) FROM plain.sessions WHERE {key} NOT IN (SELECT {key} FROM main.sessions)"
    ).fetchone()[0]
    if lost:
        return f"it would lose {lost} session{'s' if lost != 1 else ''}"
    if "outcome" in columns:
        reopened = connection.execute(
            "SELECT count(*) FROM plain.sessions AS p JOIN main.sessions AS m USING (uid) "
            "WHERE p.outcome != 'playing' AND m.outcome = 'playing'"
        ).fetchone()[0]
        if reopened:
            return "it would take an ended session back to 'playing' (an older log of this file)"
    if "played_seconds" in columns:
        shorter = connection.execute(
            f"SELECT count(*) FROM plain.sessions AS p JOIN main.sessions AS m USING ({key}) "
            "WHERE m.played_seconds < p.played_seconds"
        ).fetchone()[0]
        if shorter:
            return "it would take back time played (an older log of this file)"
    return None


def set_log_aside(path: Path) -> Path:
    """Rename the `-wal` and `-shm` to a timestamped name, so SQLite never sees them."""
    aside = backup_path(path, "foreign-log")
    for suffix in ("-wal", "-shm"):
        source = companion(path, suffix)
        if source.exists():
            source.replace(companion(aside, suffix))
    fsync_folder(path.parent)
    return companion(aside, "-wal")


def unwritable_companions(path: Path) -> list[Path]:
    """The `-wal` and `-shm` beside a file this process may write that it may not write
    itself: left by a handcue that opened the file while it was read-only, they would keep
    every write out after the file's permissions are fixed."""
    if not os.access(path, os.W_OK):
        return []
    return [
        companion(path, suffix)
        for suffix in ("-wal", "-shm")
        if companion(path, suffix).exists() and not os.access(companion(path, suffix), os.W_OK)
    ]


def clear_companions(path: Path, stuck: list[Path]) -> list[Path]:
    """Make the stuck companions writable again while nobody holds them open: a `-shm` (an
    index SQLite makes again from the log) or an empty `-wal` is removed, a log with pages in it
    is given the database's permissions. Returns those still stuck."""
    if log_in_use(path):
        return stuck
    left: list[Path] = []
    mode = path.stat().st_mode & 0o777
    for companion_path in stuck:
        try:
            if companion_path.name.endswith("-shm") or companion_path.stat().st_size == 0:
                companion_path.unlink()
            else:
                os.chmod(companion_path, mode)
        except OSError:
            left.append(companion_path)
    return left
