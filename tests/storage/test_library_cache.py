"""The parsed-library cache gives the same answer as parsing, and never a stale one."""

from __future__ import annotations

import os
from pathlib import Path

from handcue.storage.library_cache import load_library_cached
from handcue.storage.routine_files import load_library

ROUTINE = """\
title: {title}
goals: [grip]
steps:
  - title: Squeeze
    instruction: Squeeze a soft ball.
    hand: each
    areas: [palm, thumb]
    duration: 30
sources:
  - outside: a hand therapist's advice
"""


def test_cached_library_equals_a_fresh_parse(tmp_path: Path) -> None:
    user = tmp_path / "routines"
    user.mkdir()
    (user / "mine.yaml").write_text(ROUTINE.format(title="Mine"))
    (user / "broken.yaml").write_text("title: [\n")
    cache = tmp_path / "cache.json"
    fresh = load_library(user)
    first = load_library_cached(user, cache)
    assert cache.exists()
    second = load_library_cached(user, cache)
    assert first == fresh and second == fresh
    assert [r.path for r in second.routines] == [r.path for r in fresh.routines]
    assert [r.user for r in second.routines] == [r.user for r in fresh.routines]
    assert second.problems == fresh.problems and second.problems
    mine = [s.line for r in second.routines if r.user for s in r.sources]
    assert mine == [10], "the line of each source, for check's messages"


def test_an_edit_of_the_same_size_is_seen(tmp_path: Path) -> None:
    user = tmp_path / "routines"
    user.mkdir()
    path = user / "mine.yaml"
    path.write_text(ROUTINE.format(title="Aaaa"))
    cache = tmp_path / "cache.json"
    assert load_library_cached(user, cache).get("mine").title == "Aaaa"  # type: ignore[union-attr]
    stat = path.stat()
    path.write_text(ROUTINE.format(title="Bbbb"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert load_library_cached(user, cache).get("mine").title == "Bbbb"  # type: ignore[union-attr]


def test_new_and_removed_files_are_seen(tmp_path: Path) -> None:
    user = tmp_path / "routines"
    user.mkdir()
    cache = tmp_path / "cache.json"
    before = len(load_library_cached(user, cache).routines)
    (user / "extra.yaml").write_text(ROUTINE.format(title="Extra"))
    assert len(load_library_cached(user, cache).routines) == before + 1
    (user / "extra.yaml").unlink()
    assert len(load_library_cached(user, cache).routines) == before


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    expected = load_library_cached(None, cache)
    for garbage in ("{not json", '{"fingerprint": 1}', "[]", ""):
        cache.write_text(garbage)
        assert load_library_cached(None, cache) == expected
