"""Steady-state CPU while a routine plays in tmux, beside `termdown` counting down, same run.

Both run at 120x40 in their own tmux servers, counting down the same ten minutes. After a
settling pause, CPU time (user + system, from /proc) is sampled over a window and divided by the
wall time. /proc counts CPU time in clock ticks (10 ms on most systems), so a 10 s window can
only tell shares apart by 0.1 percentage points: the default window is 30 s. termdown is
installed into a temporary virtualenv made by this script. Goal: handcue <= 0.7x termdown. Also
printed: peak memory (VmHWM; goal <= 1.2x termdown's) and wake-ups per second (voluntary
context switches of all the process's threads over the window: how often it leaves the CPU to
wait). A run with the stroke pacer on prints the cost of its sweeping bar (up to 20 looks a
second) beside the others. handcue runs without sound (`HANDCUE_AUDIO=silent`), in private
folders; `--compare SRC` adds another checkout's package, for a before and after in one run.

Measured on the shared two-core machine, 3 rounds of 30 s, `--compare` with the main branch's
package before this work; two runs on the same code, the second on a busier machine:

                          CPU, / termdown              peak memory, / termdown
    handcue before       0.90% 1.42x | 0.93% 1.40x    52.5 MB 1.76x | 52.6 MB 1.77x
    handcue after        0.70% 1.11x | 0.80% 1.20x    49.5 MB 1.66x | 49.7 MB 1.67x
    termdown 10m         0.63%       | 0.67%          29.8 MB       | 29.7 MB
    floor: Digits app    0.37% 0.58x | 0.40% 0.60x    32.9 MB 1.11x | 32.9 MB 1.11x

Neither goal is met. What was done: the hand map repaints only its caption row when only a
percent changes (the drawing is laid out again only when a region changes); the big clock's
lines are built straight from each character's rows as strips, not laid out as text every
second; playing no longer loads every installed package's metadata (2 MB).

Where the floor is, from one steady-state profile per app at 120x40 (per second of playing,
timed in the process; /proc's 10 ms ticks make the thread figures coarse):

    handcue: 6.4 ms CPU a second: main thread 5.5 ms (Textual's compositor 3.2 ms, the
             player's tick 0.9 ms of which reading the session and setting the panes' state
             0.2-0.7 ms, writing the frame 0.3 ms, the event loop the rest), input thread 1.0
    floor:   2.8 ms CPU a second: main thread 1.5 ms (compositor 1.3 ms, writing 0.4 ms),
             input thread 0.5 ms

The compositor's cost is in the widgets it visits, not in what changed: each frame Textual
renders every widget whose parent overlaps the changed area, so the four panes (direct
children of the screen), the screen (40 lines) and the footer are visited every second although
only the clock pane changed: 13 widgets and about 146 cached lines a frame, against 2 for the
floor. Grouping the panes in rows or columns does not help in Textual 8.2: the siblings on the
way to the clock are still visited in full (worked out from Textual's `_get_renders` and a
count of the widgets visited: about 137 lines a frame instead of 146). A new timer each tick
costs 0.04 ms (1000 set and stopped in 40 ms), so Textual's timer, with its error handling,
stays. The goal of 0.7x termdown is under what four framed panes cost in Textual (the floor,
one widget, is 0.58x). Memory: the Python heap while playing is 29 MB under tracemalloc, 11.6 MB
of it the code of imported modules (547 modules, against 386 for the floor: the picker the app
opens on, the player, the services, sqlite3 for recording the session); the goal (36 MB) is
3 MB over a bare Textual app.

Usage: python bench/playing_cpu.py [--rounds 3] [--window 30] [--compare SRC]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from first_frame import HANDCUE, Tmux, handcue_env

LONG_ROUTINE = """\
id: bench-long
title: Benchmark long hold
summary: One long step, so the player stays in steady state for the whole measurement.
goals: [stress]
steps:
  - title: Hold the palm
    instruction: Press the centre of the palm and hold.
    technique: acupressure
    hand: both
    duration: 10m
"""

PACED_ROUTINE = LONG_ROUTINE.replace("bench-long", "bench-paced").replace(
    "    duration: 10m", "    duration: 10m\n    tempo: 30"
)
COUNTDOWN_APP = """
import time
from textual.app import App
from textual.widgets import Digits


class Countdown(App[None]):
    # The floor: the cheapest Textual app that counts ten minutes down once a second.
    def compose(self):
        yield Digits("10:00")

    def on_mount(self):
        self.end = time.monotonic() + 600
        self.set_interval(1.0, self.tick)

    def tick(self):
        left = max(0, round(self.end - time.monotonic()))
        self.query_one(Digits).update(f"{left // 60}:{left % 60:02d}")


