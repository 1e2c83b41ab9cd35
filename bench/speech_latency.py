"""How soon the voice starts after a step's tone, heard by capture: espeak-ng live and the
natural voice made ahead, beside the tones' own timing measured in the same run.

`handcue play --plain --voice --brief` plays a routine of short steps in a child process whose
HOME holds an .asoundrc that sends every sound to the tests' capturing device (ALSA's `file`
plugin over `null`, each stream paced like a card and kept with its arrival time). For each
line said, the first sound of speech is found in its capture; its moment is when the conductor
asks for it: the step tone's arrival, plus the tone's length, plus `SPEECH_GAP`. Lateness is
the first sound less that moment. The baseline is how far the step tones themselves land from
their schedule (every STEP seconds): the capture's own jitter, which any sound has.

Goal: the natural voice under 100 ms late at the 99th percentile (it starts as a tone does).
The natural voice is piper's when `handcue[voice]` is installed; its lines are made before the
play (a warm cache), as they are during the precautions and check-in.

Usage: python bench/speech_latency.py [--steps 40]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.capture import Capture, run_python, wav_frames  # noqa: E402

from handcue.core.cues import all_cues  # noqa: E402
from handcue.services.conductor import SPEECH_GAP  # noqa: E402

STEP = 3.0
THRESHOLD = 0.01
"""A sample above this (of full scale) is sound."""

CHILD = """
import sys
from handcue.__main__ import main
sys.exit(main(['play', 'latency', '--plain', '--yes', '--voice', '--brief']))
"""

WARM = """
import os
from pathlib import Path
from handcue.audio.natural_voice import natural_engine
from handcue.audio.speech_cache import SpeechCache
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode, sentences
from handcue.storage.routine_files import load_library
from handcue.services.conductor import conduct
from handcue.services.listening import Listening
from handcue.services.voices import speech_folder

routine = load_library(Path(os.environ['HANDCUE_ROUTINES'])).get('latency')
conductor = conduct(Session(routine), Listening(voice=True), VoiceMode.BRIEF)
wanted = [s for line in conductor.lines() for s in sentences(line)]
SpeechCache(speech_folder()).fill(natural_engine(), wanted)
"""


def routine(steps: int) -> str:
    lines = ["title: Latency", "goals: [grip]", "steps:"]
    lines += [
        f"  - {{title: Rest, instruction: Rest the hands., duration: {STEP}}}" for _ in range(steps)
    ]
    return "\n".join(lines) + "\n"


def tone_name(capture: Capture) -> str | None:
    for cue in all_cues():
        if capture.raw and wav_frames(cue.sound_name).startswith(capture.raw):
            return cue.sound_name
    return None


def first_sound(capture: Capture) -> float | None:
    samples = abs(capture.samples).max(axis=1)
    loud = (samples > THRESHOLD).nonzero()[0]
    return None if not len(loud) else capture.arrival + loud[0] / capture.rate


def seconds_of(name: str) -> float:
    return len(wav_frames(name)) / (44_100 * 4)


def measure(folder: Path, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Lateness of each line's first sound, and of each step tone from its schedule."""
    run = run_python(CHILD, folder, env=env, timeout=600)
    if run.returncode != 0:
        raise SystemExit(f"the play failed: {run.stderr.strip()}")
    late: list[float] = []
    last_tone: tuple[Capture, str] | None = None
    steps: list[float] = []
    for capture in run.captures:
        name = tone_name(capture)
        if name is not None:
            last_tone = (capture, name)
            if name in ("start", "step-centre", "finish"):
                steps.append(capture.arrival)
            continue
        sound = first_sound(capture)
        if sound is None or last_tone is None:
            continue
        tone, tone_name_ = last_tone
        late.append(sound - (tone.arrival + seconds_of(tone_name_) + SPEECH_GAP))
        last_tone = None
    # From their schedule, every STEP seconds: the offset all of them share (when the first
    # capture happened to start) taken out, what is left is the capture's own jitter.
    offsets = [at - index * STEP for index, at in enumerate(steps)]
    shared = statistics.median(offsets)
    return late, [offset - shared for offset in offsets]


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def figures(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), p99(values)


def line(label: str, count: str, values: list[float], baseline: list[float] | None = None) -> str:
    median, worst = figures(values)
    text = f"{label:<28} {count:>9}  median {median * 1000:5.0f} ms  p99 {worst * 1000:5.0f} ms"
    if baseline:
        base, base99 = figures(baseline)
        text += f"  ({median / base:.1f}x / {worst / base99:.1f}x espeak-ng live)"
    return text


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is not installed")
        return 1
    from handcue.audio.natural_voice import natural_engine

    with tempfile.TemporaryDirectory() as base:
        home = Path(base)
        (home / "routines").mkdir()
        (home / "routines" / "latency.yaml").write_text(routine(args.steps))
        env = {
            "HANDCUE_ROUTINES": str(home / "routines"),
            "HANDCUE_AUDIO": "simpleaudio",
            "HANDCUE_DATA_DIR": str(home / "data"),
            "HANDCUE_CONFIG_DIR": str(home / "config"),
            "HANDCUE_CACHE_DIR": str(home / "cache"),
        }
        print(f"{args.steps} steps of {STEP:.0f} s, brief; lateness of the first sound of speech")
        live, tones = measure(home / "espeak", {**env, "HANDCUE_SPEECH": "espeak-ng"})
        results = [line("espeak-ng, live", f"{len(live)} lines", live)]
        if natural_engine() is None:
            results.append("natural voice: not installed (pip install 'handcue[voice]')")
        else:
            natural = {**env, "HANDCUE_SPEECH": ""}
            warm = run_python(WARM, home / "warm", env=natural, timeout=600)
            if warm.returncode != 0:
                raise SystemExit(f"making the speech failed: {warm.stderr.strip()}")
            made, more = measure(home / "natural", natural)
            tones += more
            results.append(line("natural voice, made ahead", f"{len(made)} lines", made, live))
        drift = [abs(x) for x in tones]
        print(line("tones, from their schedule", f"{len(drift)} tones", drift))
        print("\n".join(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
