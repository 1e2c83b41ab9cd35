"""Saved tweaks survive a writer killed mid-save, and two instances writing at once."""

from __future__ import annotations

import functools
import os
import random
import time
from pathlib import Path
from typing import TYPE_CHECKING

from handcue.core.tweaks import StepRef, Tweaks
from handcue.storage.atomic import atomic_write_bytes
from handcue.storage.tweaks_file import TweakStore
from handcue.storage.tweaks_yaml import dump

if TYPE_CHECKING:
    from support.children import Children

FLIP = StepRef(key="flip")


def many_routines(count: int) -> dict[str, Tweaks]:
    return {
        f"routine-{number:04d}": Tweaks(
            {StepRef(position=i + 1, title=f"Step number {i}"): 30 + i for i in range(12)}, 1.25
        )
        for number in range(count)
    }


def versions_of(path: Path, base: dict[str, Tweaks], padding: str = "") -> dict[int, bytes]:
    """The file's exact bytes with the flip step at 1s and at 2s."""
    return {
        seconds: (dump({**base, "target": Tweaks({FLIP: seconds})}) + padding).encode()
        for seconds in (1, 2)
    }


def test_write_killed_at_random_moments_leaves_old_or_new(
    tmp_path: Path, children: Children
) -> None:
    # Several megabytes of comment make each write long enough for kills to land inside it,
    # while the file stays quick to parse.
    path = tmp_path / "tweaks.yaml"
    padding = "# padding so that writing takes a while\n" * 150_000
    versions = versions_of(path, many_routines(5), padding)
    for seconds, content in versions.items():
        atomic_write_bytes(path, content)
        store = TweakStore(path)
        assert store.get("target") == Tweaks({FLIP: seconds})
        assert store.problems == []

    rng = random.Random(20250304)
    caught_mid_write = 0
    for _ in range(100):

        def save_forever() -> None:
            for turn in range(1_000_000):
                atomic_write_bytes(path, versions[1 + turn % 2])

        pid = children.start(save_forever)
        time.sleep(rng.uniform(0.001, 0.03))
        assert children.kill(pid), "the writer ended before it was killed"
        assert path.read_bytes() in versions.values()
        leftovers = list(tmp_path.glob(".tweaks.yaml.*.tmp"))
        caught_mid_write += bool(leftovers)
        for leftover in leftovers:
            leftover.unlink()
    assert caught_mid_write > 0


def test_store_killed_while_saving_leaves_a_file_that_loads(
    tmp_path: Path, children: Children
) -> None:
    path = tmp_path / "tweaks.yaml"
    base = many_routines(40)
    versions = versions_of(path, base)
    atomic_write_bytes(path, versions[2])

    rng = random.Random(7)
    for _ in range(25):

        def change_forever() -> None:
            store = TweakStore(path)
            for turn in range(1_000_000):
                store.set_step("target", FLIP, 1 + turn % 2)

        pid = children.start(change_forever)
        time.sleep(rng.uniform(0.001, 0.08))
        assert children.kill(pid), "the writer ended before it was killed"
        assert path.read_bytes() in versions.values()

    store = TweakStore(path)
    loaded = store.load()
    assert store.problems == []
    assert {routine_id: loaded[routine_id] for routine_id in base} == base


def test_two_instances_changing_different_steps_keep_all_changes(
    tmp_path: Path, children: Children
) -> None:
    path = tmp_path / "tweaks.yaml"
    TweakStore(path).set_length("evening", 1.5)
    gate_read, gate_write = os.pipe()

    def writer(prefix: str) -> None:
        store = TweakStore(path)
        store.load()
        os.close(gate_write)
        os.read(gate_read, 1)  # returns once the parent closes its end: both start together
        for number in range(50):
            store.set_step("evening", StepRef(key=f"{prefix}{number}"), number + 1)

    pids = [children.start(functools.partial(writer, prefix)) for prefix in ("a", "b")]
    os.close(gate_write)
    assert [children.wait(pid) for pid in pids] == [0, 0]
    os.close(gate_read)

    store = TweakStore(path)
    expected = {StepRef(key=f"{p}{n}"): n + 1 for p in ("a", "b") for n in range(50)}
    assert store.load() == {"evening": Tweaks(expected, 1.5)}
    assert store.problems == []
