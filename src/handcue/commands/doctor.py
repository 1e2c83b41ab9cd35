"""`handcue doctor`: what handcue found on this machine, for a person fixing missing sound."""

from __future__ import annotations

import platform
import sys

from handcue import __version__, resources
from handcue.storage import paths


def report(facts_for_audio: dict[str, str], speech: str) -> str:
    import textual

    rows = [
        ("handcue", __version__),
        ("python", f"{platform.python_version()} ({sys.executable})"),
        ("textual", textual.__version__),
        ("platform", platform.platform()),
    ]
    rows += [
        (f"audio {key}" if key != "backend" else "audio backend", value)
        for key, value in facts_for_audio.items()
    ]
    rows += [
        ("speech", speech),
        ("bundled routines", str(resources.routines_dir())),
        ("bundled sounds", str(resources.sounds_dir())),
        ("your routines", str(paths.user_routines_dir())),
        ("settings and tweaks", str(paths.config_dir())),
        ("history", str(paths.data_dir())),
        ("cache", str(paths.cache_dir())),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)
