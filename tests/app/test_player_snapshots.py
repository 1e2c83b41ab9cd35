"""Snapshots of the player at fixed sizes with a frozen clock, so they never flake."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

APPS = Path(__file__).parent / "snapshot_apps"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_player_mid_routine(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(APPS / "player_mid.py", terminal_size=size)


def test_player_switching_hands_at_80_by_24(snap_compare: Any) -> None:
    assert snap_compare(APPS / "player_switch.py", terminal_size=(80, 24))


def test_player_paused_at_80_by_24(snap_compare: Any) -> None:
    assert snap_compare(APPS / "player_mid.py", terminal_size=(80, 24), press=["space"])
