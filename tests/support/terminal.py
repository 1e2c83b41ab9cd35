"""Drives the installed `handcue` command in a detached tmux session and reads its screen."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

HANDCUE = Path(sys.executable).parent / "handcue"

SHORT_ROUTINE = """\
id: e2e-quick
title: Quick test rub
summary: Two short steps for the end-to-end test.
goals: [sleep]
intensity: gentle
cautions: [skin]
prepare: Sit comfortably with both hands free.
switch_seconds: 2
steps:
  - title: Warm the palms
    instruction: Rub the palms together briskly.
    technique: friction
    hand: both
    duration: 3s
  - title: Stroke each hand
    instruction: Stroke from the fingertips to the wrist.
    technique: effleurage
    hand: each
    duration: 3s
"""


class Terminal:
    """One tmux session running one command, with helpers to type and to wait for text.

    Each terminal has a tmux server of its own (`-L`), so no other session's options or
    clients change its size. The command runs under a small shell that writes its exit status
    to a file: on a loaded machine the tmux server can leave the finished command unreaped (a
    zombie) for many seconds, and tmux only knows an exit status once it has reaped it.
    """

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.status_file = folder / "exit-status"
        self.screens: list[str] = []
        """Every screen read, so a failure can show what was there."""

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.name, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return result.stdout

    def start(self, command: list[str], env: dict[str, str], width: int, height: int) -> None:
        """Run `command` at `width` x `height`; COLUMNS and LINES are dropped, as they would
        override the terminal's real size."""
        exports = [f"{key}={value}" for key, value in env.items()]
        script = 'status=$1; shift; "$@"; echo $? > "$status"'
        subprocess.run(
            [
                "tmux", "-L", self.name, "-f", os.devnull, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                "sh", "-c", script, "sh", str(self.status_file),
                "env", "-u", "COLUMNS", "-u", "LINES", *exports, *command,
            ],
            check=True,
            timeout=10,
        )  # fmt: skip
        self.tmux("set-option", "-t", self.name, "remain-on-exit", "on")

    def record(self, path: Path) -> None:
        """Append every byte the program writes to its terminal to `path`, from now on."""
        self.tmux("pipe-pane", "-o", "-t", self.name, f"cat >> {shlex.quote(str(path))}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def search(self, text: str) -> None:
        """Open the picker's search box and type `text` once it has the focus: the footer then
        drops the list's keys (q Quit), and a "q" typed before that would quit."""
        self.keys("/")

        def searching(screen: str) -> bool:
            # The footer of the search box: drawn whole (a footer being redrawn on a busy machine
            # can be caught half empty), with the list's keys gone.
            footer = screen.splitlines()[-1]
            return "Search" in footer and "palette" in footer and "Goals" not in footer

        self.wait_until(searching, "the search box")
        self.type(text)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)
        time.sleep(0.2)

    def screen(self) -> str:
        text = self.tmux("capture-pane", "-p", "-t", self.name)
        self.screens.append(text)
        return text

    def wait_for(self, *texts: str, timeout: float = 15.0) -> str:
        """The screen once it shows every text in `texts`; fails with the last screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            assert "Traceback" not in screen, screen
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"waited {timeout}s for {texts!r}; the screen showed:\n{screen}")
            time.sleep(0.1)

    def wait_until(self, check: Callable[[str], bool], what: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if check(screen):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"waited {timeout}s for {what}; the screen showed:\n{screen}")
            time.sleep(0.1)

    def exited(self) -> bool:
        """Whether the command has ended (its exit status is written)."""
        try:
            return self.status_file.read_text().strip() != ""
        except FileNotFoundError:
            return False

    def exit_status(self) -> str:
        """The command's exit status, once `exited()`; empty before."""
        try:
            return self.status_file.read_text().strip()
        except FileNotFoundError:
            return ""

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))
        time.sleep(0.3)

    def close(self) -> None:
        self.tmux("kill-server")
