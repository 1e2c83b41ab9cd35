"""Waiting in Pilot tests for what a key sets off, however busy the machine.

A key can start a chain of messages (a list's selection, then the screen's message, then the
app pushing a screen) that a loaded machine works through over several refreshes. These wait
for the outcome, refresh by refresh, and never for a length of time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

MOST_REFRESHES = 200
"""A chain of messages settles in a handful of refreshes; this many means it never will."""


async def until(pilot: Pilot[Any], holds: Callable[[], object], what: str = "it") -> None:
    """Let the app run, a refresh at a time, until `holds()` is true; fail if it never is."""
    for _ in range(MOST_REFRESHES):
        if holds():
            return
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    assert holds(), f"{what} never happened"
