"""Session history: each session as played, its check-ins, and the sums a history view needs.

A session is written when it starts (outcome 'playing') and updated as it goes, by its `uid`,
so a crash or a kill leaves exactly one row, never a half-written one: each write is one
transaction. Sums (minutes per day, sessions per routine, ratings per routine) are computed by
SQLite over indexes, so a history of 100,000 sessions answers as fast as one of ten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from handcue.storage import players, session_rows
from handcue.storage.records import (
    ANY,
    HANDS,
    MOMENTS,
    OUTCOMES,
    CheckIn,
    Filter,
    RatingStats,
    RoutineUse,
    SessionRecord,
)
from handcue.storage.user_database import UserDatabase

__all__ = [
    "ANY",
    "HANDS",
    "MOMENTS",
    "OUTCOMES",
    "CheckIn",
    "Filter",
    "History",
    "RatingStats",
    "RoutineUse",
    "SessionRecord",
    "close_interrupted",
]

_PLAYER = "playing-pid:"
"""The settings key, with the session's uid, holding the process that plays it
(`players.Player`)."""


class History:
    """Sessions in the user database: written as they are played, read back newest first."""

    def __init__(self, database: UserDatabase | None = None) -> None:
        self.database = database or UserDatabase()

    @property
    def problems(self) -> list[str]:
        return self.database.problems

    # writing -------------------------------------------------------------------------------

    def record(self, session: SessionRecord) -> SessionRecord:
        """Save `session` whole (its check-ins too); returns it with its id, or as given when
        the write was queued for later."""
        player = players.this_process().text()

        def insert(db: sqlite3.Connection) -> int:
            if session.outcome == "playing":
                db.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                    (_PLAYER + session.uid, player),
                )
            return session_rows.insert(db, session)

        ident = self.database.write(insert)
        return replace(session, id=ident)

    def update(self, session: SessionRecord) -> None:
        """Write what `session` says now over the row with its uid (made by `record`); check-ins
        are replaced by the session's."""

        def change(db: sqlite3.Connection) -> None:
            if session.outcome != "playing":
                db.execute("DELETE FROM settings WHERE key = ?", (_PLAYER + session.uid,))
            row = db.execute("SELECT id FROM sessions WHERE uid = ?", (session.uid,)).fetchone()
            if row is None:
                session_rows.insert(db, session)
            else:
                session_rows.update(db, row[0], session)

        self.database.write(change)

    def close_interrupted(self, now: datetime | None = None) -> int:
        """Mark 'interrupted' each 'playing' row whose process is gone (killed, a power cut, a
        reboot, its id now another process's), keeping the time it last saved; a row another
        window still plays stays. Nothing is done to a file that cannot be written."""
        if not self.database.keeps_changes():
            return 0
        moment = now or datetime.now().astimezone()

        def stale(db: sqlite3.Connection) -> list[str]:
            rows = db.execute(
                "SELECT uid, started_at, value FROM sessions LEFT JOIN settings "
                "ON key = ? || uid WHERE outcome = 'playing'",
                (_PLAYER,),
            ).fetchall()
            found = []
            for uid, started, player in rows:
                try:
                    began = datetime.fromisoformat(str(started))
                except ValueError:
                    began = moment
                if began.tzinfo is None:
                    began = began.astimezone()
                if players.gone(players.Player.parse(player), began, moment):
                    found.append(str(uid))
            return found

        uids = self.database.read(stale)
        if not uids:
            return 0

        def close(db: sqlite3.Connection) -> None:
            for uid in uids:
                db.execute(
                    "UPDATE sessions SET outcome = 'interrupted' "
                    "WHERE uid = ? AND outcome = 'playing'",
                    (uid,),
                )
                db.execute("DELETE FROM settings WHERE key = ?", (_PLAYER + uid,))

        self.database.write(close)
        return len(uids)

    def import_sessions(self, sessions: Iterable[SessionRecord]) -> tuple[int, int]:
        """Add the sessions not already here (by uid, or by routine and start); returns how
        many were added and how many were already here."""
        batch = list(sessions)

        def merge(db: sqlite3.Connection) -> tuple[int, int]:
            added = known = 0
            for session in batch:
                found = db.execute(
                    "SELECT 1 FROM sessions WHERE uid = ? OR (routine_id = ? AND started_at = ?)",
                    (session.uid, session.routine_id, session.started.isoformat()),
                ).fetchone()
                if found:
                    known += 1
                else:
                    session_rows.insert(db, replace(session, id=None))
                    added += 1
            return added, known

        result = self.database.write(merge)
        return result if result is not None else (len(batch), 0)

    def forget(self, where: Filter = ANY) -> int:
        """Delete the sessions `where` selects, with their check-ins; returns how many."""
        clause, values = where.where()

        def delete(db: sqlite3.Connection) -> int:
            db.execute(
                f"DELETE FROM checkins WHERE session_id IN (SELECT id FROM sessions{clause})",
                values,
            )
            return int(db.execute(f"DELETE FROM sessions{clause}", values).rowcount)

        return self.database.write(delete) or 0

    # reading -------------------------------------------------------------------------------

    def count(self, where: Filter = ANY) -> int:
        clause, values = where.where()
        return int(
            self.database.read(
                lambda db: db.execute(f"SELECT count(*) FROM sessions{clause}", values).fetchone()
            )[0]
        )

    def recent(self, count: int | None = 20, where: Filter = ANY) -> list[SessionRecord]:
        """The last `count` sessions started (None: all), newest first, with their check-ins; a
        row that cannot be read is reported and left out rather than failing the whole list."""
        clause, values = where.where()
        limit = "" if count is None else f" LIMIT {max(0, int(count))}"

        def query(
            db: sqlite3.Connection,
        ) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
            rows = db.execute(
                f"SELECT {session_rows.SELECTED} FROM sessions{clause} ORDER BY started_at DESC, id DESC{limit}",
                values,
            ).fetchall()
            ids = [row[0] for row in rows]
            checkins: list[tuple[object, ...]] = []
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                checkins += db.execute(
                    "SELECT session_id, moment, measure, hand, rating FROM checkins "
                    f"WHERE session_id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            return rows, checkins

        rows, checkin_rows = self.database.read(query)
        by_session: dict[object, list[CheckIn]] = {}
        for session_id, moment, measure, hand, rating in checkin_rows:
            try:
                by_session.setdefault(session_id, []).append(
                    CheckIn(str(moment), str(measure), str(hand), rating)  # type: ignore[arg-type]
                )
            except (TypeError, ValueError):
                continue
        sessions: list[SessionRecord] = []
        for row in rows:
            try:
                record = session_rows.from_row(row)
            except (TypeError, ValueError) as error:
                self.database.report(
                    f"{self.database.path}: session {row[0]} left out of the history ({error})."
                )
                continue
            order = {moment: rank for rank, moment in enumerate(MOMENTS)}
            found = sorted(by_session.get(row[0], ()), key=lambda c: order[c.moment])
            sessions.append(replace(record, checkins=tuple(found)))
        return sessions

    def seconds_by_day(self, where: Filter = ANY) -> dict[date, float]:
        """Seconds played on each day that has a session."""
        clause, values = where.where()
        rows = self.database.read(
            lambda db: db.execute(
                f"SELECT day, sum(played_seconds) FROM sessions{clause} GROUP BY day", values
            ).fetchall()
        )
        days: dict[date, float] = {}
        for day, seconds in rows:
            try:
                days[date.fromisoformat(day)] = float(seconds or 0.0)
            except (TypeError, ValueError):
                continue
        return days

    def uses(self, where: Filter = ANY) -> dict[str, RoutineUse]:
        """Each routine's sessions, last start and time played."""
        clause, values = where.where()

        def query(db: sqlite3.Connection) -> list[tuple[object, ...]]:
            found = db.execute(
                "SELECT routine_id, count(*), max(started_at), sum(played_seconds) "
                f"FROM sessions{clause} GROUP BY routine_id",
                values,
            ).fetchall()
            # The title of each routine's latest session, through the index: a name
            # changes seldom, and this costs one lookup per routine, not one per session.
            return [
                (
                    routine_id,
                    db.execute(
                        "SELECT routine_title FROM sessions WHERE routine_id = ? "
                        "AND routine_title IS NOT NULL ORDER BY started_at DESC LIMIT 1",
                        (routine_id,),
                    ).fetchone(),
                    count,
                    last,
                    seconds,
                )
                for routine_id, count, last, seconds in found
            ]

        rows = self.database.read(query)
        uses: dict[str, RoutineUse] = {}
        for routine_id, title, count, last, seconds in rows:
            try:
                uses[str(routine_id)] = RoutineUse(
                    str(routine_id),
                    str(title[0]) if isinstance(title, tuple) and title[0] else None,
                    int(count),  # type: ignore[call-overload]
                    datetime.fromisoformat(str(last)),
                    float(seconds or 0),  # type: ignore[arg-type]
                )
            except (TypeError, ValueError):
                continue
        return uses

    def rating_stats(
        self, measure: str, by: str = "routine", where: Filter = ANY
    ) -> list[RatingStats]:
        """Mean ratings of `measure` before and after, over the sessions rated both times,
        grouped `by` "routine" or "day" (oldest first); hands are averaged within a session."""
        if by not in ("routine", "day"):
            raise ValueError(f"ratings are grouped by routine or day, not {by!r}")
        clause, values = where.where()
        key = "s.routine_id" if by == "routine" else "s.day"
        rows = self.database.read(
            lambda db: db.execute(
                f"SELECT {key}, avg(b.rating), avg(a.rating), count(*) FROM "
                "(SELECT session_id, avg(rating) AS rating FROM checkins "
                " WHERE measure = ? AND moment = 'before' GROUP BY session_id) AS b "
                "JOIN (SELECT session_id, avg(rating) AS rating FROM checkins "
                " WHERE measure = ? AND moment = 'after' GROUP BY session_id) AS a "
                "ON a.session_id = b.session_id "
                f"JOIN (SELECT id, routine_id, day FROM sessions{clause}) AS s "
                f"ON s.id = b.session_id GROUP BY {key} ORDER BY {key}",
                [measure, measure, *values],
            ).fetchall()
        )
        stats: list[RatingStats] = []
        for group, before, after, count in rows:
            if isinstance(group, str) and before is not None and after is not None:
                stats.append(RatingStats(group, float(before), float(after), int(count)))
        return stats

    def rated_measures(self) -> list[str]:
        """Every measure ever rated, most rated first."""
        rows = self.database.read(
            lambda db: db.execute(
                "SELECT measure FROM checkins GROUP BY measure ORDER BY count(*) DESC, measure"
            ).fetchall()
        )
        return [str(row[0]) for row in rows]

    # settings ------------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self.database.read(
            lambda db: db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        )
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        self.database.write(
            lambda db: db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        )


def close_interrupted(database: UserDatabase) -> int:
    """What a front end calls as it starts: every session left 'playing' by a process that is
    gone is closed as 'interrupted'; returns how many."""
    return History(database).close_interrupted()
