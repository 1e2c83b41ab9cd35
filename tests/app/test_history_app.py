"""The app's side of the history: the check-in before and after, the session recorded, the
picker's "last done" and your average change, the History screen from `h`."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from support.sessions import rated
from support.shell import ShellApp
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Footer, OptionList, Static

from handcue.app.screens.checkin import CheckInScreen
from handcue.app.screens.history import ConfirmDelete, HistoryScreen, SessionDetails
from handcue.app.screens.picker import PickerScreen
from handcue.services import user_data
from handcue.services.progress import SESSION_ROWS, minutes_text
from handcue.storage.history import CheckIn, History, SessionRecord
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


# The History screen at every size: words, axes, marks, and the list of sessions -------------

SIZES = [(120, 40), (80, 24), (40, 12), (20, 8)]
SIZE_IDS = [f"{width}x{height}" for width, height in SIZES]
DAY = date(2026, 12, 2)
"""A Wednesday, the day after a month began: where the axes used to stop at November."""
ZONE = timezone(timedelta(hours=1))


class OnDay(ShellApp):
    """The shell with the History screen counted to `DAY`."""

    def today(self) -> date:
        return DAY


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def _keep(*records: SessionRecord) -> None:
    database = UserDatabase()
    History(database).import_sessions(records)
    database.close()


def _kept() -> list[SessionRecord]:
    database = UserDatabase()
    try:
        return History(database).recent(None)
    finally:
        database.close()


def _session(
    started: datetime, seconds: float, title: str = "Two-minute desk break", **changes: Any
) -> SessionRecord:
    fields: dict[str, Any] = {
        "routine_id": "desk",
        "routine_title": title,
        "started": started,
        "ended": started + timedelta(seconds=seconds),
        "played_seconds": seconds,
        "left_seconds": seconds / 2,
        "right_seconds": seconds / 2,
        "steps_done": 2,
        "steps_skipped": 0,
        "steps_total": 2,
    }
    fields.update(changes)
    return SessionRecord(**fields)


async def _read(app: ShellApp, pilot: Pilot[None]) -> None:
    """Until no worker is left (a deletion starts a new reading as it ends), then until the
    charts are drawn, not only laid out."""
    await pilot.pause()
    while app.workers:
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()


def _text(app: ShellApp, selector: str) -> str:
    rendered = app.screen.query_one(selector).render()
    return getattr(rendered, "plain", str(rendered))


def _in_view(app: ShellApp, widget: Widget) -> bool:
    """On the screen whole, and not under another widget."""
    region = widget.region
    if region.area == 0 or not app.screen.region.contains_region(region):
        return False
    found, _ = app.screen.get_widget_at(region.x, region.y)
    return found is widget or widget in found.ancestors_with_self


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0.0, "none"),
        (0.17, "under a minute"),
        (0.99, "under a minute"),
        (1.0, "1 minute"),
        (1.49, "1 minute"),
        (2.0, "2 minutes"),
        (2.5, "3 minutes"),
        (59.6, "1 hour"),
        (61.0, "1 hour 1 minute"),
        (188.0, "3 hours 8 minutes"),
    ],
)
def test_minutes_in_words_never_round_a_time_down_to_nothing(minutes: float, words: str) -> None:
    assert minutes_text(minutes) == words


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_two_minutes_of_use_read_as_two_minutes_and_the_average_as_under_a_minute(
    size: tuple[int, int],
) -> None:
    """One session of two minutes today: the week's average over twelve weeks is a tenth of a
    minute, which used to read "Average 0 a week"."""
    _keep(_session(_at(DAY, 9), 120.0), _session(_at(DAY - timedelta(days=8), 9), 20.0))
    app = OnDay(first_screen="history")
    async with app.run_test(size=size) as pilot:
        await _read(app, pilot)
        weeks = _text(app, "#weeks-text")
        calendar = _text(app, "#calendar-text")
    assert "This week: 2 minutes. Last week: under a minute." in weeks
    assert "Average: under a minute a week." in weeks
    assert "Most: 2 minutes, in the week of 30 Nov." in weeks
    assert "Today, Wed 02 Dec (◂): 2 minutes." in calendar
    assert "Last 4 weeks: 2 days with a session, 2 minutes in all." in calendar
    assert "Most in a day: 2 minutes, on Wed 02 Dec." in calendar
    for line in (weeks + "\n" + calendar).splitlines():
        assert " 0 " not in f" {line} ".replace(",", " "), line


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_calendar_and_the_bars_reach_today(size: tuple[int, int]) -> None:
    """On 2 Dec the calendar's month row ends with Dec over this week (it ended with Nov), today's
    cell is marked, and the last bar, this week's, is labelled as this week."""
    _keep(*(_session(_at(DAY - timedelta(days=back), 9), 300.0) for back in (0, 3, 10, 40)))
    app = OnDay(first_screen="history")
    async with app.run_test(size=size) as pilot:
        await _read(app, pilot)
        calendar = _text(app, "#calendar").splitlines()
        bars = _text(app, "#weeks-chart")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.weeks.minutes[-1][0] == date(2026, 11, 30), "the last bar is this week"
    months, wednesday = calendar[0], calendar[1 + DAY.weekday()]
    assert months.rstrip().endswith("Dec"), months
    assert wednesday.rstrip().endswith("█◂") or wednesday.rstrip().endswith("◂"), wednesday
    assert wednesday.rstrip().endswith("◂") and wednesday.count("◂") == 1
    assert sum(line.count("◂") for line in calendar[1:8]) == 1, "only today is marked"
    assert "◂ today" in "\n".join(calendar[8:])
    axis = bars.splitlines()[-1]
    assert axis.rstrip().endswith("this week"), bars


