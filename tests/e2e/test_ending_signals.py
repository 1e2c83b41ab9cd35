"""SIGTERM and SIGHUP end the full-screen app as a quit does: the terminal comes back as it
was (main screen, no mouse reporting, cursor shown) and the routine is kept as stopped."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from support.terminal import HANDCUE, Terminal

from handcue.app.process_signals import GRACE

pytestmark = pytest.mark.tmux

SLOW = """\
title: Slow warm
goals: [stress]
steps:
  - title: Warm the palms slowly
    instruction: Rub the palms together.
    duration: 90
"""


# The pane must outlive handcue: tmux reports a dead pane's cursor as hidden, whatever it was.
KEEP_THE_PANE = 'echo $$ > "$0.pid"; "$@"; echo $? > "$0"; sleep 60'


def _handcue_under(shell: int) -> int:
    """The handcue process: the one child of the shell that waits for it."""
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(shell)], capture_output=True, text=True, check=True
    )
    [pid] = found.stdout.split()
    return int(pid)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_an_ending_signal_restores_the_terminal_and_keeps_the_session(
    terminal: Terminal, handcue_env: dict[str, str], tmp_path: Path, number: int
) -> None:
    (Path(handcue_env["HANDCUE_ROUTINES"]) / "slow-warm.yaml").write_text(SLOW, encoding="utf-8")
    ended = tmp_path / "handcue-status"
    command = ["sh", "-c", KEEP_THE_PANE, str(ended), str(HANDCUE), "play", "slow-warm", "--yes"]
    terminal.start(command, handcue_env, 100, 30)
    first = terminal.wait_for("Warm the palms slowly", "left of 1:30")
    terminal.wait_until(lambda screen: "1:2" in screen and screen != first, "a few seconds played")
    state = terminal.tmux("display-message", "-p", "-t", terminal.name, "#{alternate_on}")
    assert state.strip() == "1", "the app draws on the alternate screen while it runs"

    os.kill(_handcue_under(int(Path(f"{ended}.pid").read_text())), number)
    terminal.wait_until(lambda _: ended.exists() and ended.read_text() != "", "the app to end")
    assert ended.read_text().strip() == str(128 + number)
    assert not terminal.exited(), "the pane is still alive, so its cursor can be read"
    flags = terminal.tmux(
        "display-message", "-p", "-t", terminal.name,
        "#{alternate_on} #{mouse_any_flag} #{mouse_sgr_flag} #{cursor_flag}",
    )  # fmt: skip
    assert flags.split() == ["0", "0", "0", "1"], "main screen, no mouse reporting, cursor shown"
    assert not any("Traceback" in screen for screen in terminal.screens)

    with sqlite3.connect(Path(handcue_env["HANDCUE_DATA_DIR"]) / "handcue.sqlite3") as raw:
        [(outcome, played)] = raw.execute("SELECT outcome, played_seconds FROM sessions")
    assert outcome == "stopped"
    assert played >= 1.0


def test_ctrl_z_suspends_to_the_shell_and_the_app_comes_back(
    terminal: Terminal, handcue_env: dict[str, str], tmp_path: Path
) -> None:
    ended = tmp_path / "handcue-status"
    terminal.start(["sh", "-c", KEEP_THE_PANE, str(ended), str(HANDCUE)], handcue_env, 100, 30)
    terminal.wait_for("All goals")
    pid = _handcue_under(int(Path(f"{ended}.pid").read_text()))
    terminal.keys("C-z")

    def state() -> str:
        return subprocess.run(
            ["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True, check=False
        ).stdout.strip()

    terminal.wait_until(lambda _: state().startswith("T"), "handcue to be stopped")
    flags = terminal.tmux("display-message", "-p", "-t", terminal.name, "#{alternate_on}")
    assert flags.strip() == "0", "the shell's own screen while suspended"
    os.kill(pid, signal.SIGCONT)  # what `fg` sends
    terminal.wait_until(
        lambda screen: "All goals" in screen and not state().startswith("T"), "back"
    )
    terminal.keys("q")
    terminal.wait_until(lambda _: ended.exists() and ended.read_text() != "", "the app to end")
    assert ended.read_text().strip() == "0"


@pytest.mark.parametrize("moment", ["as it starts", "mid-routine"])
def test_a_closed_terminal_ends_handcue_and_keeps_the_session(
    terminal: Terminal, handcue_env: dict[str, str], tmp_path: Path, moment: str
) -> None:
    """The window closed (tmux gone, so the terminal with it): handcue ends on its own, soon,
    whatever it was doing; a routine that played is kept as stopped, never left 'playing'."""
    (Path(handcue_env["HANDCUE_ROUTINES"]) / "slow-warm.yaml").write_text(SLOW, encoding="utf-8")
    pid_file = tmp_path / "handcue.pid"
    command = ["sh", "-c", 'echo $$ > "$0"; exec "$@"', str(pid_file), str(HANDCUE)]
    terminal.start([*command, "play", "slow-warm", "--yes"], handcue_env, 100, 30)
    terminal.wait_until(lambda _: pid_file.exists() and pid_file.read_text() != "", "handcue")
    pid = int(pid_file.read_text())
    if moment == "mid-routine":
        terminal.wait_for("Warm the palms slowly", "left of 1:30")
    terminal.close()

    def running() -> bool:
        found = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True)
        return found.returncode == 0 and not found.stdout.startswith(b"Z")

    # It gives itself GRACE seconds to close cleanly; a busy machine may add a few more.
    deadline = time.monotonic() + GRACE + 20
    while running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(), "handcue kept running with no terminal"
    database = Path(handcue_env["HANDCUE_DATA_DIR"]) / "handcue.sqlite3"
    if moment == "mid-routine":
        with sqlite3.connect(database) as raw:
            [(outcome,)] = raw.execute("SELECT outcome FROM sessions")
        assert outcome == "stopped"
