"""The user database's tables, written down once: what is made, and what handcue needs to find.

`SESSION_COLUMNS` is the one list of a session's columns; the table, the reads and the writes
of `session_rows` are all made from it.
"""

from __future__ import annotations

SCHEMA_VERSION = 4
"""`PRAGMA user_version` of a file this handcue made; `migration` brings older ones up to it."""

SESSION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "INTEGER PRIMARY KEY AUTOINCREMENT"),
    ("uid", "TEXT NOT NULL UNIQUE"),
    ("routine_id", "TEXT NOT NULL"),
    ("routine_title", "TEXT"),
    ("goals", "TEXT NOT NULL DEFAULT ''"),
    ("fingerprint", "TEXT"),
    ("started_at", "TEXT NOT NULL"),
    ("day", "TEXT NOT NULL"),
    ("ended_at", "TEXT"),
    ("outcome", "TEXT NOT NULL DEFAULT 'finished'"),
    ("played_seconds", "REAL NOT NULL DEFAULT 0"),
    ("left_seconds", "REAL NOT NULL"),
    ("right_seconds", "REAL NOT NULL"),
    ("steps_done", "INTEGER NOT NULL"),
    ("steps_skipped", "INTEGER NOT NULL"),
    ("steps_total", "INTEGER"),
    ("stopped_step", "INTEGER"),
    ("stopped_title", "TEXT"),
    ("pace", "REAL"),
    ("tweaks", "TEXT"),
    ("changed", "TEXT"),
)
"""Version 3: each session is written when it starts and again as it goes, so a crash leaves
one row with outcome 'playing'; `day` is the local date it started, for calendars."""
SESSION_NAMES = tuple(name for name, _ in SESSION_COLUMNS)

SESSIONS = (
    "CREATE TABLE IF NOT EXISTS sessions (\n    "
    + ",\n    ".join(f"{name} {declared}" for name, declared in SESSION_COLUMNS)
    + "\n)"
)
ACKNOWLEDGEMENTS = """CREATE TABLE IF NOT EXISTS acknowledgements (
    routine_id TEXT PRIMARY KEY,
    cautions TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL
)"""
ACKNOWLEDGED_TEXTS = """CREATE TABLE IF NOT EXISTS acknowledged_texts (
    routine_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (routine_id, digest)
)"""
"""Version 2: one row per text acknowledged, so what is new since can be marked."""
CHECKINS = """CREATE TABLE IF NOT EXISTS checkins (
    session_id INTEGER NOT NULL,
    moment TEXT NOT NULL,
    measure TEXT NOT NULL,
    hand TEXT NOT NULL DEFAULT 'both',
    rating INTEGER NOT NULL,
    PRIMARY KEY (session_id, moment, measure, hand)
) WITHOUT ROWID"""
SETTINGS = """CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
)"""

REMINDERS = (
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
"""Version 4: each break reminder offered, and what was done with it (`storage.reminders`)."""

TABLES = (
    ACKNOWLEDGEMENTS,
    ACKNOWLEDGED_TEXTS,
    SESSIONS,
    "CREATE INDEX IF NOT EXISTS sessions_by_day ON sessions (day, played_seconds)",
    "CREATE INDEX IF NOT EXISTS sessions_by_routine_time "
    "ON sessions (routine_id, started_at, played_seconds)",
    "CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions (started_at, routine_id)",
    CHECKINS,
    "CREATE INDEX IF NOT EXISTS checkins_by_rating "
    "ON checkins (measure, moment, session_id, rating)",
    SETTINGS,
    *REMINDERS,
)
"""Every statement that makes the current schema; each is harmless when its object exists."""

COLUMNS: dict[str, frozenset[str]] = {
    "acknowledgements": frozenset({"routine_id", "cautions", "acknowledged_at"}),
    "acknowledged_texts": frozenset({"routine_id", "digest"}),
    "sessions": frozenset(SESSION_NAMES),
    "checkins": frozenset({"session_id", "moment", "measure", "hand", "rating"}),
    "settings": frozenset({"key", "value"}),
    "reminders": frozenset(
        {
            "id",
            "offered_at",
            "day",
            "routine_id",
            "routine_title",
            "outcome",
            "snoozes",
            "answered_at",
            "session_uid",
        }
    ),
}
"""What each table must have for handcue to use it; checked every time the file is opened."""