def _rated_on(day: date, before: int, after: int) -> SessionRecord:
    return rated(
        "desk",
        _at(day, 9),
        2,
        before,
        after,
        played_seconds=120.0,
        steps_total=2,
        steps_done=2,
        routine_title="Two-minute desk break",
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_one_rating_is_drawn_as_two_marks_that_show(size: tuple[int, int]) -> None:
    """A single check-in, 6 before and 3 after, used to be one braille dot each; now a ● and a
    ◆, the ● higher up, with the same facts in words beside the chart."""
    _keep(_rated_on(DAY, 6, 3))
    app = OnDay(first_screen="history")
    async with app.run_test(size=size) as pilot:
        await _read(app, pilot)
        chart = _text(app, "#ratings-chart-0").splitlines()
        words = _text(app, "#ratings-text-0")
    rows = {mark: [n for n, line in enumerate(chart) if mark in line] for mark in "●◆"}
    assert len(rows["●"]) == 1 and len(rows["◆"]) == 1, "\n".join(chart)
    assert rows["●"][0] < rows["◆"][0], "6 is drawn above 3"
    assert "1 session rated before and after" in words
    assert "On average 6.0 before and 3.0 after." in words
    assert "● orange: before. ◆ cyan: after." in words


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_several_ratings_are_marks_joined_by_lines(size: tuple[int, int]) -> None:
    """Three days rated: three marks each, with lines between them; a rating of 10 is not
    hidden under a legend."""
    _keep(
        _rated_on(DAY - timedelta(days=2), 10, 9),
        _rated_on(DAY - timedelta(days=1), 6, 3),
        _rated_on(DAY, 7, 2),
    )
    app = OnDay(first_screen="history")
    async with app.run_test(size=size) as pilot:
        await _read(app, pilot)
        chart = _text(app, "#ratings-chart-0")
    assert chart.count("●") == 3 and chart.count("◆") == 3, chart
    braille = [char for char in chart if "\u2801" <= char <= "\u28ff"]
    assert len(braille) > 10, "lines join the marks"
    assert chart.splitlines()[-1].rstrip().endswith("2 Dec"), "the last point is labelled"


LIST = (
    _session(_at(DAY, 8, 5), 95.0, checkins=()),
    _session(
        _at(DAY - timedelta(days=1), 21, 30),
        40.0,
        "Grip [/] [b]bold[/b] \x1b]0;owned\x07",
        outcome="stopped",
        steps_total=5,
        steps_done=2,
        steps_skipped=1,
        stopped_step=2,  # from 0: the third step
        stopped_title="Thumb circles",
        checkins=(
            CheckIn("before", "stiffness", "both", 6),
            CheckIn("after", "stiffness", "both", 3),
        ),
    ),
    _session(
        _at(DAY - timedelta(days=3), 7, 0), 30.0, outcome="interrupted", ended=None, steps_done=1
    ),
    _session(_at(date(2025, 6, 1), 12, 0), 600.0),
)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_sessions_are_listed_newest_first_with_how_each_went(
    size: tuple[int, int],
) -> None:
    _keep(*LIST)
    app = OnDay(first_screen="history")
    async with app.run_test(size=size) as pilot:
        await _read(app, pilot)
        listed = app.screen.query_one("#sessions", OptionList)
        prompts = [str(listed.get_option_at_index(n).prompt) for n in range(listed.option_count)]
        assert listed.has_focus and listed.highlighted == 0
        assert _in_view(app, listed)
    assert prompts == [
        "Wed 02 Dec 08:05  Two-minute desk break  1m35s\n  finished · 2 done",
        "Tue 01 Dec 21:30  Grip [/] [b]bold[/b] \\x1b]0;owned\\x07  40s\n"
        "  stopped at step 3 · 2 done, 1 skipped, 2 not reached · stiffness 6 → 3",
        "Sun 29 Nov 07:00  Two-minute desk break  30s\n  interrupted · 1 done, 1 not reached",
        "Sun 01 Jun 2025 12:00  Two-minute desk break  10m\n  finished · 2 done",
    ]


async def test_a_long_history_lists_its_latest_sessions_and_says_how_many_more() -> None:
    _keep(*(_session(_at(DAY, 6) - timedelta(hours=6 * n), 60.0) for n in range(SESSION_ROWS + 5)))
    app = OnDay(first_screen="history")
    async with app.run_test(size=(120, 40)) as pilot:
        await _read(app, pilot)
        listed = app.screen.query_one("#sessions", OptionList)
        assert listed.option_count == SESSION_ROWS
        assert str(listed.get_option_at_index(0).prompt).startswith("Wed 02 Dec 06:00")
        assert listed.border_subtitle == (
            f"the latest {SESSION_ROWS} of {SESSION_ROWS + 5}; more: handcue history --limit N"
        )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_enter_opens_a_session_and_escape_closes_it(size: tuple[int, int]) -> None:
    _keep(*LIST)
    app = OnDay(first_screen="history")
    async with app.run_test(size=size) as pilot:
        await _read(app, pilot)
        history = app.screen
        await pilot.press("down", "enter")
        await pilot.pause()
        details = app.screen
        assert isinstance(details, SessionDetails)
        text = str(details.query_one(Static).render())
        for button in details.query(Button):
            assert _in_view(app, button), (button.label, button.region)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is history
        history.query_one("#history-body").focus()  # Enter opens from the charts too
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetails)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is history and app.is_running
    assert "Grip [/] [b]bold[/b] \\x1b]0;owned\\x07" in text and "\x1b" not in text
    assert "Tue 01 Dec 21:30 to 21:30" in text
    assert "Played 40s, pauses left out (left hand 20s, right hand 20s)." in text
    assert (
        "Stopped at step 3 (Thumb circles).\nSteps of 5: 2 done, 1 skipped, 2 not reached." in text
    )
    assert "Check-in, before → after: stiffness 6 → 3." in text


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_deleting_a_session_asks_first_and_the_figures_follow(size: tuple[int, int]) -> None:
    """d asks; n, Escape and q keep the session; Delete asks too, and y deletes it from the
    history file, after which the list and the figures are read again."""
    _keep(*LIST)
    app = OnDay(first_screen="history")
    async with app.run_test(size=size) as pilot:
        await _read(app, pilot)
        history = app.screen
        assert "In all: 4 sessions." in _text(app, "#calendar-text")
        for keep in ("n", "escape", "q", "ctrl+c"):
            await pilot.press("d")
            await pilot.pause()
            question = app.screen
            assert isinstance(question, ConfirmDelete)
            assert "Delete this session?" in str(question.query_one("Vertical").border_title)
            for button in question.query(Button):
                assert _in_view(app, button), (keep, button.label, button.region)
            await pilot.press(keep)
            await pilot.pause()
            assert app.screen is history, keep
        await app.workers.wait_for_complete()
        assert len(_kept()) == 4, "nothing deleted without a yes"
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("y")
        await _read(app, pilot)
        assert app.screen is history
        listed = history.query_one("#sessions", OptionList)
        assert listed.option_count == 3
        assert listed.highlighted == 0
        assert "Grip" in str(listed.get_option_at_index(0).prompt), "the next one is highlighted"
        assert "In all: 3 sessions." in _text(app, "#calendar-text")
    assert [record.started for record in _kept()] == [session.started for session in LIST[1:]]


