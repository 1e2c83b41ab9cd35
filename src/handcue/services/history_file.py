"""A history written to a file and read back: the export's format, and an import that trusts
nothing in the file.

Every session in a file to import is checked field by field: a value no handcue writes (deep
nesting, numbers past a day or 10,000, dates outside 1970-2100, broken characters) leaves that
session out and names it with its field, and the rest import.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from handcue.storage.history import CheckIn, SessionRecord

EXPORT_FORMAT = "handcue-history"
EXPORT_VERSION = 1
IMPORT_LIMIT = 256 * 1024 * 1024
"""Bytes read at most from a file to import: far beyond a lifetime of sessions."""


def session_dict(record: SessionRecord) -> dict[str, Any]:
    """A session as JSON: the same shape in `history --json` and in an export."""
    data = asdict(record)
    data.pop("id")
    # Outside the database the overall length has the one name it has everywhere else.
    data["length"] = data.pop("pace")
    data["started"] = record.started.isoformat()
    data["ended"] = record.ended.isoformat() if record.ended else None
    data["goals"] = list(record.goals)
    data["tweaks"] = dict(record.tweaks)
    data["changed"] = dict(record.changed)
    data["checkins"] = [asdict(checkin) for checkin in record.checkins]
    return data


def export_document(records: Sequence[SessionRecord], now: datetime) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": now.isoformat(),
        "sessions": [session_dict(record) for record in records],
    }


class NotAnExport(ValueError):
    """A file that is not a handcue history export; the message says why."""


@dataclass
class Imported:
    sessions: list[SessionRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One line per session left out, naming it by its place in the file."""


_FIELDS = {
    "routine_id": str,
    "left_seconds": float,
    "right_seconds": float,
    "steps_done": int,
    "steps_skipped": int,
}


MOST_SECONDS = 24 * 3600.0
"""No session, hand or step lasts longer than a day: a larger figure is not a session."""
MOST_COUNT = 10_000
"""Steps, counts and ratings above this are not from handcue."""
EARLIEST_YEAR, LATEST_YEAR = 1970, 2100
MOST_DIGITS = 18
"""An integer literal longer than this is refused before Python turns it into a number."""


class _OutOfRange:
    """A JSON number too large to be any field's value, or NaN/Infinity: every field refuses it."""

    def __init__(self, literal: str) -> None:
        self.literal = literal[:20]


def _int_literal(literal: str) -> int | _OutOfRange:
    return int(literal) if len(literal.lstrip("-")) <= MOST_DIGITS else _OutOfRange(literal)


def _float_literal(literal: str) -> float | _OutOfRange:
    value = float(literal)
    return value if math.isfinite(value) else _OutOfRange(literal)


def parse_export(text: str, name: str) -> Imported:
    """The sessions of an export; a session that does not make sense is left out and named."""
    try:
        document = json.loads(
            text.removeprefix("\ufeff"),
            parse_int=_int_literal,
            parse_float=_float_literal,
            parse_constant=_OutOfRange,
        )
    except json.JSONDecodeError as error:
        raise NotAnExport(
            f"{name}: not JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            "import a file made by 'handcue history --export'"
        ) from None
    except RecursionError:
        raise NotAnExport(
            f"{name}: nested too deep to be a history export; import a file made by "
            "'handcue history --export'"
        ) from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise NotAnExport(
            f'{name}: not a handcue history export (no "format": "{EXPORT_FORMAT}"); '
            "import a file made by 'handcue history --export'"
        )
    version = document.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise NotAnExport(
            f"{name}: made by a newer handcue (export version {version!r}); update handcue"
        )
    sessions = document.get("sessions")
    if not isinstance(sessions, list):
        raise NotAnExport(f'{name}: "sessions" must be a list')
    result = Imported()
    for number, item in enumerate(sessions, start=1):
        try:
            result.sessions.append(_session_from(item))
        except (TypeError, ValueError, KeyError, OverflowError, RecursionError) as error:
            result.problems.append(f"{name}: session {number} left out ({error})")
    return result


