"""How fast the command line answers, beside the cost of merely importing Textual.

`handcue list` must not pay for the interface: the goal is at most a third of the time
`python -c "import textual.app"` takes on the same machine in the same run. Also times
`handcue check` on a generated 2,000-step routine (goal: under one second).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from first_frame import handcue_env


def median_seconds(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def big_routine(path: Path, steps: int) -> None:
    lines = ["title: Stress test", "goals: [grip]", "steps:"]
    for number in range(steps):
        lines += [
            f"  - title: Step {number}",
            f"    key: step-{number}",
            "    instruction: Press small circles into the palm with the other thumb.",
            "    technique: thumb-press",
            "    hand: each",
            "    areas: [palm, thenar, thumb]",
            "    pressure: moderate",
            "    duration: 1m30s",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    baseline = median_seconds([python, "-c", "import textual.app"], args.runs)
    bare = median_seconds([python, "-c", "pass"], args.runs)
    with tempfile.TemporaryDirectory(prefix="handcue-bench-") as folder:
        # Private cache, data, config and routines folders: the machine's own are never read.
        env = {**os.environ, **handcue_env(Path(folder))}
        listing = median_seconds([python, "-m", "handcue", "list"], args.runs, env)
        routine = Path(folder) / "big.yaml"
        big_routine(routine, 2000)
        check = median_seconds(
            [python, "-m", "handcue", "check", str(routine)], max(3, args.runs // 3), env
        )
    print(f"median of {args.runs} runs each")
    print(f"  python -c pass               {bare * 1000:8.1f} ms")
    print(f"  python -c 'import textual.app' {baseline * 1000:6.1f} ms  (baseline)")
    print(
        f"  handcue list                 {listing * 1000:8.1f} ms  ratio {listing / baseline:.2f} (goal <= 0.33)"
    )
    print(f"  handcue check 2,000 steps    {check * 1000:8.1f} ms  (goal < 1000 ms)")
    print(f"  ratio handcue list / python -c pass: {listing / bare:.2f}")


if __name__ == "__main__":
    main()
