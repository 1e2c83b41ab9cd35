"""Remembers the validated library between runs, so `handcue list` need not parse YAML again.

The cache is keyed on every routine file's identity (path, size, times, inode) and handcue's own
version: any edit, new or removed file, or upgrade means a fresh parse. It holds only what the
loader already accepted and is plain JSON, so a damaged cache is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from handcue import __version__
from handcue.core.library import Library
from handcue.core.routine import (
    Area,
    Hand,
    Intensity,
    Pressure,
    Routine,
    Source,
    Step,
    Technique,
)
from handcue.storage import paths
from handcue.storage.files import read_regular
from handcue.storage.routine_files import bundled_routines_dir, load_library, routine_files

CACHE_NAME = "library.json"
CACHE_FORMAT = 3
"""Raised when what the cache holds changes shape (2: sources with fields, partner; 3: the line
of each source), so old ones rebuild."""
MAX_CACHE_BYTES = 256 * 1024 * 1024
"""Only a cache this big is read; a pipe or device in its place is never read at all."""


def _fingerprint(folders: list[Path]) -> list[Any]:
    entries: list[Any] = [__version__, CACHE_FORMAT]
    for folder in folders:
        entries.append(str(folder))
        for path in routine_files(folder):
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append(
                [str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
            )
    return entries


def _step_to_json(step: Step) -> dict[str, Any]:
    return {
        "title": step.title,
        "instruction": step.instruction,
        "duration": step.duration,
        "technique": step.technique,
        "hand": step.hand,
        "areas": list(step.areas),
        "pressure": step.pressure,
        "reps": step.reps,
        "key": step.key,
        "tempo": step.tempo,
        "tempo_end": step.tempo_end,
        "line": step.line,
    }


# Each value by its text: a dictionary answers in a tenth of the time of `Hand(text)`, which
# counts on every start (a thousand values), and a text that is none raises KeyError, which
# rebuilds the cache as a ValueError would.
_HANDS = {hand.value: hand for hand in Hand}
_AREAS = {area.value: area for area in Area}
_TECHNIQUES = {technique.value: technique for technique in Technique}
_PRESSURES = {pressure.value: pressure for pressure in Pressure}
_INTENSITIES = {intensity.value: intensity for intensity in Intensity}


def _step_from_json(data: dict[str, Any]) -> Step:
    return Step(
        title=data["title"],
        instruction=data["instruction"],
        duration=data["duration"],
        technique=_TECHNIQUES[data["technique"]] if data["technique"] else None,
        hand=_HANDS[data["hand"]],
        areas=tuple(_AREAS[area] for area in data["areas"]),
        pressure=_PRESSURES[data["pressure"]] if data["pressure"] else None,
        reps=data["reps"],
        key=data["key"],
        tempo=data["tempo"],
        tempo_end=data["tempo_end"],
        line=data["line"],
    )


def _routine_to_json(routine: Routine) -> dict[str, Any]:
    return {
        "id": routine.id,
        "title": routine.title,
        "steps": [_step_to_json(step) for step in routine.steps],
        "summary": routine.summary,
        "goals": list(routine.goals),
        "intensity": routine.intensity,
        "cautions": list(routine.cautions),
        "prepare": routine.prepare,
        "sources": [{**source.as_dict(), "line": source.line} for source in routine.sources],
        "switch_seconds": routine.switch_seconds,
        "partner": routine.partner,
        "path": str(routine.path) if routine.path else None,
        "user": routine.user,
        "overrides_bundled": routine.overrides_bundled,
    }


def _routine_from_json(data: dict[str, Any]) -> Routine:
    return Routine(
        id=data["id"],
        title=data["title"],
        steps=tuple(_step_from_json(step) for step in data["steps"]),
        summary=data["summary"],
        goals=tuple(data["goals"]),
        intensity=_INTENSITIES[data["intensity"]],
        cautions=tuple(data["cautions"]),
        prepare=data["prepare"],
        sources=tuple(Source.from_dict(source) for source in data["sources"]),
        switch_seconds=data["switch_seconds"],
        partner=data["partner"],
        path=Path(data["path"]) if data["path"] else None,
        user=data["user"],
        overrides_bundled=data["overrides_bundled"],
    )


def _encode(library: Library, fingerprint: list[Any]) -> str:
    return json.dumps(
        {
            "fingerprint": fingerprint,
            "routines": [_routine_to_json(routine) for routine in library.routines],
            "problems": [[str(p.path), p.line, p.column, p.message] for p in library.problems],
        }
    )


def _decode(text: str, fingerprint: list[Any]) -> Library | None:
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
        return None
    routines = tuple(_routine_from_json(item) for item in data["routines"])
    if not data["problems"]:
        return Library(routines)  # the usual case, without importing `Problem`
    from handcue.core.problems import Problem

    return Library(
        routines,
        tuple(
            Problem(Path(path), line, column, message)
            for path, line, column, message in data["problems"]
        ),
    )


def load_library_cached(user_dir: Path | None, cache: Path | None = None) -> Library:
    """The same answer as `load_library`, from the cache when no routine file has changed."""
    cache = cache or paths.cache_dir() / CACHE_NAME
    folders = [bundled_routines_dir()] + ([user_dir] if user_dir is not None else [])
    fingerprint = json.loads(json.dumps(_fingerprint(folders)))
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        cached = _decode(read_regular(cache, MAX_CACHE_BYTES).decode("utf-8"), fingerprint)
        if cached is not None:
            return cached
    library = load_library(user_dir)
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache.parent, prefix=".library-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(_encode(library, fingerprint))
            os.replace(temporary, cache)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return library
