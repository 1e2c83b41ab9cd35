"""The history kept like a database: migrations from files earlier handcue versions wrote, with
every row kept; write-ahead logging so two windows both record; no kill breaks the file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from support.children import Children
from support.sessions import session_record

from handcue.storage.acknowledgements import GENERAL, Acknowledgements
from handcue.storage.history import CheckIn, Filter, History, SessionRecord
from handcue.storage.user_database import SCHEMA_VERSION, UserDatabase

DATA = Path(__file__).resolve().parent.parent / "data" / "databases"
STARTED = datetime(2026, 3, 4, 21, 30, tzinfo=UTC)


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as raw:
        return raw.execute(query).fetchall()


def copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "data" / "handcue.sqlite3"
    target.parent.mkdir(parents=True)
    shutil.copyfile(DATA / name, target)
    return target


def session(routine_id: str = "evening", minutes: int = 0, **changes: Any) -> SessionRecord:
    return session_record(
        routine_id,
        STARTED + timedelta(minutes=minutes),
        left_seconds=200.0,
        right_seconds=200.0,
        played_seconds=420.0,
        **changes,
    )


def test_a_schema_2_file_keeps_every_session_and_acknowledgement(tmp_path: Path) -> None:
    path = copy("schema-2.sqlite3", tmp_path)
    before = rows(path, "SELECT * FROM sessions ORDER BY id")
    acknowledged = rows(path, "SELECT * FROM acknowledgements ORDER BY routine_id")
    texts = rows(path, "SELECT * FROM acknowledged_texts ORDER BY routine_id, digest")
    assert len(before) == 6

    database = UserDatabase(path)
    history = History(database)
    after = sorted(history.recent(None), key=lambda record: record.id or 0)
    assert database.problems == []
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        ident, routine_id, started, finished, left, right, done, skipped = old
        assert (new.id, new.routine_id, new.started.isoformat()) == (ident, routine_id, started)
        assert new.ended == (datetime.fromisoformat(finished) if finished else None)  # type: ignore[arg-type]
        assert (new.left_seconds, new.right_seconds) == (left, right)
        assert (new.steps_done, new.steps_skipped) == (done, skipped)
        assert new.outcome == ("finished" if finished else "stopped")
        if finished:
            played = (new.ended - new.started).total_seconds()  # type: ignore[operator]
            assert new.played_seconds == pytest.approx(played, abs=0.1)
    assert Acknowledgements(database).is_acknowledged(
        "desk-break", ["Stop if it hurts.", "Sit at a table."]
    )
    database.close()
    assert rows(path, "SELECT * FROM acknowledgements ORDER BY routine_id") == acknowledged
    assert rows(path, "SELECT * FROM acknowledged_texts ORDER BY routine_id, digest") == texts
    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(path, "PRAGMA journal_mode") == [("wal",)]


def test_a_schema_1_file_keeps_every_session(tmp_path: Path) -> None:
    path = copy("schema-1.sqlite3", tmp_path)
    before = rows(path, "SELECT id, routine_id, started_at FROM sessions ORDER BY id")
    database = UserDatabase(path)
    after = sorted(History(database).recent(None), key=lambda record: record.id or 0)
    assert [(r.id, r.routine_id, r.started.isoformat()) for r in after] == before
    assert Acknowledgements(database).unseen(GENERAL, ["a text"]) == ["a text"]
    assert database.problems == []
    database.close()


def test_new_sessions_follow_migrated_ones_without_reusing_an_id(tmp_path: Path) -> None:
    path = copy("schema-2.sqlite3", tmp_path)
    history = History(UserDatabase(path))
    added = history.record(session())
    assert added.id == 7


def test_a_migration_that_fails_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = copy("schema-2.sqlite3", tmp_path)
    with sqlite3.connect(path) as raw:
        # A table in the way of the migration's rename: the first step fails.
        raw.execute("CREATE TABLE sessions_schema_2 (x)")
    database = UserDatabase(path)
    assert History(database).count() == 6, "what can be read is read"
    assert database.read_only
    assert any(str(path) in problem for problem in database.problems)
    database.close()
    [kept] = path.parent.glob("handcue.sqlite3.before-migration-*[0-9]")
    assert rows(kept, "SELECT count(*) FROM sessions") == [(6,)]
    assert rows(path, "SELECT count(*) FROM sessions") == [(6,)]
    assert rows(path, "PRAGMA user_version") == [(2,)]
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]


def test_check_ins_and_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "handcue.sqlite3"
    history = History(UserDatabase(path))
    record = session(
        checkins=(
            CheckIn("before", "stiffness", "left", 7),
            CheckIn("before", "stiffness", "right", 5),
            CheckIn("after", "stiffness", "both", 3),
        ),
        tweaks={"2": 45.0},
        pace=1.25,
        goals=("stiffness", "arthritis"),
    )
    history.record(record)
    history.set_setting("checkins", "per-hand")
    history.database.close()

    again = History(UserDatabase(path))
    [read] = again.recent()
    assert read.checkins == record.checkins
    assert read.ratings("before", "stiffness") == 6.0
    assert (read.tweaks, read.pace, read.goals) == ({"2": 45.0}, 1.25, ("stiffness", "arthritis"))
    assert again.setting("checkins") == "per-hand"
    assert again.count(Filter(goal="arthritis")) == 1
    assert again.count(Filter(goal="arth")) == 0, "a goal matches whole, never a part"


def test_import_merges_without_doubling(tmp_path: Path) -> None:
    history = History(UserDatabase(tmp_path / "handcue.sqlite3"))
    first = [session("evening", minutes) for minutes in (0, 60, 120)]
    assert history.import_sessions(first) == (3, 0)
    again = [*first, session("morning", 0)]
    assert history.import_sessions(again) == (1, 3)
    # The same session with a new uid (made on another machine from the same file) is known
    # by its routine and start.
    twin = session("evening", 0)
    assert history.import_sessions([twin]) == (0, 1)
    assert history.count() == 4


def test_forget_deletes_sessions_and_their_check_ins(tmp_path: Path) -> None:
    path = tmp_path / "handcue.sqlite3"
    history = History(UserDatabase(path))
    history.record(session("evening", checkins=(CheckIn("before", "pain", "both", 4),)))
    history.record(session("morning", 10))
    assert history.forget(Filter(routine_ids=frozenset({"evening"}))) == 1
    assert [r.routine_id for r in history.recent()] == ["morning"]
    assert rows(path, "SELECT count(*) FROM checkins") == [(0,)]


def test_two_windows_finishing_at_once_both_record(tmp_path: Path, children: Children) -> None:
    """Each writer holds the write lock while the other wants it: WAL and the busy timeout
    let both through, with nothing lost."""
    path = tmp_path / "handcue.sqlite3"
    History(UserDatabase(path)).count()
    go = tmp_path / "go"

    def window(name: str) -> None:
        database = UserDatabase(path, background=True, busy_timeout=0.25)
        history = History(database)
        while not go.exists():
            time.sleep(0.001)
        for number in range(50):
            history.record(session(name, number))
        database.close()
        assert not database.in_memory, database.problems
        assert not [p for p in database.problems if "lost" in p], database.problems

    pids = [children.start(partial(window, name)) for name in ("left", "right")]
    go.touch()
    assert [children.wait(pid) for pid in pids] == [0, 0]
    assert rows(path, "SELECT routine_id, count(*) FROM sessions GROUP BY routine_id") == [
        ("left", 50),
        ("right", 50),
    ]


KILLS = 100


def test_sigkill_while_recording_never_breaks_the_file(tmp_path: Path, children: Children) -> None:
    """A session's whole life (start, checkpoints, end, check-ins) written over and over, killed
    at random moments: the file always passes `PRAGMA integrity_check`, and each killed
    session leaves at most one row."""
    import random

    path = tmp_path / "handcue.sqlite3"
    History(UserDatabase(path)).count()
    rng = random.Random(16)

    def play_forever() -> None:
        history = History(UserDatabase(path))
        number = 0
        while True:
            number += 1
            record = session("killed", number, outcome="playing", ended=None)
            history.record(record)
            for step in range(3):
                history.update(_advanced(record, step))
            history.update(
                _advanced(
                    record, 3, outcome="finished", checkins=(CheckIn("after", "pain", "both", 2),)
                )
            )

    killed = 0
    for _ in range(KILLS):
        pid = children.start(play_forever)
        time.sleep(rng.uniform(0.01, 0.12))
        killed += children.kill(pid)
        assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert killed == KILLS
    playing = rows(path, "SELECT count(*) FROM sessions WHERE outcome = 'playing'")[0][0]
    assert isinstance(playing, int)
    assert 1 <= playing <= KILLS, "kills landed mid-session, each leaving at most one row"
    uids = rows(path, "SELECT count(*), count(DISTINCT uid) FROM sessions")[0]
    assert uids[0] == uids[1]
    assert os.path.exists(str(path) + "-wal") or rows(path, "PRAGMA journal_mode") == [("wal",)]


def _advanced(record: SessionRecord, steps: int, **changes: object) -> SessionRecord:
    from dataclasses import replace

    fields: dict[str, object] = {"steps_done": steps, "played_seconds": 60.0 * steps}
    fields.update(changes)
    return replace(record, **fields)  # type: ignore[arg-type]


def test_a_migration_starts_from_an_untouched_copy(tmp_path: Path) -> None:
    path = copy("schema-2.sqlite3", tmp_path)
    original = path.read_bytes()
    database = UserDatabase(path)
    assert History(database).count() == 6
    database.close()
    [kept] = path.parent.glob("handcue.sqlite3.before-migration-*[0-9]")
    assert kept.read_bytes() == original
    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_a_current_file_is_opened_without_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "handcue.sqlite3"
    for _ in range(2):
        database = UserDatabase(path)
        History(database).record(session())
        database.close()
    assert [p.name for p in tmp_path.iterdir()] == ["handcue.sqlite3"]
