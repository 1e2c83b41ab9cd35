"""Which simpleaudio build is installed, found without importing it, and whether it is safe here.

The original simpleaudio 1.0.4 (2019, archived upstream) kills the interpreter with a
segmentation fault when a sound ends on Python 3.12 and later (upstream issue
hamiltron/py-simple-audio#72); nothing in Python can catch that. Maintained forks install
the same `simpleaudio` module, and two distributions can even share its folder, so the build
really on disk is told apart by the hash each distribution's RECORD gives for the compiled
module.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.machinery import PathFinder
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing it costs megabytes, paid only where a build must be named
    from importlib import metadata

MODULE = "simpleaudio"
FIXED_FORK = "simpleaudio-patched"
"""The fork the `sound` extra installs on Python 3.12 and later."""

SAFE_FROM = (3, 12)


@dataclass(frozen=True, slots=True)
class Build:
    """The distribution that provided the simpleaudio files on disk."""

    distribution: str
    version: str


def installed_build(path: Sequence[str] | None = None) -> Build | None:
    """The simpleaudio build on `path` (default `sys.path`); None when there is none to name."""
    from importlib import metadata

    search = list(sys.path if path is None else path)
    spec = PathFinder.find_spec(MODULE, search)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    candidates: list[Build] = []
    seen: set[str] = set()
    for distribution in metadata.distributions(path=search):
        name = distribution.metadata["Name"] or ""
        files = distribution.files or ()
        if name.lower() in seen or not any(file.parts[:1] == (MODULE,) for file in files):
            continue
        seen.add(name.lower())
        build = Build(name, distribution.version)
        candidates.append(build)
        if _owns_compiled_module(distribution, folder):
            return build
    # No hash to compare (a distribution package, an install without RECORD): one owner is
    # still a good answer, several are not.
    return candidates[0] if len(candidates) == 1 else None


def _owns_compiled_module(distribution: metadata.Distribution, folder: Path) -> bool:
    """Whether the compiled module in `folder` is byte for byte the one `distribution` wrote."""
    for file in distribution.files or ():
        name = Path(str(file)).name
        if not (name.startswith("_simpleaudio") and file.hash is not None):
            continue
        on_disk = folder / name
        try:
            digest = hashlib.new(file.hash.mode, on_disk.read_bytes()).digest()
        except (OSError, ValueError):
            continue
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == file.hash.value:
            return True
    return False


def running_python() -> tuple[int, int]:
    return sys.version_info.major, sys.version_info.minor


def unsafe_here() -> str | None:
    """Why the installed simpleaudio must not be loaded by this interpreter; None if it may.
    Before 3.12 every build is safe, so none is looked up."""
    python = running_python()
    if python < SAFE_FROM:
        return None
    return crash_reason(installed_build(), python)


def crash_reason(build: Build | None, python: tuple[int, int]) -> str | None:
    """Why `build` must not be loaded on `python`, with the fix; None when it is fine."""
    if build is None or python < SAFE_FROM:
        return None
    if build.distribution.lower() != MODULE or not _at_most(build.version, (1, 0, 4)):
        return None
    return (
        f"simpleaudio {build.version} crashes Python {python[0]}.{python[1]} at the end of every "
        f"sound, so it is not used; to fix it, replace it with {FIXED_FORK}: "
        f"pip uninstall simpleaudio && pip install --force-reinstall {FIXED_FORK}"
    )


def _at_most(version: str, limit: tuple[int, ...]) -> bool:
    parts = re.findall(r"\d+", version.split("+")[0])[: len(limit)]
    return tuple(int(part) for part in parts) <= limit
