"""`play --plain` and the precautions: shown before the first step the first time and after a
change, confirmed with Enter on a real terminal, and refused in one line without one."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from support.terminal import HANDCUE, SHORT_ROUTINE, Terminal

CONFIRM = "Press Enter to start, or q to quit."


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`handcue` with no terminal at all: stdin from /dev/null, output to pipes."""
    return subprocess.run(
        [str(HANDCUE), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


def _play_to_the_end(terminal: Terminal) -> None:
    terminal.wait_until(lambda _: terminal.exited(), "the routine to end", timeout=40)
    assert terminal.exit_status() == "0"
    assert not any("Traceback" in screen for screen in terminal.screens)


@pytest.mark.tmux
def test_first_plain_play_shows_the_precautions_before_step_one(
    terminal: Terminal, handcue_env: dict[str, str]
) -> None:
    command = [str(HANDCUE), "play", "carpal-tunnel-forearm", "--plain"]
    terminal.start(command, handcue_env, 200, 60)
    screen = terminal.wait_for(
        "Before you start:", "Circulatory disorders", "Preparation:", "Sources:", CONFIRM
    )
    assert "step 1/" not in screen  # nothing plays until the person says so
    terminal.keys("Enter")
    screen = terminal.wait_for("step 1/")
    assert screen.index("Circulatory disorders") < screen.index("step 1/")
    terminal.keys("q")
    terminal.wait_until(lambda _: terminal.exited(), "the player to stop")
    assert terminal.exit_status() == "0"


@pytest.mark.tmux
def test_once_confirmed_a_routine_starts_at_once_even_without_a_terminal(
    terminal: Terminal, handcue_env: dict[str, str]
) -> None:
    terminal.start([str(HANDCUE), "play", "e2e-quick", "--plain"], handcue_env, 160, 40)
    terminal.wait_for(CONFIRM)
    terminal.keys("Enter")
    _play_to_the_end(terminal)
    again = _run(handcue_env, "play", "e2e-quick", "--plain")
    assert again.returncode == 0, again.stderr
    assert "Before you start" not in again.stdout
    assert again.stdout.splitlines()[0].endswith("start  Quick test rub: 2 steps, 0:11")


@pytest.mark.tmux
def test_q_at_the_precautions_quits_without_playing_or_confirming(
    terminal: Terminal, handcue_env: dict[str, str]
) -> None:
    terminal.start([str(HANDCUE), "play", "e2e-quick", "--plain"], handcue_env, 160, 40)
    terminal.wait_for(CONFIRM, "Skin conditions and open wounds")
    terminal.keys("q")
    terminal.wait_until(lambda _: terminal.exited(), "handcue to quit")
    assert terminal.exit_status() == "0"
    assert "step 1/" not in terminal.screens[-1]
    refused = _run(handcue_env, "play", "e2e-quick", "--plain")
    assert refused.returncode == 2  # still not confirmed


@pytest.mark.tmux
def test_changed_cautions_are_shown_again_with_the_new_one_marked(
    terminal: Terminal, handcue_env: dict[str, str], tmp_path: Path
) -> None:
    terminal.start([str(HANDCUE), "play", "e2e-quick", "--plain"], handcue_env, 160, 40)
    first = terminal.wait_for(CONFIRM, "Skin conditions and open wounds")
    assert "[NEW]" not in first  # the first time, everything is new: nothing is marked
    terminal.keys("Enter")
    _play_to_the_end(terminal)

    routine = Path(handcue_env["HANDCUE_ROUTINES"]) / "e2e-quick.yaml"
    routine.write_text(
        SHORT_ROUTINE.replace("cautions: [skin]", "cautions: [skin, circulatory]"),
        encoding="utf-8",
    )
    second = Terminal(f"{terminal.name}-2", tmp_path / "second")
    (tmp_path / "second").mkdir()
    try:
        second.start([str(HANDCUE), "play", "e2e-quick", "--plain"], handcue_env, 160, 40)
        screen = second.wait_for(CONFIRM, "[NEW] Circulatory disorders")
        assert "changed since you last read it" in screen
        assert "[NEW] Skin" not in screen and "- Skin conditions" in screen
        second.keys("Enter")
        second.wait_until(lambda _: second.exited(), "the routine to end", timeout=40)
        assert second.exit_status() == "0"
    finally:
        second.close()


def test_without_a_terminal_an_unconfirmed_routine_is_refused_in_one_line(
    handcue_env: dict[str, str],
) -> None:
    refused = _run(handcue_env, "play", "carpal-tunnel-forearm", "--plain")
    assert refused.returncode == 2
    assert refused.stdout == ""
    lines = refused.stderr.splitlines()
    assert len(lines) == 1, refused.stderr
    assert "carpal-tunnel-forearm" in lines[0] and "--yes" in lines[0]


def test_yes_plays_without_a_terminal_and_without_the_precautions(
    handcue_env: dict[str, str],
) -> None:
    played = _run(handcue_env, "play", "e2e-quick", "--plain", "--yes")
    assert played.returncode == 0, played.stderr
    assert "Before you start" not in played.stdout
    assert played.stdout.splitlines()[-1].endswith("2 of 2 steps done, 0 skipped")
