"""Shared fixtures: every test runs with its own user folders, never the real ones; a tmux
terminal for the tests that drive the real command."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.eyesfree import FAKE_ENGINE, FakePiper, FakeSpeech, make_fake_piper
from support.terminal import HANDCUE, Terminal

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


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    if not HANDCUE.exists():
        pytest.skip("the handcue command is not installed in this environment")
    term = Terminal(f"handcue-e2e-{uuid.uuid4().hex[:8]}", tmp_path)
    try:
        yield term
    finally:
        term.close()


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


@pytest.fixture
def fake_piper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePiper:
    """A fake piper program (a 440 Hz tone, 0.1 s a word), its runs logged."""
    folder = tmp_path / "piper-bin"
    folder.mkdir()
    piper = make_fake_piper(folder)
    monkeypatch.setenv("FAKE_PIPER_LOG", str(piper.log))
    return piper
