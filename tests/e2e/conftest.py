"""Fixtures for the end-to-end tests: a private routines folder with a short routine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.history_data import set_checkins
from support.terminal import SHORT_ROUTINE


@pytest.fixture
def handcue_env(tmp_path: Path) -> dict[str, str]:
    """A private routines folder holding the short routine, silent audio, empty user folders."""
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "e2e-quick.yaml").write_text(SHORT_ROUTINE, encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "config").mkdir()
    # Check-ins off, as a person may have set them: these tests are about what comes after.
    # The check-in's own tests turn them on.
    set_checkins(tmp_path / "data", "off")
    return {
        "HANDCUE_ROUTINES": str(routines),
        "HANDCUE_AUDIO": "silent",
        "HANDCUE_DATA_DIR": str(tmp_path / "data"),
        "HANDCUE_CONFIG_DIR": str(tmp_path / "config"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
