"""Fault injection: a database that cannot be written is still read, and nothing untrue is said.

A read-only folder or file, a leftover read-only `-shm`, or a file made by a newer handcue: the
history, its summary and exports show every session the file holds; the person is told once
that nothing new can be kept; a command that would change the file says in one line that it
could not, and exits 1.
"""

from __future__ import annotations

import json
import os
import pwd
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.kept_sessions import keep
from support.ordinary_user import handcue, lines, prefix

FILE = "handcue.sqlite3"


def count(path: Path) -> int:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as raw:
        return int(raw.execute("SELECT count(*) FROM sessions").fetchone()[0])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    keep(folder / FILE, range(50)).close()
    return folder


def read_only_folder(data: Path) -> None:
    data.chmod(0o555)


def read_only_file(data: Path) -> None:
    (data / FILE).chmod(0o444)


@pytest.fixture(params=[read_only_folder, read_only_file])
def read_only(request: pytest.FixtureRequest, data: Path) -> Iterator[Path]:
    request.param(data)
    yield data
    data.chmod(0o755)


def test_a_read_only_history_is_read_whole(read_only: Path, tmp_path: Path) -> None:
    shown = handcue(read_only, "history", "--summary")
    assert shown.returncode == 0
    assert "Sessions: 50" in shown.stdout and "No sessions yet" not in shown.stdout
    [notice] = lines(shown.stderr)
    assert "nothing new can be kept" in notice and FILE in notice

    table = handcue(read_only, "history", "--csv")
    assert len(lines(table.stdout)) == 51

    export = tmp_path / "export.json"
    written = handcue(read_only, "history", "--export", str(export))
    assert written.returncode == 0 and "Wrote 50 sessions" in written.stdout
    assert len(json.loads(export.read_text())["sessions"]) == 50
    # Read without a trace: no -wal or -shm left that a later write would trip on.
    assert sorted(path.name for path in read_only.iterdir()) == [FILE]


def test_forgetting_in_a_read_only_history_says_so_and_fails(read_only: Path) -> None:
    done = handcue(read_only, "history", "--forget", "--yes")
    assert done.returncode == 1
    assert "Forgot" not in done.stdout
    [line] = lines(done.stderr)
    assert line.startswith("handcue: nothing was forgotten: ") and FILE in line
    assert count(read_only / FILE) == 50


def test_a_setting_in_a_read_only_history_says_so_and_fails(read_only: Path) -> None:
    done = handcue(read_only, "checkins", "off")
    assert done.returncode == 1
    assert "Check-ins are" not in done.stdout
    [line] = lines(done.stderr)
    assert "the check-in setting was not saved" in line


def test_a_file_that_cannot_be_read_is_never_shown_as_empty(data: Path) -> None:
    (data / FILE).chmod(0)
    try:
        shown = handcue(data, "history")
    finally:
        (data / FILE).chmod(0o644)
    assert shown.returncode == 1
    assert "No sessions yet" not in shown.stdout
    assert "could not be read" in shown.stderr


READ = """
import sqlite3, sys
reader = sqlite3.connect(sys.argv[1])
reader.execute("BEGIN")
reader.execute("SELECT count(*) FROM sessions").fetchone()
print("reading", flush=True)
sys.stdin.readline()
"""


def reader(path: Path) -> subprocess.Popen[str]:
    """Another program reading the file as an ordinary user, until its input is closed."""
    process = subprocess.Popen(
        [*prefix(), sys.executable, "-c", READ, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "reading"
    return process


def leave_read_only_companions(data: Path) -> None:
    """What an earlier handcue left after reading the file while it was read-only: SQLite
    makes the -wal and -shm with the file's own permissions, and cannot remove them."""
    path = data / FILE
    path.chmod(0o444)
    reader(path).communicate("\n", timeout=60)
    for suffix in ("-wal", "-shm"):
        assert (data / (FILE + suffix)).stat().st_mode & 0o777 == 0o444
    path.chmod(0o644)


def test_a_leftover_read_only_shm_no_longer_blocks_writes(data: Path) -> None:
    leave_read_only_companions(data)
    done = handcue(data, "history", "--forget", "--yes")
    assert done.returncode == 0, done.stderr
    assert "Forgot 50 sessions." in done.stdout
    assert count(data / FILE) == 0


def test_a_leftover_read_only_log_that_cannot_be_fixed_is_named(data: Path) -> None:
    """A log with pages in it, read-only and another user's: it cannot be removed (it holds
    saves) nor made writable, so it is named, and nothing is changed."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give the log to another user")
    path = data / FILE
    live = sqlite3.connect(path, isolation_level=None)
    live.execute("PRAGMA wal_autocheckpoint = 0")
    live.execute("INSERT INTO settings VALUES ('checkins', 'off')")
    log = data / (FILE + "-wal")
    saved = log.read_bytes()
    live.execute("DELETE FROM settings")
    live.close()
    log.write_bytes(saved)
    log.chmod(0o444)
    other = pwd.getpwnam("nobody")
    os.chown(log, other.pw_uid, other.pw_gid)
    done = handcue(data, "history", "--forget", "--yes")
    assert done.returncode == 1
    [line] = lines(done.stderr)
    assert "nothing was forgotten" in line and f"{FILE}-wal" in line
    assert count(path) == 50


def test_a_newer_handcues_file_is_named_read_and_left_alone(data: Path) -> None:
    path = data / FILE
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    before = path.read_bytes()
    shown = handcue(data, "history", "--summary")
    assert shown.returncode == 0
    assert "Sessions: 50" in shown.stdout
    [notice] = lines(shown.stderr)
    assert "made by a newer handcue (schema 99)" in notice and "folder" not in notice
    for command in (["history", "--forget", "--yes"], ["checkins", "off"]):
        refused = handcue(data, *command)
        assert refused.returncode == 1, command
        [line] = lines(refused.stderr)
        assert "newer handcue" in line
    assert path.read_bytes() == before


def test_a_strict_read_of_an_unreadable_file_raises_at_the_first_read(data: Path) -> None:
    """The first thing a command does may be a read: it must not see an empty history."""
    from handcue.storage.history import History
    from handcue.storage.user_database import Unreadable, UserDatabase

    os.mkfifo(data / "pipe.sqlite3")
    database = UserDatabase(data / "pipe.sqlite3", strict=True)
    with pytest.raises(Unreadable, match="named pipe"):
        History(database).count()
    database.close()