def _number(value: object, name: str, most: float = MOST_SECONDS) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number from 0 to {most:g}")
    number = float(value)
    if not 0.0 <= number <= most:
        raise ValueError(f"{name} must be a number from 0 to {most:g}")
    return number


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MOST_COUNT:
        raise ValueError(f"{name} must be a whole number from 0 to {MOST_COUNT}")
    return value


def _text(value: object, name: str, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name} holds a broken character (a lone surrogate)") from None
    return value


def _moment(value: object, name: str) -> datetime:
    text = _text(value, name, optional=False)
    assert text is not None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name} is not a date and time: {text[:40]!r}") from None
    if not EARLIEST_YEAR <= moment.year < LATEST_YEAR:
        raise ValueError(f"{name} must fall between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return moment


def _seconds_map(value: object, name: str) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be a mapping of step to seconds")
    return {
        str(_text(key, name, optional=False)): _number(seconds, name)
        for key, seconds in value.items()
    }


def _session_from(item: object) -> SessionRecord:
    if not isinstance(item, dict):
        raise ValueError("a session must be an object")
    checkins = item.get("checkins") or []
    if not isinstance(checkins, list):
        raise ValueError("checkins must be a list")
    goals = item.get("goals") or []
    if not isinstance(goals, list) or not all(isinstance(goal, str) for goal in goals):
        raise ValueError("goals must be a list of words")
    for goal in goals:
        _text(goal, "goals")
    ended = item.get("ended")
    pace = item.get("length", item.get("pace"))
    stopped_step = item.get("stopped_step")
    steps_total = item.get("steps_total")
    uid = _text(item.get("uid"), "uid")
    record = SessionRecord(
        routine_id=str(_text(item.get("routine_id"), "routine_id", optional=False)),
        started=_moment(item.get("started"), "started"),
        ended=None if ended is None else _moment(ended, "ended"),
        left_seconds=_number(item.get("left_seconds"), "left_seconds"),
        right_seconds=_number(item.get("right_seconds"), "right_seconds"),
        steps_done=_whole(item.get("steps_done"), "steps_done"),
        steps_skipped=_whole(item.get("steps_skipped"), "steps_skipped"),
        outcome=str(_text(item.get("outcome", "finished"), "outcome", optional=False)),
        played_seconds=_number(item.get("played_seconds", 0.0), "played_seconds"),
        routine_title=_text(item.get("routine_title"), "routine_title"),
        goals=tuple(goal for goal in goals if goal.strip() and " " not in goal),
        fingerprint=_text(item.get("fingerprint"), "fingerprint"),
        steps_total=None if steps_total is None else _whole(steps_total, "steps_total"),
        stopped_step=None if stopped_step is None else _whole(stopped_step, "stopped_step"),
        stopped_title=_text(item.get("stopped_title"), "stopped_title"),
        pace=None if pace is None else _number(pace, "length", most=MOST_COUNT),
        tweaks=_seconds_map(item.get("tweaks"), "tweaks"),
        changed=_seconds_map(item.get("changed"), "changed"),
        checkins=tuple(
            CheckIn(
                str(_text(c.get("moment"), "moment", optional=False)),
                str(_text(c.get("measure"), "measure", optional=False)),
                str(_text(c.get("hand", "both"), "hand", optional=False)),
                _whole(c.get("rating"), "rating"),
            )
            for c in checkins
            if isinstance(c, dict)
        ),
    )
    return replace(record, uid=uid) if uid else record


def read_export(path: Path) -> Imported:
    """The sessions of the export file at `path`: a regular file, read up to `IMPORT_LIMIT`."""
    from handcue.storage.files import read_regular

    data = read_regular(path, IMPORT_LIMIT)
    try:
        text = data.decode("utf-8-sig")  # Windows editors start a file with a BOM
    except UnicodeDecodeError as error:
        raise NotAnExport(
            f"{path}: not UTF-8 text (byte {error.start}); import a file made by "
            "'handcue history --export'"
        ) from None
    return parse_export(text, str(path))
