"""Schema 4 adds the reminders table and nothing else: a schema 3 file keeps every row; the
reminders read back per day; one reminder loop per database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from support.children import Children
from support.sessions import session_record

from handcue.storage.history import History
from handcue.storage.reminders import Reminders, loop_lock
from handcue.storage.user_database import SCHEMA_VERSION, UserDatabase

NOON = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_a_schema_3_file_gains_the_table_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "handcue.sqlite3"
    database = UserDatabase(path)
    History(database).record(session_record("desk-break", NOON))
    History(database).set_setting("checkins", "off")
    database.close()
    with sqlite3.connect(path) as raw:  # as handcue with schema 3 left it
        raw.execute("DROP TABLE reminders")
        raw.execute("PRAGMA user_version = 3")
        sessions = raw.execute("SELECT * FROM sessions").fetchall()
    database = UserDatabase(path)
    store = Reminders(database)
    assert store.offer(NOON, "desk-break", "Desk break") == 1
    assert database.problems == []
    database.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert raw.execute("SELECT * FROM sessions").fetchall() == sessions
        assert raw.execute("SELECT value FROM settings WHERE key = 'checkins'").fetchall() == [
            ("off",)
        ]


def test_answers_count_once_and_days_tally(tmp_path: Path) -> None:
    store = Reminders(UserDatabase(tmp_path / "handcue.sqlite3"))
    first = store.offer(NOON - timedelta(days=1), "a", "A")
    second = store.offer(NOON, "b", "B")
    third = store.offer(NOON + timedelta(hours=1), "a", "A")
    assert first and second and third
    assert store.answer(first, "played", NOON, "uid-1")
    assert not store.answer(first, "skipped", NOON)  # answered already, in another window
    assert store.answer(second, "snoozed", NOON)
    assert not store.answer(second, "snoozed", NOON)  # only a shown break is snoozed
    assert store.answer(second, "played", NOON, "uid-2")  # a snoozed one can still be played
    assert store.close_open() == 1
    tally = [(t.day.day, t.offered, t.taken) for t in store.tally()]
    assert tally == [(6, 1, 1), (7, 2, 1)]
    assert store.session_uids() == {"uid-1", "uid-2"}
    assert [(r.outcome, r.snoozes) for r in store.on_day(NOON.date())] == [
        ("played", 1),
        ("unanswered", 0),
    ]
    assert store.last_done() == "b"


def test_one_loop_per_database(tmp_path: Path, children: Children) -> None:
    with loop_lock(tmp_path) as holder:
        assert holder is None

        def second_loop() -> None:
            with loop_lock(tmp_path) as other:
                assert other is not None and other > 0

        assert children.wait(children.start(second_loop)) == 0
    with loop_lock(tmp_path) as holder:
        assert holder is None
