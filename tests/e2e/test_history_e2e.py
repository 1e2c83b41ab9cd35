"""The issue's whole story on real terminals: a full-screen session and a `--plain` one, each
with its check-ins, and one stopped early, all in `handcue history` (text, --json, --csv)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from support.history_data import set_checkins
from support.terminal import HANDCUE, Terminal

QUESTION = "How sleepy do you feel?"


def _history(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(HANDCUE), "history", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def _exit(terminal: Terminal) -> None:
    terminal.wait_until(lambda _: terminal.exited(), "handcue to end", timeout=40)
    assert terminal.exit_status() == "0"
    assert not any("Traceback" in screen for screen in terminal.screens)


@pytest.mark.tmux
def test_sessions_from_both_front_ends_and_one_stopped_early_are_in_the_history(
    terminal: Terminal, handcue_env: dict[str, str], tmp_path: Path
) -> None:
    set_checkins(Path(handcue_env["HANDCUE_DATA_DIR"]), "on")
    # 1. --plain on a terminal: the check-in is a prompt, one key each time.
    terminal.start([str(HANDCUE), "play", "e2e-quick", "--plain", "--yes"], handcue_env, 160, 40)
    terminal.wait_for(f"Check-in: {QUESTION}")
    assert "step 1/" not in terminal.screen(), "nothing plays before the key"
    terminal.keys("3")
    terminal.wait_for("step 1/2")
    terminal.wait_for(f"Check-in, after: {QUESTION}", timeout=40)
    terminal.keys("t")
    _exit(terminal)
    terminal.close()

    # 2. The full-screen player: the check-in is a dialog over the player, then over the
    # finish screen.
    (tmp_path / "full").mkdir()
    full = Terminal(f"{terminal.name}-full", tmp_path / "full")
    try:
        full.start([str(HANDCUE), "play", "e2e-quick", "--yes"], handcue_env, 120, 40)
        full.wait_for(QUESTION)
        full.keys("5")
        # The dialog sits over the player, then over the finish screen: wait for it to go.
        full.wait_until(lambda s: QUESTION not in s and "Warm the palms" in s, "the player")
        full.wait_for(QUESTION, timeout=40)
        full.keys("8")
        full.wait_until(lambda s: QUESTION not in s and "Again" in s, "the finish screen")
        full.keys("C-q")
        _exit(full)
    finally:
        full.close()

    # 3. Stopped early in --plain, check-in skipped with Enter.
    (tmp_path / "early").mkdir()
    early = Terminal(f"{terminal.name}-early", tmp_path / "early")
    try:
        early.start([str(HANDCUE), "play", "e2e-quick", "--plain", "--yes"], handcue_env, 160, 40)
        early.wait_for(QUESTION)
        early.keys("Enter")
        early.wait_for("step 2/2", timeout=30)
        early.keys("q")
        _exit(early)
    finally:
        early.close()

    text = _history(handcue_env)
    lines = [line for line in text.splitlines() if line.startswith("20")]
    assert len(lines) == 3, text
    assert "stopped at step 2 (Stroke each hand)" in lines[0]
    assert "sleepiness 5 → 8" in lines[1] and "finished" in lines[1]
    assert "sleepiness 3 → 10" in lines[2] and "finished" in lines[2]
    assert "Sessions: 3 (1 routine)" in text
    assert "Streak: 1 day now" in text

    document = json.loads(_history(handcue_env, "--json"))
    sessions = document["sessions"]
    assert [s["outcome"] for s in sessions] == ["stopped", "finished", "finished"]
    assert sessions[0]["stopped_step"] == 1 and sessions[0]["checkins"] == []
    assert {(c["moment"], c["rating"]) for c in sessions[2]["checkins"]} == {
        ("before", 3),
        ("after", 10),
    }
    assert all(s["fingerprint"] == sessions[0]["fingerprint"] for s in sessions)

    rows = list(csv.DictReader(io.StringIO(_history(handcue_env, "--csv"))))
    assert [row["outcome"] for row in rows] == ["stopped", "finished", "finished"]
    assert [row["before sleepiness"] for row in rows] == ["", "5", "3"]
    assert [row["after sleepiness"] for row in rows] == ["", "8", "10"]


@pytest.mark.tmux
def test_no_check_in_without_a_terminal_or_with_no_checkin(
    terminal: Terminal, handcue_env: dict[str, str]
) -> None:
    set_checkins(Path(handcue_env["HANDCUE_DATA_DIR"]), "on")
    piped = subprocess.run(
        [str(HANDCUE), "play", "e2e-quick", "--plain", "--yes"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, **handcue_env},
        timeout=60,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert "Check-in" not in piped.stdout
    terminal.start(
        [str(HANDCUE), "play", "e2e-quick", "--plain", "--yes", "--no-checkin"],
        handcue_env,
        160,
        40,
    )
    terminal.wait_for("step 1/2")
    _exit(terminal)
    assert not any("Check-in" in screen for screen in terminal.screens)
    assert _history(handcue_env, "--json").count('"outcome": "finished"') == 2
