"""Time to the picker's first frame in tmux, beside a minimal Textual app's, in the same run.

Each round starts a fresh tmux server at 120x40, runs the command, and polls `capture-pane`
until the frame's marker text shows. Rounds alternate between the two commands so machine load
hits both alike. Goal: handcue's median <= 1.15x the minimal app's.

Usage: python bench/first_frame.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PYTHON = Path(sys.executable)
HANDCUE = PYTHON.parent / "handcue"

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static


class Minimal(App[None]):
    def compose(self):
        yield Header()
        yield Static("minimal first frame")
        yield Footer()


Minimal().run()
"""


class Tmux:
    """A private tmux server (its own socket) holding one session."""

    def __init__(self) -> None:
        self.name = f"bench-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.name, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return result.stdout

    def start(
        self, command: list[str], env: dict[str, str], width: int = 120, height: int = 40
    ) -> None:
        exports = [f"{key}={value}" for key, value in env.items()]
        self.run(
            "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
            "env", "-u", "COLUMNS", "-u", "LINES", *exports, *command,
        )  # fmt: skip

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def pid(self) -> int:
        return int(self.run("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def wait_for(self, marker: str, timeout: float = 30.0) -> float:
        """Seconds from now until `marker` shows on the screen, polled every 5 ms."""
        began = time.perf_counter()
        while marker not in self.screen():
            if time.perf_counter() - began > timeout:
                raise TimeoutError(f"{marker!r} did not show within {timeout}s")
            time.sleep(0.005)
        return time.perf_counter() - began

    def kill(self) -> None:
        self.run("kill-server")


def first_frame(command: list[str], env: dict[str, str], marker: str) -> float:
    """Seconds from starting `command` in a new tmux session until `marker` is on screen."""
    tmux = Tmux()
    try:
        began = time.perf_counter()
        tmux.start(command, env)
        tmux.wait_for(marker)
        return time.perf_counter() - began
    finally:
        tmux.kill()


def handcue_env(folder: Path) -> dict[str, str]:
    """Private user folders, so the run neither reads nor writes a real person's files."""
    for name in ("data", "config", "routines"):
        (folder / name).mkdir(exist_ok=True)
    return {
        "HANDCUE_AUDIO": "silent",
        "HANDCUE_DATA_DIR": str(folder / "data"),
        "HANDCUE_CONFIG_DIR": str(folder / "config"),
        "HANDCUE_ROUTINES": str(folder / "routines"),
        "TERM": "xterm-256color",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    if shutil.which("tmux") is None or not HANDCUE.exists():
        print("needs tmux and the handcue command installed beside this Python", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="handcue-bench-") as tmp:
        folder = Path(tmp)
        minimal = folder / "minimal.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        env = handcue_env(folder)
        runs = {
            "minimal Textual app": ([str(PYTHON), str(minimal)], {"TERM": "xterm-256color"}, "minimal first frame"),
            "handcue picker": ([str(HANDCUE)], env, "All goals"),
        }  # fmt: skip
        for command, run_env, marker in runs.values():  # warm the caches once each
            first_frame(command, run_env, marker)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, (command, run_env, marker) in runs.items():
                times[name].append(first_frame(command, run_env, marker))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"first frame at 120x40 in tmux, {args.rounds} rounds, median (min-max):")
    for name, values in times.items():
        print(
            f"  {name:<22} {medians[name] * 1000:7.1f} ms  ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"
        )
    ratio = medians["handcue picker"] / medians["minimal Textual app"]
    verdict = "meets" if ratio <= 1.15 else "misses"
    print(f"  ratio handcue / minimal: {ratio:.2f}x ({verdict} the goal of <= 1.15x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