async def test_keys_typed_faster_than_drawn_open_the_session_they_reach() -> None:
    """Down and Enter arriving in one read (a quick typist, a key held down): Enter opens the
    session Down moved to, never the one highlighted before."""
    _keep(*LIST)
    app = OnDay(first_screen="history")
    async with app.run_test(size=(80, 24)) as pilot:
        await _read(app, pilot)
        app.post_message(events.Key("down", None))
        app.post_message(events.Key("down", None))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause()
        await pilot.pause()
        details = app.screen
        assert isinstance(details, SessionDetails)
        assert "Sun 29 Nov 07:00" in str(details.query_one(Static).render())


async def test_a_session_is_deleted_from_its_details_with_the_same_question() -> None:
    _keep(*LIST)
    app = OnDay(first_screen="history")
    async with app.run_test(size=(80, 24)) as pilot:
        await _read(app, pilot)
        await pilot.press("enter", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("y")
        await _read(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
    assert len(_kept()) == 3 and LIST[0].started not in {r.started for r in _kept()}


async def test_a_session_still_playing_is_not_deleted() -> None:
    _keep(_session(_at(DAY, 9), 60.0, outcome="playing", ended=None), *LIST[1:2])
    app = OnDay(first_screen="history")
    async with app.run_test(size=(80, 24)) as pilot:
        await _read(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen), "no question for a session playing"
        assert any("still playing" in notice.message for notice in app.notices)
    assert len(_kept()) == 2


async def test_a_deletion_held_up_by_a_lock_is_said_and_not_claimed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another program holds the history locked: the screen says once why the session is still
    there, never that it went; the deletion is made once the lock is let go."""
    monkeypatch.setattr(user_data, "FORGET_WAIT", 0.3)
    _keep(*LIST)
    app = OnDay(first_screen="history")
    other = sqlite3.connect(UserDatabase().path, timeout=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await _read(app, pilot)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("d", "y")
            await _read(app, pilot)
            assert app.screen.query_one("#sessions", OptionList).option_count == 4
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDelete), "it may be asked for again"
            await pilot.press("n")
        finally:
            other.rollback()
            other.close()
    messages = [notice.message for notice in app.notices]
    assert sum("not deleted yet" in message for message in messages) == 1, messages
    assert not any(message.startswith("Deleted") for message in messages)
    assert len(_kept()) == 3, "made when the lock was let go, at the latest as handcue closed"


@pytest.mark.parametrize("key", ["escape", "q", "ctrl+c"])
async def test_escape_q_and_ctrl_c_go_back_to_the_picker(key: str) -> None:
    """q used to quit the whole app from the History screen."""
    app = OnDay()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        picker = app.screen
        await pilot.press("h")
        await _read(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is picker
        assert app.is_running


@pytest.mark.parametrize("size", [(200, 60), *SIZES], ids=["200x60", *SIZE_IDS])
async def test_the_footer_shows_open_and_back_at_every_size(size: tuple[int, int]) -> None:
    _keep(*LIST)
    app = OnDay(first_screen="history")
    async with app.run_test(size=size) as pilot:
        await _read(app, pilot)
        keys = {key.description: key for key in app.screen.query("FooterKey")}  # type: ignore[attr-defined]
        for name in ("Open", "Back"):
            assert name in keys, sorted(keys)
            assert _in_view(app, keys[name]), (name, keys[name].region)
        footer = app.screen.query_one(Footer)
        assert footer.compact == (size[0] < 80 or size[1] < 16)
