"""Session history: each session as played, its check-ins, and the sums a history view needs.

A session is written when it starts (outcome 'playing') and updated as it goes, by its `uid`,
so a crash or a kill leaves exactly one row, never a half-written one: each write is one
transaction. Sums (minutes per day, sessions per routine, ratings per routine) are computed by
SQLite over indexes, so a history of 100,000 sessions answers as fast as one of ten.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from handcue.storage.user_database import UserDatabase

OUTCOMES = ("finished", "stopped", "playing", "interrupted")
"""'playing' is a session still playing, or one whose process died before the next start
closes it as 'interrupted' with the time last saved (see `close_interrupted`)."""
_PLAYER = "playing-pid:"
"""The settings key, with the session's uid, holding the process id that plays it."""
HANDS = ("both", "left", "right")
MOMENTS = ("before", "after")

_COLUMNS = (
    "id, uid, routine_id, routine_title, goals, fingerprint, started_at, ended_at, outcome, "
    "played_seconds, left_seconds, right_seconds, steps_done, steps_skipped, steps_total, "
    "stopped_step, stopped_title, pace, tweaks, changed"
)


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One rating given before or after a session."""

    moment: str
    measure: str
    hand: str
    rating: int

    def __post_init__(self) -> None:
        if self.moment not in MOMENTS:
            raise ValueError(f"a check-in is 'before' or 'after', got {self.moment!r}")
        if self.hand not in HANDS:
            raise ValueError(f"a check-in's hand is one of {', '.join(HANDS)}, got {self.hand!r}")
        if not self.measure or len(self.measure) > 40:
            raise ValueError("a check-in needs the name of what was rated")
        if not isinstance(self.rating, int) or not 0 <= self.rating <= 10:
            raise ValueError(f"a rating is a whole number from 0 to 10, got {self.rating!r}")


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as played."""

    routine_id: str
    started: datetime
    """Local time with its offset."""
    ended: datetime | None
    """None while playing, or when handcue never got to say how it ended."""
    left_seconds: float
    """Time spent working on the left hand (two-handed steps count for both)."""
    right_seconds: float
    steps_done: int
    steps_skipped: int
    outcome: str = "finished"
    played_seconds: float = 0.0
    """Time spent playing, pauses excluded."""
    routine_title: str | None = None
    goals: tuple[str, ...] = ()
    """The routine's goals as it was played, so filters work after the routine is gone."""
    fingerprint: str | None = None
    """A digest of the steps as played: a different one means the routine was edited."""
    steps_total: int | None = None
    stopped_step: int | None = None
    """The step (from 0) the session was stopped in, when stopped early."""
    stopped_title: str | None = None
    pace: float | None = None
    """The routine's length as played over its length as written; None when as written."""
    tweaks: Mapping[str, float] = field(default_factory=dict)
    """Step number (from 1) to seconds, for steps played at a time of the person's own."""
    changed: Mapping[str, float] = field(default_factory=dict)
    """Step number to seconds, for steps lengthened or shortened during the session."""
    checkins: tuple[CheckIn, ...] = ()
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    """Stays with the session through export and import, so a merge never doubles it."""
    id: int | None = None
    """Set once the record is saved."""

    def __post_init__(self) -> None:
        if not self.routine_id:
            raise ValueError("a session needs the id of its routine")
        if self.started.tzinfo is None:
            raise ValueError("a session's start needs its offset from UTC")
        for name in ("left_seconds", "right_seconds", "played_seconds"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be 0 or more seconds, got {value!r}")
        if self.steps_done < 0 or self.steps_skipped < 0:
            raise ValueError("step counts cannot be negative")
        if self.ended is not None and self.ended < self.started:
            raise ValueError("a session cannot end before it started")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"a session's outcome is one of {', '.join(OUTCOMES)}")
        if self.pace is not None and not (math.isfinite(self.pace) and self.pace > 0):
            raise ValueError(f"a pace must be above 0, got {self.pace!r}")
        if not self.uid or len(self.uid) > 64:
            raise ValueError("a session needs an id of at most 64 characters")

    @property
    def day(self) -> date:
        """The local date it started on."""
        return self.started.date()

    def ratings(self, moment: str, measure: str) -> float | None:
        """The mean rating of `measure` at `moment` over the hands rated; None if not rated."""
        values = [c.rating for c in self.checkins if c.moment == moment and c.measure == measure]
        return sum(values) / len(values) if values else None


