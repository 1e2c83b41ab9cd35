"""Bringing a user database written by an earlier handcue up to `SCHEMA_VERSION`, and making
again a table that went missing.

Each step from one version to the next is a small function of its own, run in order inside the
one transaction of `migrate`: the file is brought up to date whole or not at all. The caller
copies the file aside, untouched, before either runs.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime

from handcue.storage.schema import (
    ACKNOWLEDGED_TEXTS,
    COLUMNS,
    REMINDERS,
    SCHEMA_VERSION,
    SESSIONS,
    TABLES,
)

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
"""The sessions table of schemas 1 and 2."""


@contextlib.contextmanager
def immediate(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once; rolled back on any failure, even an interrupt."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _to_2(connection: sqlite3.Connection) -> None:
    """Version 2: acknowledgements kept per text shown."""
    connection.execute(ACKNOWLEDGED_TEXTS)


def _to_3(connection: sqlite3.Connection) -> None:
    """Version 3: sessions with a uid, an outcome and a played time. Every row is copied, ids
    kept; a session without a finish time was stopped early, and as its played time is
    unknown, the longer hand's time stands for it."""
    found = {row[1] for row in connection.execute("PRAGMA table_info(sessions)")}
    if not (found >= _SCHEMA_2_SESSIONS and "uid" not in found):
        return
    connection.execute("ALTER TABLE sessions RENAME TO sessions_schema_2")
    connection.execute(SESSIONS)
    connection.execute(
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
        FROM sessions_schema_2 ORDER BY id"""
    )
    connection.execute("DROP TABLE sessions_schema_2")


def _to_4(connection: sqlite3.Connection) -> None:
    """Version 4: the reminders table; nothing else changes."""
    for statement in REMINDERS:
        connection.execute(statement)


STEPS: tuple[tuple[int, Callable[[sqlite3.Connection], None]], ...] = (
    (2, _to_2),
    (3, _to_3),
    (4, _to_4),
)
"""Each version with the step that reaches it from the one before, in order."""


def version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def create_schema(connection: sqlite3.Connection) -> None:
    with immediate(connection):
        for statement in TABLES:
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the file up to `SCHEMA_VERSION`, each step in order, all in one transaction.

    The version is read again inside the transaction: another handcue may have just done it.
    """
    with immediate(connection):
        found = version(connection)
        for target, step in STEPS:
            if found < target:
                step(connection)
        for statement in TABLES:
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def needs_repair(connection: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """The tables that are missing, and those without the columns handcue needs."""
    missing: list[str] = []
    wrong: list[str] = []
    for table, needed in COLUMNS.items():
        found = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if not found:
            missing.append(table)
        elif not needed <= found:
            wrong.append(table)
    return missing, wrong


def repair(connection: sqlite3.Connection, missing: list[str], wrong: list[str]) -> str:
    """Make missing tables again; a table without the columns handcue needs is renamed aside
    (kept, never dropped) and made again. Returns what was done, in words."""
    stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
    kept = {table: f"{table}_before_repair_{stamp}" for table in wrong}
    with immediate(connection):
        for table, aside in kept.items():
            connection.execute(f'ALTER TABLE "{table}" RENAME TO "{aside}"')
        for statement in TABLES:
            connection.execute(statement)
    said = [f"the {table} table was missing" for table in missing]
    said += [f"the {table} table lacked columns (kept as {kept[table]})" for table in wrong]
    return f"{'; '.join(said)}; made again, empty"
