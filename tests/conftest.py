"""Shared fixtures: every test runs with its own user folders, never the real ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Points every user folder at a fresh temporary one, so tests never touch a real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HANDCUE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("HANDCUE_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("HANDCUE_ROUTINES", str(home / "routines"))
    monkeypatch.setenv("HANDCUE_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("HANDCUE_AUDIO", "silent")
    yield home
