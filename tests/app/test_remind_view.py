"""The reminders' full-screen view on a fake clock: the time to the next break, a break shown,
snoozed and skipped with one key, today's breaks, and Enter leaving the view to play it."""

from __future__ import annotations

from pathlib import Path

from support.reminders import Loop, make_loop
from textual.widgets import Static

from handcue.app.remind_view import RemindView


def shown(app: RemindView, which: str) -> str:
    return str(app.query_one(f"#{which}", Static).render())


async def settle(app: RemindView, loop: Loop, seconds: float = 0.0) -> None:
    """Move the fake clock, tick once, and wait for the tick's worker to draw."""
    loop.clock.advance(seconds)
    await app.workers.wait_for_complete()
    app.tick()
    await app.workers.wait_for_complete()


async def test_a_break_is_shown_snoozed_and_skipped_with_one_key(tmp_path: Path) -> None:
    loop = make_loop(tmp_path)
    app = RemindView(loop.reminding, [], tick_every=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, loop)
        assert shown(app, "next") == "Next break after 1:00 of work"
        await settle(app, loop, 60)
        assert shown(app, "next") == "Break time: Routine short-desk (1:00)"
        assert "09:01" in shown(app, "today") and "waiting" in shown(app, "today")
        await pilot.press("s")
        await app.workers.wait_for_complete()
        assert shown(app, "next") == "Snoozed: back in 5:00"
        assert "snoozed; back in 5:00" in shown(app, "log")
        await settle(app, loop, 300)
        assert shown(app, "next").startswith("Break time:")
        await pilot.press("x")
        await app.workers.wait_for_complete()
        assert shown(app, "today").splitlines()[0] == "Today: 1 offered, 0 taken"
        assert "skipped, snoozed 1x" in shown(app, "today")
        assert shown(app, "next") == "Next break after 1:00 of work"
        await pilot.press("q")
    assert app.return_value == "quit"


async def test_enter_plays_only_a_break_that_is_there(tmp_path: Path) -> None:
    loop = make_loop(tmp_path)
    app = RemindView(loop.reminding, [], tick_every=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, loop)
        await pilot.press("enter")
        assert app.is_running and "no break is due yet" in shown(app, "log")
        loop.presence.dnd = True
        await settle(app, loop, 60)
        assert shown(app, "state") == "Do Not Disturb is on: the reminder waits"
        loop.presence.dnd = False
        await settle(app, loop, 1)
        await pilot.press("enter")
    assert app.return_value == "play"
    assert loop.reminding.notifiers[0] is loop.notifier  # the view took its bell with it
