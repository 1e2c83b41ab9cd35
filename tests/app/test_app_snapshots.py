"""Snapshots of the shell's screens at a fixed size, from the fixed test routines.

Each app blinks no cursor and plays no real time (the scripted player runs the engine on a fake
clock), and `snap_compare` waits for pending work and animations before it takes the frame.
Refresh with `pytest tests/app/test_app_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

APPS = Path(__file__).parent / "snapshot_apps"
SIZE = (120, 40)


def test_picker(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APPS / "shell_picker.py", terminal_size=SIZE)


def test_picker_filtered_by_goal_and_search(snap_compare) -> None:  # type: ignore[no-untyped-def]
    keys = ["g", "down", "down", "down", "slash", *"warm"]
    assert snap_compare(APPS / "shell_picker.py", press=keys, terminal_size=SIZE)


def test_picker_small_terminal(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the details under the routine list, beside the goals."""
    assert snap_compare(APPS / "shell_picker.py", terminal_size=(60, 20))


def test_picker_at_80_by_24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: goals, routines and the highlighted routine's details, all three."""
    assert snap_compare(APPS / "shell_picker.py", terminal_size=(80, 24))


def test_precautions(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APPS / "shell_precautions.py", press=["down", "enter"], terminal_size=SIZE)


def test_precautions_shown_again_after_a_change(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the note that it changed, NEW beside "Recent injury" only, and the sources."""
    app = APPS / "shell_precautions_changed.py"
    assert snap_compare(app, press=["down", "enter"], terminal_size=SIZE)


def test_finish(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def skip_one(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "s")
        await pilot.app.workers.wait_for_complete()

    assert snap_compare(APPS / "shell_finish.py", run_before=skip_one, terminal_size=SIZE)


def test_finish_offers_to_keep_changed_times(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the changed step with its time as written, the three answers with the time
    each gives (k, l, d), and keys that mean nothing in the player (a, b)."""

    async def longer_first_step(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "f")
        await pilot.app.workers.wait_for_complete()

    app = APPS / "shell_finish_keep.py"
    assert snap_compare(app, run_before=longer_first_step, terminal_size=SIZE)


def test_keep_question_when_leaving_unanswered(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the question over the finish screen, each answer with its key and outcome."""

    async def leave(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "f", "b")
        await pilot.app.workers.wait_for_complete()

    assert snap_compare(APPS / "shell_finish_keep.py", run_before=leave, terminal_size=SIZE)


def test_help(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(APPS / "shell_picker.py", press=["f1"], terminal_size=SIZE)


async def _history_read(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


HISTORY = APPS / "shell_history.py"


def test_history(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the sessions newest first (two lines each: when, title, time; how it ended,
    steps done / skipped / not reached, check-in), the first highlighted; the calendar with Dec
    last in its month row and today's cell marked ◂; the words beside it in whole minutes or
    "under a minute"; the bars with the last one labelled "this week"; the footer's ⏎ Open and
    Esc Back first."""
    assert snap_compare(HISTORY, run_before=_history_read, terminal_size=SIZE)


def test_history_at_80_by_24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: three sessions in the list, the calendar (fewer weeks, still ending with Dec)
    with its words uncut beside it, and the footer."""
    assert snap_compare(HISTORY, run_before=_history_read, terminal_size=(80, 24))


def test_history_at_40_by_12(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: no title bar; the newest session whole, the calendar below it, and a compact
    footer with ⏎ Open and Esc Back."""
    assert snap_compare(HISTORY, run_before=_history_read, terminal_size=(40, 12))


def test_history_at_20_by_8(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the newest session's date at least, and ⏎ Open and Esc Back in the footer."""
    assert snap_compare(HISTORY, run_before=_history_read, terminal_size=(20, 8))


def test_history_ratings(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: each measure's ratings as orange ● (before) and cyan ◆ (after) marks joined by
    lines, no legend over the marks, ticks 0, 5 and 10 on whole rows, the last date labelled,
    and the averages and the key to the marks in words beside the chart."""

    async def to_ratings(pilot: Pilot[None]) -> None:
        await _history_read(pilot)
        pilot.app.screen.query_one("#ratings-section-0").scroll_visible(animate=False, top=True)
        await pilot.pause()

    assert snap_compare(HISTORY, run_before=to_ratings, terminal_size=SIZE)


def test_history_session_details(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the second session in full (a stopped one: where it stopped, steps done,
    skipped and not reached, the check-in), with Close and Delete buttons in view."""

    async def open_second(pilot: Pilot[None]) -> None:
        await _history_read(pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()

    assert snap_compare(HISTORY, run_before=open_second, terminal_size=(80, 24))


def test_history_delete_question(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: "Delete this session?" naming the session, the y / n keys, and Keep it (the
    safe answer, focused) beside Delete."""

    async def ask(pilot: Pilot[None]) -> None:
        await _history_read(pilot)
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(HISTORY, run_before=ask, terminal_size=(80, 24))


# Every dialog at 80x24, the size of a default terminal window.

SMALL = (80, 24)


def test_precautions_at_80_by_24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the text scrolling in its frame with Back and "I understand, start" under it,
    and the footer naming ⏎ Start and Esc Back."""
    assert snap_compare(APPS / "shell_precautions.py", press=["down", "enter"], terminal_size=SMALL)


def test_check_in_at_80_by_24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the question naming its routine, its scale, and the keys (0-9, t, Enter,
    Esc, o) on one line."""
    assert snap_compare(APPS / "shell_checkin.py", press=["enter"], terminal_size=SMALL)


def test_stop_question_at_80_by_24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: "Stop the routine?" over the paused player, Keep going and Stop both whole."""
    assert snap_compare(APPS / "player_mid.py", press=["q"], terminal_size=SMALL)


def test_help_at_80_by_24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the player's keys first, then how to leave any screen, and the tones."""
    assert snap_compare(APPS / "player_mid.py", press=["question_mark"], terminal_size=SMALL)


def test_finish_with_the_keep_question_at_80_by_24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: the summary scrolling above, the keep question and its three answers, and
    Back to routines and Again, all whole inside the frame."""

    async def longer_first_step(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "f")
        await pilot.app.workers.wait_for_complete()

    app = APPS / "shell_finish_keep.py"
    assert snap_compare(app, run_before=longer_first_step, terminal_size=SMALL)


def test_keep_question_at_80_by_24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: each answer on one line with the time it gives, and Not now (Esc)."""

    async def leave(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "f", "b")
        await pilot.app.workers.wait_for_complete()

    assert snap_compare(APPS / "shell_finish_keep.py", run_before=leave, terminal_size=SMALL)


def test_step_times_at_80_by_24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Look for: each step's time field, the length and the fit, with Save in the footer."""
    assert snap_compare(APPS / "shell_tweak.py", press=["e"], terminal_size=SMALL)
