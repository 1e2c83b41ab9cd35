"""Fault injection: a session that could not be saved is said in one line, and the play fails.

A full disk, or a file that cannot be written: the routine still plays to its end, and then
one line on stderr says the session is not kept, and the exit status is 1, never 0.
"""

from __future__ import annotations

import resource
import signal
import sqlite3
from pathlib import Path

import pytest
from support.kept_sessions import keep
from support.ordinary_user import handcue, lines

ROUTINE = """\
title: Quick warm
goals: [stress]
steps:
  - title: Warm
    instruction: Rub the palms together.
    duration: 1
"""
FILE = "handcue.sqlite3"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    keep(tmp_path / "data" / FILE, range(50)).close()
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "quick-warm.yaml").write_text(ROUTINE)
    return tmp_path / "data"


def play(data: Path, **options: object) -> tuple[int, str, list[str]]:
    routines = data.parent / "routines"
    done = handcue(
        data,
        "--routines",
        str(routines),
        "play",
        "quick-warm",
        "--plain",
        "--yes",
        "--volume",
        "0",
        "--no-checkin",
        env={"HANDCUE_AUDIO": "silent", "HANDCUE_SPEECH": "none"},
        **options,  # type: ignore[arg-type]
    )
    assert "Traceback" not in done.stderr
    return done.returncode, done.stdout, lines(done.stderr)


def full_disk() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (32768, 32768))


def test_a_play_whose_save_fails_on_a_full_disk_says_so_once_and_fails(data: Path) -> None:
    status, out, said = play(data, preexec_fn=full_disk)
    assert "played 0:01" in out
    assert status == 1
    [line] = said
    assert FILE in line
    with sqlite3.connect(data / FILE) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("SELECT count(*) FROM sessions").fetchone()[0] >= 50


def test_a_play_on_a_read_only_file_says_so_once_and_fails(data: Path) -> None:
    (data / FILE).chmod(0o444)
    status, out, said = play(data)
    assert "played 0:01" in out
    assert status == 1
    [line] = said
    assert "nothing new can be kept" in line


def test_a_play_that_is_saved_succeeds_quietly(data: Path) -> None:
    status, _, said = play(data)
    assert (status, said) == (0, [])
    with sqlite3.connect(data / FILE) as raw:
        assert raw.execute("SELECT count(*) FROM sessions").fetchone()[0] == 51
