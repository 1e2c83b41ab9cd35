"""Real-audio tests need simpleaudio and ALSA: skip them without, unless CI demands them.

With HANDCUE_REQUIRE_AUDIO=1 a missing simpleaudio or aplay fails the `audio` tests instead
of skipping them, so CI cannot go green without having heard anything.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
TOOLS = HERE.parent.parent / "tools"


def _missing() -> str | None:
    if not sys.platform.startswith("linux"):
        return "captured-audio tests need Linux and ALSA"
    if importlib.util.find_spec("simpleaudio") is None:
        return "simpleaudio is not installed"
    if shutil.which("aplay") is None:
        return "aplay (alsa-utils) is not installed"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("audio") is None:
        return
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("HANDCUE_REQUIRE_AUDIO") == "1":
        pytest.fail(f"HANDCUE_REQUIRE_AUDIO=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def make_sounds() -> ModuleType:
    """tools/make_sounds.py as a module: its DESIGN table and its generator."""
    spec = importlib.util.spec_from_file_location("make_sounds", TOOLS / "make_sounds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sounds"] = module
    spec.loader.exec_module(module)
    return module