Countdown().run()
"""

TICKS = os.sysconf("SC_CLK_TCK")

COMPARED = "handcue compared (SRC)"
"""The run of `--compare SRC`: the same command with another checkout's package first."""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def wakeups(pid: int) -> int:
    """Voluntary context switches of every thread of `pid` so far."""
    total = 0
    for status in Path(f"/proc/{pid}/task").glob("*/status"):
        try:
            text = status.read_text()
        except OSError:  # a thread that ended while we looked
            continue
        for line in text.splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                total += int(line.split()[1])
    return total


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(
    command: list[str], env: dict[str, str], marker: str, window: float
) -> tuple[float, float, float]:
    """(CPU share over `window` seconds of steady state, peak memory in MB, wake-ups a second)."""
    tmux = Tmux()
    try:
        tmux.start(command, env)
        if marker:
            tmux.wait_for(marker)
        else:  # big figlet digits: wait for anything drawn
            deadline = time.monotonic() + 30
            while not tmux.screen().strip() and time.monotonic() < deadline:
                time.sleep(0.05)
        time.sleep(2.0)
        pid = tmux.pid()
        cpu_before, woke_before, wall_before = cpu_seconds(pid), wakeups(pid), time.monotonic()
        time.sleep(window)
        cpu_after, woke_after, wall_after = cpu_seconds(pid), wakeups(pid), time.monotonic()
        wall = wall_after - wall_before
        return (
            (cpu_after - cpu_before) / wall,
            peak_memory_mb(pid),
            (woke_after - woke_before) / wall,
        )
    finally:
        tmux.kill()


def install_termdown(folder: Path) -> Path | None:
    """termdown in a fresh virtualenv under `folder`; None when it cannot be installed."""
    env_dir = folder / "termdown-venv"
    venv.create(env_dir, with_pip=True)
    pip = env_dir / "bin" / "pip"
    result = subprocess.run(
        [str(pip), "install", "--quiet", "termdown"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        print(f"could not install termdown: {result.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    return env_dir / "bin" / "termdown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--window", type=float, default=30.0)
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="SRC",
        help="also play with the handcue package in SRC (another checkout's src folder)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handcue-bench-") as tmp:
        folder = Path(tmp)
        env = handcue_env(folder)
        (folder / "routines" / "bench-long.yaml").write_text(LONG_ROUTINE, encoding="utf-8")
        (folder / "routines" / "bench-paced.yaml").write_text(PACED_ROUTINE, encoding="utf-8")
        termdown = install_termdown(folder)
        runs: dict[str, tuple[list[str], dict[str, str], str]] = {
            "handcue playing": (
                [str(HANDCUE), "play", "bench-long", "--yes", "--no-checkin"],
                env,
                "Hold the palm",
            ),
            "handcue + pacer": (
                [str(HANDCUE), "play", "bench-paced", "--yes", "--pacer", "--no-checkin"],
                env,
                "Hold the palm",
            ),
        }
        if args.compare is not None:
            other = folder / "compare"
            other.mkdir()
            other_env = {**handcue_env(other), "PYTHONPATH": str(args.compare.resolve())}
            (other / "routines" / "bench-long.yaml").write_text(LONG_ROUTINE, encoding="utf-8")
            runs[COMPARED] = (
                [str(HANDCUE), "play", "bench-long", "--yes", "--no-checkin"],
                other_env,
                "Hold the palm",
            )
        if termdown is not None:
            runs["termdown 10m"] = ([str(termdown), "10m"], {"TERM": "xterm-256color"}, "")
        floor = folder / "countdown.py"
        floor.write_text(COUNTDOWN_APP, encoding="utf-8")
        runs["floor: Textual Digits"] = (
            [sys.executable, str(floor)],
            {"TERM": "xterm-256color"},
            "",
        )
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        memory: dict[str, list[float]] = {name: [] for name in runs}
        woke: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, (command, run_env, marker) in runs.items():
                share, peak, rate = measure(command, run_env, marker, args.window)
                cpu[name].append(share)
                memory[name].append(peak)
                woke[name].append(rate)
    print(
        f"steady-state CPU at 120x40 in tmux, {args.rounds} rounds of {args.window:.0f}s, median:"
    )
    for name in runs:
        print(
            f"  {name:<22} CPU {statistics.median(cpu[name]) * 100:5.2f}%"
            f"   peak memory {max(memory[name]):6.1f} MB"
            f"   wake-ups {statistics.median(woke[name]):6.1f}/s"
        )
    if "termdown 10m" in cpu:
        ratio = statistics.median(cpu["handcue playing"]) / statistics.median(cpu["termdown 10m"])
        verdict = "meets" if ratio <= 0.7 else "misses"
        print(f"  CPU ratio handcue / termdown: {ratio:.2f}x ({verdict} the goal of <= 0.7x)")
        peak = max(memory["handcue playing"]) / max(memory["termdown 10m"])
        verdict = "meets" if peak <= 1.2 else "misses"
        print(f"  peak memory ratio: {peak:.2f}x ({verdict} the goal of <= 1.2x)")
        if COMPARED in cpu:
            compared_cpu = statistics.median(cpu[COMPARED]) / statistics.median(cpu["termdown 10m"])
            compared_memory = max(memory[COMPARED]) / max(memory["termdown 10m"])
            print(
                f"  compared (SRC) / termdown: CPU {compared_cpu:.2f}x, "
                f"peak memory {compared_memory:.2f}x"
            )
        floor_cpu = statistics.median(cpu["floor: Textual Digits"]) / statistics.median(
            cpu["termdown 10m"]
        )
        floor_memory = max(memory["floor: Textual Digits"]) / max(memory["termdown 10m"])
        print(
            f"  the floor (a bare Textual app updating one Digits a second) / termdown: "
            f"CPU {floor_cpu:.2f}x, peak memory {floor_memory:.2f}x"
        )
    else:
        print("  no termdown baseline this run: ratio not computed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
