"""Rows read back from a damaged database, so one bad page costs only the rows on it.

The `sqlite3` program's `.recover` reads every page it can; it is used when present and
working (some builds lack the page reader it needs and print nothing useful), and the rows it
could not place (its `lost_and_found` table) are put back where their shape says they belong.
Otherwise each table is read in rowid order, and a read that meets damage starts again past it,
further and further on, so the rows after a bad page are kept too. Last, sessions under a
damaged interior page, which no read through the table reaches, are read from the leaf pages
themselves (`page_scan`).
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from handcue.storage import page_scan
from handcue.storage.schema import SESSION_NAMES

RECOVER_TIMEOUT = 120.0
"""Seconds the `sqlite3` program may take; a larger file is still read row by row after."""
MAX_JUMPS = 64
"""Tries past one damaged stretch of a table, each twice as far as the last."""


def recover_into(damaged: Path, connection: sqlite3.Connection) -> int:
    """Copy every readable row of `damaged` into `connection`'s tables of the same name and
    columns (rows already there are kept); returns the number of sessions it then holds."""
    with tempfile.TemporaryDirectory(prefix="handcue-recover-") as scratch:
        copy = Path(scratch) / "damaged.sqlite3"
        for suffix in ("", "-wal"):
            original = damaged.with_name(damaged.name + suffix)
            if original.exists():
                shutil.copyfile(original, copy.with_name(copy.name + suffix))
        return _recover_copy(copy, connection)


def _recover_copy(damaged: Path, connection: sqlite3.Connection) -> int:
    """`recover_into` on a scratch copy, so the original stays exactly as it was found."""
    source = _recovered_by_program(damaged) or damaged
    try:
        reader = sqlite3.connect(source, isolation_level=None)
    except sqlite3.Error:
        return 0
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for table in _tables(reader):
                _copy_table(reader, connection, table)
            for rowid, values in _lost_and_found(reader):
                _put_session(connection, rowid, values)
            for rowid, values in _scanned(damaged):
                _put_session(connection, rowid, values)
            connection.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise
    finally:
        reader.close()
    return int(connection.execute("SELECT count(*) FROM sessions").fetchone()[0])


def _recovered_by_program(damaged: Path) -> Path | None:
    program = shutil.which("sqlite3")
    if program is None:
        return None
    target = damaged.with_name(damaged.name + ".recovering")
    target.unlink(missing_ok=True)
    try:
        dump = subprocess.run(
            [program, str(damaged), ".recover"],
            capture_output=True,
            timeout=RECOVER_TIMEOUT,
            check=False,
        ).stdout
        if not dump.rstrip().endswith(b"COMMIT;"):
            return None  # this build cannot recover: read row by row instead
        loaded = subprocess.run(
            [program, str(target)], input=dump, capture_output=True, timeout=RECOVER_TIMEOUT
        )
    except (OSError, subprocess.SubprocessError):
        target.unlink(missing_ok=True)
        return None
    if loaded.returncode != 0:
        target.unlink(missing_ok=True)
        return None
    return target


def _tables(reader: sqlite3.Connection) -> list[str]:
    try:
        rows = reader.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    except sqlite3.Error:
        return ["sessions", "checkins", "acknowledgements", "acknowledged_texts", "settings"]
    return [str(row[0]) for row in rows]


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    with contextlib.suppress(sqlite3.Error):
        return [str(row[1]) for row in connection.execute(f'PRAGMA table_info("{table}")')]
    return []


def _copy_table(reader: sqlite3.Connection, writer: sqlite3.Connection, table: str) -> None:
    wanted = set(_columns(writer, table))
    columns = [column for column in _columns(reader, table) if column in wanted]
    if not columns:
        return
    names = ", ".join(f'"{column}"' for column in columns)
    insert = f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    for row in _readable_rows(reader, table, names):
        with contextlib.suppress(sqlite3.Error):
            writer.execute(insert, row)


def _readable_rows(reader: sqlite3.Connection, table: str, names: str) -> list[tuple[object, ...]]:
    """Rows in rowid order; past a damaged stretch the read starts again further on."""
    kept: list[tuple[object, ...]] = []
    after = -(2**63)
    jump = 1
    jumps = 0
    while jumps <= MAX_JUMPS:
        try:
            cursor = reader.execute(
                f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid', (after,)
            )
            for row in cursor:
                after = int(row[0])
                kept.append(tuple(row[1:]))
                jump = 1
                jumps = 0
            return kept
        except sqlite3.OperationalError as error:
            if "rowid" in str(error):  # a table without rowids: whatever one read gives
                return _all_rows(reader, table, names)
            if after == -(2**63):
                after = 0
            after += jump
            jump *= 2
            jumps += 1
        except sqlite3.Error:
            if after == -(2**63):
                after = 0
            after += jump
            jump *= 2
            jumps += 1
    return kept


def _all_rows(reader: sqlite3.Connection, table: str, names: str) -> list[tuple[object, ...]]:
    kept: list[tuple[object, ...]] = []
    with contextlib.suppress(sqlite3.Error):
        for row in reader.execute(f'SELECT {names} FROM "{table}"'):
            kept.append(tuple(row))
    return kept


def _lost_and_found(reader: sqlite3.Connection) -> list[tuple[int, list[object]]]:
    """Rows `.recover` found on pages it could not tie to a table, as (rowid, values)."""
    found: list[tuple[int, list[object]]] = []
    for table in _tables(reader):
        if not table.startswith("lost_and_found"):
            continue
        columns = _columns(reader, table)
        values = [f"c{index}" for index in range(len(SESSION_NAMES))]
        if not {"nfield", "id", *values} <= set(columns):
            continue
        names = ", ".join(f'"{name}"' for name in ["id", *values])
        with contextlib.suppress(sqlite3.Error):
            for row in reader.execute(
                f'SELECT {names} FROM "{table}" WHERE nfield = ?', (len(SESSION_NAMES),)
            ):
                if isinstance(row[0], int):
                    found.append((row[0], list(row[1:])))
    return found


def _scanned(damaged: Path) -> list[tuple[int, list[object]]]:
    try:
        return [
            (rowid, values)
            for rowid, values in page_scan.table_rows(damaged)
            if len(values) == len(SESSION_NAMES)
        ]
    except (OSError, ValueError):
        return []


def _put_session(writer: sqlite3.Connection, rowid: int, values: list[object]) -> None:
    """A session row found outside its table, added unless its uid is already there."""
    row = dict(zip(SESSION_NAMES, values, strict=True))
    if not all(isinstance(row[name], str) for name in ("uid", "routine_id", "started_at", "day")):
        return
    if writer.execute("SELECT 1 FROM sessions WHERE uid = ?", (row["uid"],)).fetchone():
        return
    taken = writer.execute("SELECT 1 FROM sessions WHERE id = ?", (rowid,)).fetchone()
    row["id"] = None if taken else rowid
    names = ", ".join(SESSION_NAMES)
    with contextlib.suppress(sqlite3.Error):
        writer.execute(
            f"INSERT INTO sessions ({names}) VALUES ({', '.join('?' * len(SESSION_NAMES))})",
            [row[name] for name in SESSION_NAMES],
        )
