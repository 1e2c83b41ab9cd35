"""What opening the database found is lasting news: the app shows it, and once the app has
closed (taking its notices with it) the terminal still says it, once."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from support.terminal import HANDCUE, Terminal

from handcue.storage.user_database import UserDatabase

pytestmark = pytest.mark.tmux


def test_a_newer_handcues_file_is_named_on_the_terminal_after_the_app_closes(
    terminal: Terminal, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    UserDatabase(data / "handcue.sqlite3").close()
    raw = sqlite3.connect(data / "handcue.sqlite3")
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    env = {
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HANDCUE_DATA_DIR": str(data),
        "HANDCUE_CONFIG_DIR": str(tmp_path / "config"),
        "HANDCUE_CACHE_DIR": str(tmp_path / "cache"),
        "HANDCUE_AUDIO": "silent",
    }
    terminal.start([str(HANDCUE)], env, 100, 30)
    terminal.wait_for("All goals", "newer handcue", timeout=30)
    terminal.keys("q")
    terminal.wait_until(lambda _: terminal.exited(), "handcue to end")
    assert terminal.exit_status() == "0"
    after = terminal.screen()
    assert "All goals" not in after, "the app's screen is gone"
    assert after.count("made by a newer handcue (schema 99)") == 1, after