@dataclass(frozen=True, slots=True)
class Filter:
    """Which sessions: by routine, by goal (the goal played for, or the routine's today), since
    a day; None means any."""

    routine_ids: frozenset[str] | None = None
    goal: str | None = None
    goal_routines: frozenset[str] = frozenset()
    """Routines that serve `goal` today: a session played before goals were kept counts too."""
    since: date | None = None
    uids: frozenset[str] | None = None
    """Sessions by their `uid`: one session, to delete it."""

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        values: list[object] = []
        if self.routine_ids is not None:
            clauses.append(f"routine_id IN ({', '.join('?' * len(self.routine_ids))})")
            values.extend(sorted(self.routine_ids))
        if self.goal is not None:
            known = ", ".join("?" * len(self.goal_routines))
            clauses.append(
                f"(instr(goals, ?) > 0 OR routine_id IN ({known}))"
                if known
                else "instr(goals, ?) > 0"
            )
            values.append(f" {self.goal} ")
            values.extend(sorted(self.goal_routines))
        if self.since is not None:
            clauses.append("day >= ?")
            values.append(self.since.isoformat())
        if self.uids is not None:
            clauses.append(f"uid IN ({', '.join('?' * len(self.uids))})")
            values.extend(sorted(self.uids))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", values


ANY = Filter()


@dataclass(frozen=True, slots=True)
class RoutineUse:
    """How a routine has been used: sessions, the last start, minutes in all."""

    routine_id: str
    title: str | None
    sessions: int
    last: datetime
    seconds: float


