"""Snapshots of the player at fixed sizes with a frozen clock, so they never flake.

Refresh with `pytest tests/app/test_player_snapshots.py --snapshot-update`, then look at the
SVGs (`rsvg-convert` makes PNGs of them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

APPS = Path(__file__).parent / "snapshot_apps"

SIZES = [(200, 60), (120, 40), (80, 24), (40, 12), (20, 8)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_player_mid_routine(snap_compare: Any, size: tuple[int, int]) -> None:
    """Look for: the clock as large as its pane allows (dots from 120x40 up, three rows at
    80x24 and 40x12, one line at 20x8); the whole instruction; the hand map's legend under it;
    at 40x12 and 20x8 one column with the time, step, hand and instruction, nothing cut."""
    assert snap_compare(APPS / "player_mid.py", terminal_size=size)


def test_player_switching_hands_at_80_by_24(snap_compare: Any) -> None:
    assert snap_compare(APPS / "player_switch.py", terminal_size=(80, 24))


def test_player_paused_at_80_by_24(snap_compare: Any) -> None:
    """Look for: PAUSED on the status line, the clock dimmed."""
    assert snap_compare(APPS / "player_mid.py", terminal_size=(80, 24), press=["space"])


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_player_with_the_pacer_and_a_long_instruction(
    snap_compare: Any, size: tuple[int, int]
) -> None:
    """Look for: the pacer's bar three quarters full with 30/min, "pacer on" on the status line; at
    80x24 the 226-character instruction whole (the hand in one line, the technique and next
    lines given way); at 40x12 it ends in "…"."""
    assert snap_compare(APPS / "player_pacer.py", terminal_size=size)
