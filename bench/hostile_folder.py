"""How long `handcue list` takes on a routines folder built to break it, beside a clean one.

The hostile folder holds a named pipe, a link to /dev/zero and a file for each value that once
crashed the loader, next to one good routine; the baseline holds the good routine alone. Both
are listed with a cold cache (every file parsed). Goal: every good routine listed, one warning
line, well under 2 s, and close to the baseline.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
GOOD = """\
title: My own routine
goals: [sleep]
steps:
  - {title: Warm, instruction: Rub the palms together., duration: 20}
"""
BAD_VALUES = ["!!bool maybe", '!!int ""', "9" * 400, "9" * 5000, "!!str [1]", '"\\e]0;x\\a"']


def folder(root: Path, hostile: bool) -> Path:
    routines = root / ("hostile" if hostile else "clean")
    routines.mkdir()
    (routines / "mine.yaml").write_text(GOOD, encoding="utf-8")
    if hostile:
        os.mkfifo(routines / "pipe.yaml")
        (routines / "zero.yaml").symlink_to("/dev/zero")
        for number, value in enumerate(BAD_VALUES):
            text = GOOD.replace("duration: 20", f"duration: {value}")
            (routines / f"bad-{number}.yaml").write_text(text, encoding="utf-8")
    return routines


def list_once(routines: Path, root: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    cache = root / "cache"
    for leftover in cache.glob("*"):
        leftover.unlink()
    env = {
        **os.environ,
        "HANDCUE_ROUTINES": str(routines),
        "HANDCUE_CACHE_DIR": str(cache),
        "HANDCUE_DATA_DIR": str(root / "data"),
        "HANDCUE_CONFIG_DIR": str(root / "config"),
    }
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "handcue", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return time.perf_counter() - started, result


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="handcue-bench-") as scratch:
        root = Path(scratch)
        clean, hostile = folder(root, hostile=False), folder(root, hostile=True)
        times: dict[str, list[float]] = {"clean": [], "hostile": []}
        for _ in range(RUNS):
            for name, routines in (("clean", clean), ("hostile", hostile)):
                seconds, result = list_once(routines, root)
                times[name].append(seconds)
                if name == "hostile":
                    assert "My own routine" in result.stdout, result.stdout
                    warnings = result.stderr.strip().splitlines()
        baseline = statistics.median(times["clean"])
        measured = statistics.median(times["hostile"])
        print(f"handcue list, clean folder (1 routine):      median {baseline * 1000:.0f} ms")
        print(
            f"handcue list, hostile folder (pipe, /dev/zero, {len(BAD_VALUES)} bad files): "
            f"median {measured * 1000:.0f} ms, {measured / baseline:.2f}x the clean folder "
            f"(goal: under 2000 ms); {len(warnings)} warning line"
        )


if __name__ == "__main__":
    main()