@dataclass(frozen=True, slots=True)
class RatingStats:
    """Mean ratings before and after over `sessions` sessions of one routine, or one day."""

    group: str
    """The routine id, or the day as YYYY-MM-DD."""
    before: float
    after: float
    sessions: int


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

        pid = str(os.getpid())

        def insert(db: sqlite3.Connection) -> int:
            if session.outcome == "playing":
                db.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                    (_PLAYER + session.uid, pid),
                )
            return _insert(db, session)

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
                _insert(db, session)
                return
            db.execute(
                "UPDATE sessions SET ended_at = ?, outcome = ?, played_seconds = ?, "
                "left_seconds = ?, right_seconds = ?, steps_done = ?, steps_skipped = ?, "
                "stopped_step = ?, stopped_title = ?, changed = ? WHERE id = ?",
                (
                    _time(session.ended),
                    session.outcome,
                    float(session.played_seconds),
                    float(session.left_seconds),
                    float(session.right_seconds),
                    session.steps_done,
                    session.steps_skipped,
                    session.stopped_step,
                    session.stopped_title,
                    _json(session.changed),
                    row[0],
                ),
            )
            _write_checkins(db, row[0], session.checkins)

        self.database.write(change)

    def close_interrupted(self) -> int:
        """Mark 'interrupted' each 'playing' row whose process no longer runs (killed, a power
        cut), keeping the time it last saved; a row another window still plays stays."""

        def stale(db: sqlite3.Connection) -> list[str]:
            rows = db.execute(
                "SELECT uid, value FROM sessions LEFT JOIN settings ON key = ? || uid "
                "WHERE outcome = 'playing'",
                (_PLAYER,),
            ).fetchall()
            return [str(uid) for uid, pid in rows if not _running(pid)]

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
                    _insert(db, replace(session, id=None))
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
                f"SELECT {_COLUMNS} FROM sessions{clause} ORDER BY started_at DESC, id DESC{limit}",
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
                record = _from_row(row)
            except (TypeError, ValueError) as error:
                self._report(
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

    def _report(self, message: str) -> None:
        self.database.report(message)


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _json(values: Mapping[str, float]) -> str | None:
    return json.dumps(dict(values), sort_keys=True) if values else None


def _running(pid: object) -> bool:
    """Whether the process id saved for a playing row still runs (unknown: it does not)."""
    try:
        number = int(str(pid))
    except ValueError:
        return False
    if number <= 0:
        return False
    try:
        os.kill(number, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it runs, as another user
    return True


def _insert(db: sqlite3.Connection, session: SessionRecord) -> int:
    cursor = db.execute(
        "INSERT INTO sessions (uid, routine_id, routine_title, goals, fingerprint, started_at, "
        "day, ended_at, outcome, played_seconds, left_seconds, right_seconds, steps_done, "
        "steps_skipped, steps_total, stopped_step, stopped_title, pace, tweaks, changed) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            session.uid,
            session.routine_id,
            session.routine_title,
            f" {' '.join(session.goals)} " if session.goals else "",
            session.fingerprint,
            session.started.isoformat(),
            session.day.isoformat(),
            _time(session.ended),
            session.outcome,
            float(session.played_seconds),
            float(session.left_seconds),
            float(session.right_seconds),
            session.steps_done,
            session.steps_skipped,
            session.steps_total,
            session.stopped_step,
            session.stopped_title,
            session.pace,
            _json(session.tweaks),
            _json(session.changed),
        ),
    )
    assert cursor.lastrowid is not None
    _write_checkins(db, cursor.lastrowid, session.checkins)
    return cursor.lastrowid


def _write_checkins(db: sqlite3.Connection, session_id: int, checkins: Sequence[CheckIn]) -> None:
    db.execute("DELETE FROM checkins WHERE session_id = ?", (session_id,))
    db.executemany(
        "INSERT OR REPLACE INTO checkins (session_id, moment, measure, hand, rating) "
        "VALUES (?, ?, ?, ?, ?)",
        [(session_id, c.moment, c.measure, c.hand, c.rating) for c in checkins],
    )


def _seconds_map(text: object) -> dict[str, float]:
    if text is None or text == "":
        return {}
    if not isinstance(text, str):
        raise ValueError("step times must be text")
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("step times must be a mapping")
    return {str(key): float(seconds) for key, seconds in value.items()}


def _from_row(row: tuple[object, ...]) -> SessionRecord:
    (
        ident,
        uid,
        routine_id,
        title,
        goals,
        fingerprint,
        started,
        ended,
        outcome,
        played,
        left,
        right,
        done,
        skipped,
        total,
        stopped_step,
        stopped_title,
        pace,
        tweaks,
        changed,
    ) = row
    if not isinstance(routine_id, str) or not isinstance(started, str):
        raise ValueError("routine id and start time must be text")
    if ended is not None and not isinstance(ended, str):
        raise ValueError("end time must be text")
    for value in (left, right, played):
        if not isinstance(value, int | float):
            raise ValueError("seconds must be numbers")
    if not isinstance(done, int) or not isinstance(skipped, int) or not isinstance(ident, int):
        raise ValueError("step counts must be whole numbers")
    return SessionRecord(
        routine_id=routine_id,
        started=datetime.fromisoformat(started),
        ended=datetime.fromisoformat(ended) if ended else None,
        left_seconds=float(left),  # type: ignore[arg-type]
        right_seconds=float(right),  # type: ignore[arg-type]
        steps_done=done,
        steps_skipped=skipped,
        outcome=str(outcome),
        played_seconds=float(played),  # type: ignore[arg-type]
        routine_title=title if isinstance(title, str) else None,
        goals=tuple(goals.split()) if isinstance(goals, str) else (),
        fingerprint=fingerprint if isinstance(fingerprint, str) else None,
        steps_total=total if isinstance(total, int) else None,
        stopped_step=stopped_step if isinstance(stopped_step, int) else None,
        stopped_title=stopped_title if isinstance(stopped_title, str) else None,
        pace=float(pace) if isinstance(pace, int | float) else None,
        tweaks=_seconds_map(tweaks),
        changed=_seconds_map(changed),
        uid=str(uid),
        id=ident,
    )
