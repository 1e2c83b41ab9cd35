"""How long `player.play(cue)` takes to return: simpleaudio beside the silent baseline.

The UI calls `play` from its timer, so the call must cost next to nothing (goal: median
<= 2 ms). simpleaudio runs against the tests' capturing ALSA device (no sound card needed),
in a child process whose HOME holds that .asoundrc.

Usage: python bench/audio_latency.py [--plays 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "audio"))

from capture import capture_env, prepare  # noqa: E402

CHILD = """
import json, sys, time
from handcue.audio import SilentPlayer
from handcue.audio.simpleaudio_player import SimpleaudioPlayer
from handcue.core.cues import all_cues

plays = int(sys.argv[1])
cues = all_cues()
results = {}
for make in (SilentPlayer, SimpleaudioPlayer):
    player = make()
    took = []
    for index in range(plays):
        cue = cues[index % len(cues)]
        began = time.perf_counter()
        player.play(cue)
        took.append(time.perf_counter() - began)
        time.sleep(0.01)
    player.close()
    results[player.name] = took
# For context: what play() would cost if it opened the device on the caller's thread.
import simpleaudio
bank = SimpleaudioPlayer().bank
took = []
for index in range(plays):
    sound = bank.get(cues[index % len(cues)].sound_name)
    began = time.perf_counter()
    handle = simpleaudio.play_buffer(sound.frames, sound.channels, 2, sound.rate)
    took.append(time.perf_counter() - began)
    time.sleep(0.01)
    handle.stop()
results["play_buffer, direct"] = took
print(json.dumps(results))
"""


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--plays", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handcue-bench-") as workdir:
        home, _ = prepare(Path(workdir))
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(args.plays)],
            env=capture_env(home),
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return 1
    results: dict[str, list[float]] = json.loads(done.stdout)
    base_median, _ = summary(results["silent"])
    print(f"play() return time over {args.plays} plays (ms)")
    print(f"{'backend':<20} {'median':>8} {'p99':>8} {'x silent':>9}")
    for name, took in results.items():
        median, p99 = summary(took)
        ratio = median / base_median if base_median > 0 else float("inf")
        print(f"{name:<20} {median:8.4f} {p99:8.4f} {ratio:9.1f}")
    median, _ = summary(results["simpleaudio"])
    print(f"goal: simpleaudio median <= 2 ms: {'met' if median <= 2.0 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
