"""What a fit to `--minutes` did is said where the person looks: before the first line of
`--plain`, as a notice once the full-screen app is up (a line printed before it opens is
covered at once), and on the terminal when no screen follows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.in_process import handcue
from support.terminal import HANDCUE, Terminal

from handcue.cli import full_screen

TWO_QUICK_STEPS = """\
title: Two quick steps
goals: [stress]
steps:
  - {title: Rub, instruction: Rub the palms., duration: 1}
  - {title: Shake, instruction: Shake both hands., duration: 2}
"""
"""Steps shorter than the 10 s a fit keeps: the shortest fit is the routine as written, 3 s."""


def test_plain_says_what_the_fit_takes_before_the_first_line(tmp_path: Path) -> None:
    routines = Path(os.environ["HANDCUE_ROUTINES"])
    routines.mkdir(parents=True, exist_ok=True)
    (routines / "two-quick.yaml").write_text(TWO_QUICK_STEPS, encoding="utf-8")
    command = ["play", "two-quick", "--plain", "--yes", "--minutes", "0.02"]
    played = subprocess.run(
        [sys.executable, "-m", "handcue", *command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream: the order is what a reader sees
        text=True,
        timeout=60,
        check=False,
    )
    assert played.returncode == 0, played.stdout
    lines = played.stdout.splitlines()
    assert lines[0] == (
        "handcue: Two quick steps fitted to 3s, the shortest it plays with at least 10s a step "
        "(1s asked)."
    )
    assert lines[1] == "0:00  start  Two quick steps: 2 steps, 0:03"
    assert lines[-1].endswith("2 of 2 steps done, 0 skipped")


def test_without_a_terminal_what_was_saved_is_still_said(monkeypatch: pytest.MonkeyPatch) -> None:
    """The full-screen app does not open, but `--save` already kept the fit."""
    monkeypatch.setattr(full_screen, "has_a_terminal", lambda: False)  # however pytest runs
    result = handcue("play", "desk-break", "--minutes", "1", "--save")
    assert result.returncode == 2
    said = result.stderr.splitlines()
    assert said[0] == (
        "handcue: Two-minute desk break fitted to 1m03s, the shortest it plays with at least 10s "
        "a step (1m asked)."
    )
    assert said[1].startswith("handcue: saved for next time: Two-minute desk break:")
    assert "it takes 1m03s" in said[1]
    assert said[2].startswith("handcue: the full-screen app needs a terminal")


@pytest.mark.tmux
def test_the_full_screen_player_shows_the_fit_as_a_notice(
    tmp_path: Path, terminal: Terminal
) -> None:
    env = {
        "HANDCUE_AUDIO": "silent",
        "HANDCUE_DATA_DIR": str(tmp_path / "data"),
        "HANDCUE_CONFIG_DIR": str(tmp_path / "config"),
        "HANDCUE_ROUTINES": str(tmp_path / "routines"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
    command = [str(HANDCUE), "play", "desk-break", "--minutes", "1", "--yes", "--no-checkin"]
    terminal.start(command, env, 120, 40)
    # The player is up and the notice is over it (a toast wraps, so two parts of it).
    screen = terminal.wait_for("Shake out both hands", "1m03s,", "shortest", timeout=30)
    assert "handcue:" not in screen
