"""The real `handcue` command in a real terminal: every stage of a short routine, and resizes."""

from __future__ import annotations

import time

import pytest
from support.terminal import HANDCUE, Terminal

pytestmark = pytest.mark.tmux


def test_filter_start_pause_resume_finish(terminal: Terminal, handcue_env: dict[str, str]) -> None:
    terminal.start([str(HANDCUE)], handcue_env, 120, 40)
    # the bundled routines come first alphabetically and may fill the list: the count is enough
    picker = terminal.wait_for("All goals", "routines")
    assert "Search routines" in picker

    terminal.keys("g", "Down")  # Sleep is the first goal
    terminal.wait_until(lambda s: " of " in s and "Quick test rub" in s, "the sleep filter")
    terminal.search("quick test")
    terminal.wait_for("1 of ", "Two short steps")  # the count, and the detail pane

    terminal.keys("Enter", "Enter")  # leave the search box, start the highlighted routine
    terminal.wait_for(
        "Before you start: Quick test rub",
        "I understand, start",
        "Skin conditions and open wounds",
        "Sit comfortably with both hands free.",
    )

    terminal.keys("Enter")
    terminal.wait_for("Warm the palms", "Rub the palms together briskly.")
    terminal.keys("Space")
    paused = terminal.wait_for("PAUSED")
    terminal.keys("Space")
    resumed = terminal.wait_until(lambda s: "PAUSED" not in s, "the resume")
    assert "Quick test rub" in paused and "Quick test rub" in resumed

    terminal.wait_for(
        "Routine complete",
        "Quick test rub",
        "2 done, 0 skipped",
        "Left hand",
        "Right hand",
        timeout=30,
    )

    terminal.keys("b")
    terminal.wait_for("All goals", "Quick test rub")
    terminal.keys("q")
    terminal.wait_until(lambda _: terminal.exited(), "the app to exit")
    assert terminal.exit_status() == "0"
    assert not any("Traceback" in screen for screen in terminal.screens)


def test_ctrl_c_in_a_real_terminal_asks_before_stopping(
    terminal: Terminal, handcue_env: dict[str, str]
) -> None:
    terminal.start([str(HANDCUE), "play", "e2e-quick", "--yes"], handcue_env, 120, 40)
    terminal.wait_for("Warm the palms")
    terminal.keys("C-c")
    terminal.wait_for("Stop the routine?", "PAUSED")
    terminal.keys("n")
    terminal.wait_until(lambda s: "Stop the routine?" not in s and "PAUSED" not in s, "resuming")
    assert not terminal.exited()
    terminal.keys("C-c")
    terminal.wait_for("Stop the routine?")
    terminal.keys("C-c")  # asked again: as q there, stop
    terminal.wait_until(lambda _: terminal.exited(), "the app to exit")
    assert terminal.exit_status() == "0"
    assert not any("Traceback" in screen for screen in terminal.screens)


def test_resize_to_tiny_and_back_mid_session(
    terminal: Terminal, handcue_env: dict[str, str]
) -> None:
    terminal.start([str(HANDCUE), "play", "e2e-quick", "--yes"], handcue_env, 120, 40)
    terminal.wait_for("Warm the palms")
    terminal.resize(20, 8)
    tiny = terminal.wait_until(lambda s: s.strip() != "", "a tiny frame")
    assert len(tiny.splitlines()[0]) <= 20
    time.sleep(1.0)  # let a few countdown ticks render at the tiny size
    assert not terminal.exited()
    terminal.resize(120, 40)
    terminal.wait_for("Quick test rub")
    assert not terminal.exited()
    terminal.keys("q")
    terminal.wait_until(
        lambda s: terminal.exited() or "Stop the routine?" in s, "the stop question"
    )
    if not terminal.exited():
        terminal.keys("y")
    terminal.wait_until(lambda _: terminal.exited(), "the app to exit")
    assert terminal.exit_status() == "0"
    assert not any("Traceback" in screen for screen in terminal.screens)
