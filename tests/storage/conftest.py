"""Fixtures for storage tests: private user folders, and forked child processes that act as
other handcue instances writing the same files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.children import Children

from handcue.storage import paths


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the config and data folders into the test's own folder."""
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    return tmp_path


@pytest.fixture
def children() -> Iterator[Children]:
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork")
    spawned = Children()
    yield spawned
    for pid in list(spawned.running):
        spawned.kill(pid)
