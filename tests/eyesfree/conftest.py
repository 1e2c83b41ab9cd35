"""Fixtures for the eyes-free tests: a fake speech engine first on PATH."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.eyesfree import FAKE_ENGINE, FakeSpeech


@pytest.fixture
def fake_speech(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSpeech]:
    """A fake `espeak-ng` first on PATH, chosen through HANDCUE_SPEECH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "espeak-ng"
    script.write_text(FAKE_ENGINE.format(python=sys.executable))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    log = tmp_path / "speech.log"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("HANDCUE_SPEECH", "espeak-ng")
    monkeypatch.setenv("FAKE_SPEECH_LOG", str(log))
    yield FakeSpeech(folder, log)
