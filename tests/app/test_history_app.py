"""The app's side of the history: the check-in before and after, the session recorded, the
picker's "last done" and your average change, the History screen from `h`."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from support.sessions import rated
from support.shell import ShellApp
from textual.widgets import Static

from handcue.app.screens.checkin import CheckInScreen
from handcue.app.screens.history import HistoryScreen
from handcue.app.screens.picker import PickerScreen
from handcue.storage.history import History, SessionRecord
from handcue.storage.user_database import UserDatabase


def _rated(routine_id: str, day: int, before: int, after: int) -> SessionRecord:
    start = datetime.now(UTC).astimezone() - timedelta(days=day)
    return rated(
        routine_id,
        start,
        2,
        before,
        after,
        left_seconds=60.0,
        right_seconds=60.0,
        played_seconds=120.0,
        steps_done=2,
    )


async def test_check_in_before_and_after_is_recorded_with_the_session() -> None:
    app = ShellApp(checkin=True, yes=True)
    async with app.run_test(size=(120, 40)) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        picker.query_one("#routines").focus()
        desk = next(i for i, r in enumerate(picker.shown) if r.id == "desk")
        for _ in range(desk):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert "stiff" in str(app.screen.query_one("#question").render())
        await pilot.press("7")
        await pilot.pause()
        await pilot.press("f")  # the scripted player plays to the end
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen), "asked again after a rated start"
        await pilot.press("3")
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.user.database.flush()
        [record] = History(app.user.database).recent()
    assert record.routine_id == "desk" and record.outcome == "finished"
    assert [(c.moment, c.rating) for c in record.checkins] == [("before", 7), ("after", 3)]


async def test_enter_skips_and_stopping_early_records_where() -> None:
    app = ShellApp(checkin=True, yes=True)
    async with app.run_test(size=(120, 40)) as pilot:
        app.start_routine(next(r for r in app.library.routines if r.id == "joints"))
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("q")  # the scripted player stops
        await pilot.pause()
        assert not isinstance(app.screen, CheckInScreen), "no question after a skipped one"
        app.user.database.flush()
        [record] = History(app.user.database).recent()
    assert record.outcome == "stopped" and record.checkins == ()


async def test_the_picker_shows_last_done_and_your_average_change() -> None:
    database = UserDatabase()
    History(database).import_sessions(
        [
            _rated("desk", 1, 6, 3),
            _rated("desk", 2, 7, 4),
            _rated("desk", 3, 5, 3),
            _rated("grip", 1, 6, 5),
            _rated("grip", 2, 6, 5),
        ]
    )
    database.close()
    app = ShellApp(goal="stiffness")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        routines = picker.query_one("#routines")
        texts = {
            option.id: str(option.prompt)
            for option in routines.options  # type: ignore[attr-defined]
        }
        assert "last done yesterday · 3 times" in texts["desk"]
        assert "your stiffness 6.0 → 3.3, 3 sessions" in texts["desk"]
        assert "last done yesterday · twice" in texts["grip"]
        assert "your stiffness" not in texts["grip"], "nothing shown below three sessions"
        await pilot.press("s")
        await pilot.pause()
        assert picker.shown[0].id == "desk"
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        words = str(app.screen.query_one("#calendar-text").render())
        assert "Streak: 3 days now" in words
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is picker


async def test_opened_on_the_history_screen_escape_leads_to_the_picker() -> None:
    """`handcue history --screen` makes no picker until it is asked for; Escape then shows
    one with your sessions in it, and `q` there quits as usual."""
    database = UserDatabase()
    History(database).import_sessions([_rated("desk", 1, 6, 3)])
    database.close()
    app = ShellApp(first_screen="history")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert len(app.screen_stack) == 1, "no picker under the History screen"
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        routines = picker.query_one("#routines").options
        assert "last done yesterday" in {o.id: str(o.prompt) for o in routines}["desk"]
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_title_from_an_imported_history_is_shown_as_written_never_as_markup() -> None:
    """A history file from elsewhere can hold any title: square brackets are shown, not read
    as styles (an unmatched one stopped the screen), and control characters are written out."""
    hostile = "Grip [/] [b]bold[/b] \x1b]0;owned\x07"
    database = UserDatabase()
    History(database).import_sessions(
        [dataclasses.replace(_rated("desk", day, 6, 3), routine_title=hostile) for day in (1, 2)]
    )
    database.close()
    app = ShellApp(first_screen="history")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        words = str(app.screen.query_one("#calendar-text", Static).render())
        assert "Most played: Grip [/] [b]bold[/b] \\x1b]0;owned\\x07 (2)." in words
        assert "\x1b" not in words


@pytest.mark.parametrize("key", ["escape", "q", "ctrl+c"])
async def test_leaving_the_check_in_before_starts_nothing(key: str) -> None:
    """Escape, q and Ctrl+C mean the same at the check-in: back to the picker, nothing played
    and nothing recorded; the question names the routine it is about."""
    app = ShellApp(checkin=True, yes=True)
    async with app.run_test(size=(120, 40)) as pilot:
        joints = next(r for r in app.library.routines if r.id == "joints")
        app.start_routine(joints)
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert joints.title in str(app.screen.query_one("#checkin").border_title)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.is_running
        app.user.database.flush()
        assert History(app.user.database).recent() == []


async def test_the_history_screen_shows_breaks_taken_against_offered() -> None:
    """Hidden for someone who never used the reminders; then one line, per day of the week."""
    from datetime import date, time

    from handcue.storage.reminders import Reminders

    app = ShellApp(first_screen="history")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.screen.query_one("#break-tally").display
    database = UserDatabase()
    store = Reminders(database)
    today = datetime.combine(date.today(), time(10)).astimezone()
    for answer in ("played", "skipped", "played"):
        ident = store.offer(today, "desk", "Two-minute desk break")
        assert ident is not None
        store.answer(ident, answer, today, "uid" if answer == "played" else None)
    database.close()
    app = ShellApp(first_screen="history")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        tally = app.screen.query_one("#break-tally")
        assert tally.display
        assert str(tally.render()) == (
            "Breaks taken of those offered, last 7 days: 2 of 3 (today 2/3)"
        )
