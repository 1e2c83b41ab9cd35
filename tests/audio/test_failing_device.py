"""A sound device that fails: both modes say so once, in words, and play the routine to its end.

The device is ALSA's default, made to point at a card that does not exist, under a private
HOME; for someone following with closed eyes silence must never pass without a word.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from support.capture import BROKEN_PCM, DEVICE_VAR, capture_env, prepare, run_command
from support.terminal import HANDCUE, Terminal

pytestmark = pytest.mark.audio

ROUTINE = """\
title: Quiet check
goals: [grip]
steps:
  - {title: Warm the palms, instruction: Rub the palms together., duration: 4}
"""


def _env(tmp_path: Path) -> dict[str, str]:
    routines = tmp_path / "routines"
    routines.mkdir(exist_ok=True)
    (routines / "quiet-check.yaml").write_text(ROUTINE, encoding="utf-8")
    return {
        DEVICE_VAR: BROKEN_PCM,
        "HANDCUE_ROUTINES": str(routines),
        "HANDCUE_DATA_DIR": str(tmp_path / "data"),
        "HANDCUE_CONFIG_DIR": str(tmp_path / "config"),
        "HANDCUE_CACHE_DIR": str(tmp_path / "cache"),
    }


def test_plain_mode_says_once_that_nothing_can_be_heard_and_plays_on(tmp_path: Path) -> None:
    run = run_command(
        [sys.executable, "-m", "handcue", "play", "quiet-check", "--plain", "--yes"],
        tmp_path,
        env=_env(tmp_path),
    )
    assert run.returncode == 0, run.stderr
    said = [line for line in run.stderr.splitlines() if "no sound" in line]
    assert len(said) == 1, run.stderr
    assert said[0].startswith("handcue: no sound: ")
    assert "ALSA lib" not in run.stderr
    assert run.stdout.splitlines()[-1].endswith("1 of 1 steps done, 0 skipped")
    assert run.captures == []


@pytest.mark.tmux
def test_the_full_screen_player_says_once_that_nothing_can_be_heard(
    tmp_path: Path, terminal: Terminal
) -> None:
    home, _ = prepare(tmp_path)
    env = {
        key: value
        for key, value in capture_env(home, _env(tmp_path)).items()
        if key in {"HOME", "PATH", DEVICE_VAR} or key.startswith("HANDCUE_")
    }
    env["TERM"] = "xterm-256color"
    env["HANDCUE_AUDIO"] = ""  # tmux passes on the test's own environment: choose as a user would
    terminal.start([str(HANDCUE), "play", "quiet-check", "--yes", "--no-checkin"], env, 120, 40)
    playing = terminal.wait_for("Warm the palms", "No sound:", "NO SOUND")
    assert playing.count("No sound:") == 1
    terminal.wait_for("Routine complete", timeout=30)
    assert all(screen.count("No sound:") <= 1 for screen in terminal.screens)
    terminal.keys("C-q")  # q stops a routine in the player, so the finish screen has no q
    terminal.wait_until(lambda _: terminal.exited(), "the app to exit")
    assert terminal.exit_status() == "0"
    assert not any("Traceback" in screen for screen in terminal.screens)
    assert os.environ.get(DEVICE_VAR) is None  # the broken card was this command's alone
