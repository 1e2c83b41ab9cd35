"""The user database in trouble: locked by another program, missing tables, read-only or full.

Each case must be said once, name the file, and say what was kept; a lock must never make a
write wait, and what is still locked out when handcue closes is said to be lost.
"""

from __future__ import annotations

import os
import pwd
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.children import Children
from support.sessions import session_record

from handcue.storage.acknowledgements import Acknowledgements
from handcue.storage.history import History, SessionRecord
from handcue.storage.user_database import SCHEMA_VERSION, DatabaseBusy, UserDatabase

STARTED = datetime(2025, 3, 4, 21, 30, tzinfo=UTC)
PATIENCE = 60.0
"""How long a test waits for the writer thread: far beyond its work on a loaded machine."""

HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
if len(sys.argv) > 2:
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")
connection.execute("BEGIN EXCLUSIVE")
connection.execute("DELETE FROM settings")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


def session(routine_id: str = "evening") -> SessionRecord:
    return session_record(routine_id, STARTED)


def rows(path: Path, table: str = "sessions") -> int:
    with sqlite3.connect(path) as raw:
        return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def wait_until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not check():
        assert time.monotonic() < deadline, f"waited {PATIENCE:.0f}s for {what}"
        time.sleep(0.02)


class Lock:
    """Another program holding the database locked until `release()`."""

    def __init__(self, path: Path, readers_too: bool = False) -> None:
        """`readers_too`: an exclusive locking mode, which in WAL mode shuts out reads too."""
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(path), *(["readers"] if readers_too else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            self.process.wait(timeout=PATIENCE)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "handcue.sqlite3"
    database = UserDatabase(path)
    Acknowledgements(database).acknowledge("morning")
    database.close()
    return path


@pytest.fixture
def lock(db_path: Path) -> Iterator[Lock]:
    held = Lock(db_path)
    try:
        yield held
    finally:
        held.release()


# a lock held by another program


def test_a_locked_database_never_holds_up_a_write(db_path: Path, lock: Lock) -> None:
    database = UserDatabase(db_path, background=True, busy_timeout=0.05, retry_delays=(0.05,))
    record = History(database).record(session())
    assert record.id is None, "queued, not written: the lock is still held"
    wait_until(lambda: bool(database.problems), "the lock to be reported")
    [problem] = database.problems
    assert str(db_path) in problem and "locked by another program" in problem
    assert "keeps trying" in problem
    lock.release()
    database.flush()
    assert rows(db_path) == 1
    database.close()
    assert not database.in_memory
    assert len(database.problems) == 1, "said once, however many tries it took"


def test_what_is_still_locked_out_at_close_is_said_to_be_lost(db_path: Path, lock: Lock) -> None:
    database = UserDatabase(db_path, background=True, busy_timeout=0.05, retry_delays=(0.05,))
    History(database).record(session())
    Acknowledgements(database).acknowledge("evening")
    database.close()
    lost = [problem for problem in database.problems if "lost" in problem]
    assert lost == [
        f"{db_path}: still locked by another program as handcue closed, so 2 changes "
        "(sessions played, precautions accepted) could not be saved and are lost."
    ]
    lock.release()
    assert rows(db_path) == 0


def test_a_writer_never_holds_up_a_read(db_path: Path, lock: Lock) -> None:
    """Write-ahead logging: the history can be read while another window writes."""
    database = UserDatabase(db_path, busy_timeout=0.05)
    assert Acknowledgements(database).is_acknowledged("morning")
    assert database.problems == []


def test_reading_a_locked_database_gives_up_quickly_and_keeps_the_file(db_path: Path) -> None:
    lock = Lock(db_path, readers_too=True)
    database = UserDatabase(db_path, busy_timeout=0.05)
    try:
        with pytest.raises(DatabaseBusy):
            Acknowledgements(database).is_acknowledged("morning")
        assert not database.in_memory, "a passing lock is no reason to give up the file"
        assert any("could not be read now" in problem for problem in database.problems)
    finally:
        lock.release()
    assert Acknowledgements(database).is_acknowledged("morning")


# a schema that lost its tables


def test_a_dropped_table_is_made_again_on_open(db_path: Path) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TABLE sessions")
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    database = UserDatabase(db_path)
    History(database).record(session())
    database.close()
    assert not database.in_memory
    [said] = database.problems
    assert said.startswith(f"{db_path}: the sessions table was missing; made again, empty; ")
    [copy] = db_path.parent.glob("handcue.sqlite3.before-repair-*[0-9]")
    assert copy.name in said, "the file as it was is kept, before the repair"
    assert rows(copy, "acknowledgements") == 1
    assert rows(db_path) == 1
    assert Acknowledgements(UserDatabase(db_path)).is_acknowledged("morning")


def test_a_table_without_its_columns_is_kept_aside_and_made_again(db_path: Path) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TABLE sessions")
        raw.execute("CREATE TABLE sessions (note TEXT)")
        raw.execute("INSERT INTO sessions VALUES ('mine')")
    database = UserDatabase(db_path)
    History(database).record(session())
    database.close()
    [problem] = database.problems
    assert "the sessions table lacked columns (kept as sessions_before_repair_" in problem
    aside = problem.split("kept as ")[1].split(")")[0]
    with sqlite3.connect(db_path) as raw:
        assert raw.execute(f"SELECT note FROM {aside}").fetchall() == [("mine",)]
    assert rows(db_path) == 1


# files that cannot be written


def test_what_was_kept_in_memory_is_said_to_be_lost_at_close(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    database = UserDatabase(blocker / "handcue.sqlite3", background=True)
    History(database).record(session())
    database.close()
    first, last = database.problems
    assert str(blocker) in first and "kept only until handcue closes" in first
    assert "1 change made this time" in last and "are lost" in last


def test_a_full_disk_is_said_and_play_goes_on(db_path: Path, children: Children) -> None:
    def write_past_the_limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        size = db_path.stat().st_size
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        database = UserDatabase(db_path)
        history = History(database)
        for number in range(200):
            history.record(session(f"routine-{number:03d}-" + "x" * 200))
        database.close()
        assert database.in_memory
        assert any(str(db_path) in problem for problem in database.problems)
        assert any("kept only until handcue closes" in problem for problem in database.problems)

    assert children.wait(children.start(write_past_the_limit)) == 0
    assert rows(db_path) < 200, "what fitted before the disk filled is kept, no more"
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert Acknowledgements(UserDatabase(db_path)).is_acknowledged("morning")


def test_a_read_only_database_is_said_once(children: Children) -> None:
    """Run as an ordinary user: the superuser may write any file whatever its mode."""
    folder = Path(tempfile.mkdtemp(prefix="handcue-read-only-"))
    try:
        path = folder / "handcue.sqlite3"
        database = UserDatabase(path)
        Acknowledgements(database).acknowledge("morning")
        database.close()
        nobody = pwd.getpwnam("nobody") if os.geteuid() == 0 else None
        if nobody is not None:
            os.chown(folder, nobody.pw_uid, nobody.pw_gid)
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        path.chmod(0o444)

        def play_twice() -> None:
            if nobody is not None:
                os.setgid(nobody.pw_gid)
                os.setuid(nobody.pw_uid)
            database = UserDatabase(path, background=True)
            acknowledgements = Acknowledgements(database)
            assert acknowledgements.is_acknowledged("morning")
            acknowledgements.acknowledge("evening")
            History(database).record(session())
            database.close()
            said = [
                problem for problem in database.problems if "nothing new can be kept" in problem
            ]
            assert len(said) == 1 and str(path) in said[0], database.problems
            assert any("2 changes made this time" in problem for problem in database.problems)

        assert children.wait(children.start(play_twice)) == 0
        assert rows(path, "acknowledgements") == 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_pipe_in_place_of_the_database_is_named_and_never_opened(tmp_path: Path) -> None:
    path = tmp_path / "handcue.sqlite3"
    os.mkfifo(path)
    database = UserDatabase(path, background=True)
    History(database).record(session())
    database.close()
    assert database.in_memory
    assert f"{path}: it is a named pipe, not a database file" in database.problems[0]
    assert path.is_fifo()


def test_a_listener_hears_each_problem_once_from_the_writer_thread(
    db_path: Path, lock: Lock
) -> None:
    heard: list[tuple[str, str]] = []

    def listen(message: str) -> None:
        heard.append((threading.current_thread().name, message))
        raise RuntimeError("a front end's fault")  # never stops a save

    database = UserDatabase(
        db_path, background=True, busy_timeout=0.05, retry_delays=(0.05,), on_problem=listen
    )
    History(database).record(session())
    wait_until(lambda: bool(heard), "the lock to be heard")
    lock.release()
    database.close()
    assert [message for _, message in heard] == database.problems
    assert heard[0][0] == "handcue-database"
    assert rows(db_path) == 1
