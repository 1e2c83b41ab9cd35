"""Tests that need a desktop program (dbus-daemon, systemd-analyze, gsettings) skip without it,
saying which package brings it, except in CI (HANDCUE_REQUIRE_DESKTOP=1), where they fail."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(reason: str) -> NoReturn:
    if os.environ.get("HANDCUE_REQUIRE_DESKTOP") == "1":
        pytest.fail(f"HANDCUE_REQUIRE_DESKTOP=1 but {reason}", pytrace=False)
    pytest.skip(reason)
