"""A session as a row of the sessions table and back, by the one list of its columns in
`schema`; a row another program wrote wrongly is refused as a whole, never half read."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime

from handcue.storage.records import CheckIn, SessionRecord
from handcue.storage.schema import SESSION_NAMES

SELECTED = ", ".join(SESSION_NAMES)
"""Every column, in `SESSION_NAMES`' order, for `from_row`."""
_WRITTEN = tuple(name for name in SESSION_NAMES if name != "id")
_INSERT = f"INSERT INTO sessions ({', '.join(_WRITTEN)}) VALUES ({', '.join('?' * len(_WRITTEN))})"
PROGRESS = (
    "ended_at",
    "outcome",
    "played_seconds",
    "left_seconds",
    "right_seconds",
    "steps_done",
    "steps_skipped",
    "stopped_step",
    "stopped_title",
    "changed",
)
"""What changes as a session plays, written by `update`."""
_UPDATE = f"UPDATE sessions SET {', '.join(f'{name} = ?' for name in PROGRESS)} WHERE id = ?"


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _json(values: Mapping[str, float]) -> str | None:
    return json.dumps(dict(values), sort_keys=True) if values else None


def values(session: SessionRecord) -> dict[str, object]:
    """Every column's value for `session` (but its id)."""
    return {
        "uid": session.uid,
        "routine_id": session.routine_id,
        "routine_title": session.routine_title,
        "goals": f" {' '.join(session.goals)} " if session.goals else "",
        "fingerprint": session.fingerprint,
        "started_at": session.started.isoformat(),
        "day": session.day.isoformat(),
        "ended_at": _time(session.ended),
        "outcome": session.outcome,
        "played_seconds": float(session.played_seconds),
        "left_seconds": float(session.left_seconds),
        "right_seconds": float(session.right_seconds),
        "steps_done": session.steps_done,
        "steps_skipped": session.steps_skipped,
        "steps_total": session.steps_total,
        "stopped_step": session.stopped_step,
        "stopped_title": session.stopped_title,
        "pace": session.pace,
        "tweaks": _json(session.tweaks),
        "changed": _json(session.changed),
    }


def insert(db: sqlite3.Connection, session: SessionRecord) -> int:
    given = values(session)
    cursor = db.execute(_INSERT, [given[name] for name in _WRITTEN])
    assert cursor.lastrowid is not None
    write_checkins(db, cursor.lastrowid, session.checkins)
    return cursor.lastrowid


def update(db: sqlite3.Connection, ident: int, session: SessionRecord) -> None:
    given = values(session)
    db.execute(_UPDATE, [*(given[name] for name in PROGRESS), ident])
    write_checkins(db, ident, session.checkins)


def write_checkins(db: sqlite3.Connection, session_id: int, checkins: Sequence[CheckIn]) -> None:
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


def from_row(row: Sequence[object]) -> SessionRecord:
    """A row read with `SELECTED`."""
    r = dict(zip(SESSION_NAMES, row, strict=True))
    ident, routine_id, started, ended = r["id"], r["routine_id"], r["started_at"], r["ended_at"]
    left, right, played = r["left_seconds"], r["right_seconds"], r["played_seconds"]
    done, skipped = r["steps_done"], r["steps_skipped"]
    if not isinstance(routine_id, str) or not isinstance(started, str):
        raise ValueError("routine id and start time must be text")
    if ended is not None and not isinstance(ended, str):
        raise ValueError("end time must be text")
    for value in (left, right, played):
        if not isinstance(value, int | float):
            raise ValueError("seconds must be numbers")
    if not isinstance(done, int) or not isinstance(skipped, int) or not isinstance(ident, int):
        raise ValueError("step counts must be whole numbers")
    title, goals, pace = r["routine_title"], r["goals"], r["pace"]
    total, step, step_title = r["steps_total"], r["stopped_step"], r["stopped_title"]
    return SessionRecord(
        routine_id=routine_id,
        started=datetime.fromisoformat(started),
        ended=datetime.fromisoformat(ended) if ended else None,
        left_seconds=float(left),  # type: ignore[arg-type]
        right_seconds=float(right),  # type: ignore[arg-type]
        steps_done=done,
        steps_skipped=skipped,
        outcome=str(r["outcome"]),
        played_seconds=float(played),  # type: ignore[arg-type]
        routine_title=title if isinstance(title, str) else None,
        goals=tuple(goals.split()) if isinstance(goals, str) else (),
        fingerprint=r["fingerprint"] if isinstance(r["fingerprint"], str) else None,
        steps_total=total if isinstance(total, int) else None,
        stopped_step=step if isinstance(step, int) else None,
        stopped_title=step_title if isinstance(step_title, str) else None,
        pace=float(pace) if isinstance(pace, int | float) else None,
        tweaks=_seconds_map(r["tweaks"]),
        changed=_seconds_map(r["changed"]),
        uid=str(r["uid"]),
        id=ident,
    )
