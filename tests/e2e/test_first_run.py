"""A first run as a new user has it: a fresh home folder, no sound device, the check-in on.

From `handcue` to a finished routine and back, in a real terminal; then the session is in the
history with both check-ins. No handcue setting or folder is given: everything is where a
new user's handcue puts it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from support.terminal import HANDCUE, SHORT_ROUTINE, Terminal

pytestmark = pytest.mark.tmux

NO_DEVICE = 'pcm.!default { type hw card "handcue_no_such_card" }\nctl.!default pcm.!default\n'
SETTINGS = ("HANDCUE_DATA_DIR", "HANDCUE_CONFIG_DIR", "HANDCUE_CACHE_DIR", "HANDCUE_ROUTINES")


def _new_user(home: Path) -> dict[str, str]:
    home.mkdir()
    (home / ".asoundrc").write_text(NO_DEVICE, encoding="utf-8")
    routines = home / ".local" / "share" / "handcue" / "routines"
    routines.mkdir(parents=True)
    (routines / "e2e-quick.yaml").write_text(SHORT_ROUTINE, encoding="utf-8")
    return {"HOME": str(home), "TERM": "xterm-256color", "PATH": os.environ.get("PATH", "")}


def test_from_a_fresh_home_with_no_sound_to_a_finished_session_in_the_history(
    terminal: Terminal, tmp_path: Path
) -> None:
    env = _new_user(tmp_path / "home")
    unset = [
        part for name in (*SETTINGS, "HANDCUE_AUDIO", "XDG_DATA_HOME") for part in ("-u", name)
    ]
    terminal.start(["env", *unset, str(HANDCUE)], env, 100, 30)
    screen = terminal.wait_for("All goals", "No sound", timeout=30)
    assert "Start" in screen.splitlines()[-1] and "Quit" in screen.splitlines()[-1]

    terminal.search("quick")
    terminal.keys("Enter", "Enter")
    terminal.wait_for("Before you start: Quick test rub", "I understand, start")
    terminal.keys("Enter")
    terminal.wait_for("Check-in before you start: Quick test rub", "How sleepy")
    terminal.keys("5")
    playing = terminal.wait_for("Warm the palms")
    assert "NO SOUND" in playing, "the line under the clock says what lasts"
    terminal.wait_for("Check-in: and now?", timeout=40)
    terminal.keys("3")
    finished = terminal.wait_for("Routine complete", "2 done, 0 skipped")
    assert "Routines" in finished and "Again" in finished
    terminal.keys("b")
    terminal.wait_for("All goals")
    terminal.keys("q")
    terminal.wait_until(lambda _: terminal.exited(), "handcue to end")
    assert terminal.exit_status() == "0"
    assert not any("Traceback" in screen for screen in terminal.screens)

    clean = {key: value for key, value in os.environ.items() if key not in SETTINGS}
    shown = subprocess.run(
        [str(HANDCUE), "history", "--json"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    [session] = json.loads(shown.stdout)["sessions"]
    assert session["routine_id"] == "e2e-quick" and session["outcome"] == "finished"
    assert [(c["moment"], c["rating"]) for c in session["checkins"]] == [
        ("before", 5),
        ("after", 3),
    ]
    assert (tmp_path / "home" / ".local" / "share" / "handcue" / "handcue.sqlite3").exists()
