"""`handcue history` and the History screen with 100,000 sessions, beside same-run baselines.

1. `handcue history` (table and summary) on a database of 100,000 sessions (30 % rated before
   and after), median of N runs; goal: under 0.3 s. Baseline: `python -c pass`.
2. The History screen's first frame (`handcue history --screen`, timed until its sections show)
   and its figures (until the summary shows) against the picker's first frame (`handcue`, until
   its list shows), all on that database, in tmux at 120x40, alternating; goal: the History
   screen's first frame within 1.3x of the picker's.

Usage: python bench/history.py [--sessions 100000] [--runs 9] [--rounds 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from first_frame import HANDCUE, PYTHON, first_frame, handcue_env

from handcue.storage.history import CheckIn, History, SessionRecord
from handcue.storage.user_database import FILE_NAME, UserDatabase

ROUTINES = (
    ("bedtime-wind-down", "Bedtime wind-down", ("sleep", "stress"), "sleepiness"),
    ("desk-break", "Desk break", ("desk-work",), "stiffness"),
    ("gentle-joint-warm-up", "Gentle joint warm-up", ("stiffness", "arthritis"), "pain"),
    ("grip", "Grip strength", ("grip",), "stiffness"),
)


def fill(path: Path, count: int) -> None:
    """`count` sessions over the last years, about 30 % of them rated before and after."""
    rng = random.Random(100_000)
    zone = timezone(timedelta(hours=1))
    now = datetime.now(zone)
    records = []
    for number in range(count):
        routine_id, title, goals, measure = ROUTINES[number % len(ROUTINES)]
        start = now - timedelta(minutes=7 * (count - number))
        played = rng.uniform(120, 900)
        checkins: tuple[CheckIn, ...] = ()
        if rng.random() < 0.3:
            before = rng.randint(3, 9)
            checkins = (
                CheckIn("before", measure, "both", before),
                CheckIn("after", measure, "both", max(0, before - rng.randint(0, 3))),
            )
        records.append(
            SessionRecord(
                routine_id=routine_id,
                routine_title=title,
                goals=goals,
                started=start,
                ended=start + timedelta(seconds=played),
                played_seconds=played,
                left_seconds=played / 2,
                right_seconds=played / 2,
                steps_done=6,
                steps_skipped=0,
                checkins=checkins,
            )
        )
    database = UserDatabase(path)
    History(database).import_sessions(records)
    database.close()


def median_seconds(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handcue-bench-") as tmp:
        folder = Path(tmp)
        env = handcue_env(folder)
        began = time.perf_counter()
        fill(folder / "data" / FILE_NAME, args.sessions)
        print(f"made {args.sessions:,} sessions in {time.perf_counter() - began:.1f} s")
        full_env = {**env, "PATH": "/usr/bin:/bin"}
        bare = median_seconds([str(PYTHON), "-c", "pass"], full_env, args.runs)
        history = median_seconds([str(HANDCUE), "history"], full_env, args.runs)
        as_json = median_seconds([str(HANDCUE), "history", "--summary"], full_env, args.runs)
        print(f"median of {args.runs} runs, {args.sessions:,} sessions:")
        print(f"  python -c pass               {bare * 1000:7.1f} ms  (baseline)")
        verdict = "meets" if history < 0.3 else "misses"
        print(f"  handcue history              {history * 1000:7.1f} ms  ({verdict} < 300 ms)")
        print(f"  handcue history --summary    {as_json * 1000:7.1f} ms")

        runs = {
            "handcue picker": ([str(HANDCUE)], env, "All goals"),
            # Its first frame (the sections, with "Reading your history…"), then its figures,
            # which a worker thread sums while the screen is already up.
            "History screen": ([str(HANDCUE), "history", "--screen"], env, "Minutes per week"),
            "History figures": ([str(HANDCUE), "history", "--screen"], env, "Most played"),
        }
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
            f"  {name:<16} {medians[name] * 1000:7.1f} ms  "
            f"({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"
        )
    ratio = medians["History screen"] / medians["handcue picker"]
    verdict = "meets" if ratio <= 1.3 else "misses"
    print(f"  ratio History first frame / picker: {ratio:.2f}x ({verdict} the goal of <= 1.3x)")
    figures = medians["History figures"] / medians["handcue picker"]
    print(f"  ratio History figures / picker:     {figures:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
