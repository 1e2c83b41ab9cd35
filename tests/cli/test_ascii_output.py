"""Output that survives any terminal: with an output encoding that can carry only ASCII, every
command prints ASCII stand-ins for its symbols and escapes the rest; none crashes, and a play
is recorded as it ended."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from support.kept_sessions import keep, session

from handcue.storage import paths
from handcue.storage.history import CheckIn, History

ROUTINE = """\
title: Wärm · up → “now”
goals: [stress]
steps:
  - title: Warm — gently
    instruction: Rub the palms together… slowly; 日本.
    duration: 1
"""
ASCII_ONLY = {
    "PYTHONIOENCODING": {"PYTHONIOENCODING": "ascii"},
    "C locale": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}


class Command:
    """The real `handcue` in a subprocess whose output can carry only ASCII."""

    def __init__(self, routines: Path, data: Path, env: dict[str, str]) -> None:
        self.routines = routines
        self.data = data
        self.env = env

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "handcue", "--routines", str(self.routines), *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=self.env,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        assert b"Traceback" not in done.stderr
        assert done.stdout.isascii() and done.stderr.isascii()
        return done.stdout.decode()


@pytest.fixture(params=list(ASCII_ONLY), ids=list(ASCII_ONLY))
def run(request: pytest.FixtureRequest, tmp_path: Path) -> Command:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "warm-up.yaml").write_text(ROUTINE, encoding="utf-8")
    data = tmp_path / "data"
    database = keep(data / "handcue.sqlite3", range(0))
    rated = (CheckIn("before", "stiffness", "both", 6), CheckIn("after", "stiffness", "both", 3))
    History(database).record(replace(session(1), checkins=rated))
    database.close()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LANG", "LANGUAGE", "PYTHONIOENCODING", "PYTHONUTF8")
        and not key.startswith("LC_")
    }
    env.update(ASCII_ONLY[request.param])
    env.update(
        {
            paths.DATA_ENV: str(data),
            paths.CONFIG_ENV: str(tmp_path / "config"),
            "HANDCUE_AUDIO": "silent",
            "HANDCUE_SPEECH": "none",
        }
    )

    return Command(routines, data, env)


def test_history_list_and_show_print_ascii(run: Command) -> None:
    history = run("history")
    assert "(before -> after)" in history and "6 -> 3" in history
    listed = run("list")
    assert 'Warm - up -> "now"' in listed
    shown = run("show", "warm-up")
    assert "Rub the palms together... slowly; \\u65e5\\u672c." in shown


def test_a_plain_play_prints_ascii_and_is_recorded_as_finished(run: Command) -> None:
    played = run("play", "warm-up", "--plain", "--yes", "--volume", "0", "--no-checkin")
    assert "The routine is over." in played and "Warm -- gently" in played
    with sqlite3.connect(run.data / "handcue.sqlite3") as raw:
        outcomes = [row[0] for row in raw.execute("SELECT outcome FROM sessions")]
    assert outcomes.count("finished") == 2 and "playing" not in outcomes
