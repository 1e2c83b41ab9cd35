"""The reminder loop on a fake clock, with a real database: when a break comes, what holds it
back, what each answer records, and answers given in another window."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from support.reminders import ROUTINES, Loop, make_loop
from support.sessions import session_record

from handcue.core.break_schedule import Idle
from handcue.core.cues import CueKind
from handcue.core.reminder_plan import ReminderPlan
from handcue.storage.history import History
from handcue.storage.reminders import Reminders
from handcue.storage.user_database import UserDatabase


def outcomes(loop: Loop) -> list[tuple[str | None, str, int]]:
    day = loop.clock.wall().date()
    return [(r.routine_id, r.outcome, r.snoozes) for r in loop.store.on_day(day)]


def test_a_break_comes_once_after_the_work_time_and_never_piles_up(tmp_path: Path) -> None:
    loop = make_loop(tmp_path)
    assert not loop.run(59)
    lines = loop.run(1)
    assert len(lines) == 1 and "break: Routine short-desk (1:00)" in lines[0]
    assert [cue.kind for cue in loop.tone.played] == [CueKind.START]
    title, body, actions = loop.notifier.shown[0]
    assert title == "Time for a hand break" and "s snoozes (3 left)" in body
    assert actions == ["snooze", "skip"]
    # Nobody answers for an hour: nothing more is said, shown or sounded.
    assert loop.run(3600) == []
    assert len(loop.notifier.shown) == 1 and len(loop.tone.played) == 1
    assert outcomes(loop) == [("short-desk", "waiting", 0)]


def test_idle_and_locked_time_is_not_counted_and_a_pause_keeps_the_count(
    tmp_path: Path,
) -> None:
    loop = make_loop(tmp_path)
    loop.run(30)
    loop.presence.idle = Idle.IDLE  # away, but not long enough for a break
    assert loop.run(140)[-1].endswith("away from the computer: not counting")
    loop.presence.idle = Idle.ACTIVE
    loop.presence.locked = True
    assert loop.run(140)[-1].endswith("screen locked: not counting")
    loop.presence.locked = False
    assert loop.run(10)[0].endswith("counting work again")
    assert loop.reminding.state.worked == 40
    loop.store.pause_until(loop.clock.wall() + timedelta(minutes=30))
    said = loop.run(25 * 60)
    assert said[0].endswith("paused until 09:35 ('handcue remind --resume' ends it)")
    assert loop.reminding.state.worked == 40
    loop.store.pause_until(None)  # as `remind --resume` in another terminal
    lines = loop.run(20)
    assert lines[0].endswith("counting work again") and "break:" in lines[-1]


def test_five_minutes_away_is_a_break_taken_and_said_once(tmp_path: Path) -> None:
    """Forty seconds of a minute's work, then five minutes away: the hands have rested, so the
    next break is a whole minute of work later, and that is said once."""
    loop = make_loop(tmp_path)
    loop.run(40)
    loop.presence.idle = Idle.IDLE
    said = loop.run(400)
    assert said[0].endswith("away from the computer: not counting")
    assert said[1].endswith("away 5m: that was a break; the next after 1m of work"), said
    assert len(said) == 2
    assert loop.reminding.state.worked == 0
    loop.presence.idle = Idle.ACTIVE
    assert not any("break:" in line for line in loop.run(59))
    assert "break:" in loop.run(1)[-1]
    assert outcomes(loop) == [("short-desk", "waiting", 0)], "no break was offered while away"


def test_a_pause_ends_by_itself(tmp_path: Path) -> None:
    loop = make_loop(tmp_path)
    loop.store.pause_until(loop.clock.wall() + timedelta(seconds=100))
    loop.run(99)
    assert loop.reminding.state.worked == 0
    assert any("break:" in line for line in loop.run(61))


def test_do_not_disturb_and_quiet_hours_hold_the_break_but_count_the_work(
    tmp_path: Path,
) -> None:
    plan = ReminderPlan(every=60, quiet=(time(9, 0), time(9, 5)))
    loop = make_loop(tmp_path, plan)
    said = loop.run(299)
    assert said[0].endswith("quiet hours: the reminder waits")
    assert not [line for line in said if "break:" in line]
    assert loop.reminding.state.worked == 299
    loop.presence.dnd = True
    said = loop.run(60)
    assert said[0].endswith("Do Not Disturb is on: the reminder waits")
    loop.presence.dnd = False
    assert "break:" in loop.run(1)[-1]


def test_outside_working_hours_and_days_nothing_counts(tmp_path: Path) -> None:
    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    plan = ReminderPlan(every=60, hours=(time(9), time(17)), days=frozenset(range(5)))
    loop = make_loop(tmp_path, plan, start=saturday)
    said = loop.run(3600)
    assert said == [said[0]] and said[0].endswith("outside working hours: not counting")
    assert loop.reminding.state.worked == 0


def test_no_reminder_while_a_routine_plays_in_another_window(tmp_path: Path) -> None:
    loop = make_loop(tmp_path)
    history = History(loop.store.database)
    playing = session_record("short-desk", loop.clock.wall(), outcome="playing", ended=None)
    history.record(playing)  # this process is alive, so the row stays 'playing'
    said = loop.run(300)
    assert said == [said[0]] and said[0].endswith("a routine is playing: no reminder meanwhile")
    history.update(session_record("short-desk", loop.clock.wall(), uid=playing.uid))
    assert "break:" in loop.run(61)[-1]


def test_snoozes_come_back_sooner_each_time_and_run_out(tmp_path: Path) -> None:
    plan = ReminderPlan(every=60, snooze=40, snooze_limit=2)
    loop = make_loop(tmp_path, plan)
    loop.run(60)
    assert loop.reminding.snooze()[0].endswith("snoozed; back in 0:40")
    assert loop.notifier.withdrawn == 1
    assert not loop.run(39)
    assert "s snoozes (1 left)" in loop.run(1)[-1]
    assert loop.reminding.snooze()[0].endswith("snoozed; back in 0:20")
    loop.run(20)
    body = loop.notifier.shown[-1][1]
    assert "no snoozes left" in body and loop.notifier.shown[-1][2] == ["skip"]
    assert "no snoozes left" in loop.reminding.snooze()[0]
    assert outcomes(loop) == [("short-desk", "waiting", 2)]
    loop.reminding.skip()
    assert outcomes(loop) == [("short-desk", "skipped", 2)]
    # Counting starts again from nothing after the break is answered.
    assert not loop.run(59)
    assert "break:" in loop.run(1)[-1]


def test_taking_a_break_records_the_session_played(tmp_path: Path) -> None:
    loop = make_loop(tmp_path)
    loop.run(60)
    history = History(loop.store.database)
    played: list[str] = []

    def play(routine_id: str) -> None:
        played.append(routine_id)
        loop.clock.advance(120)  # the routine's two minutes are not work
        history.record(session_record(routine_id, loop.clock.wall()))

    lines = loop.reminding.take(play)
    assert played == ["short-desk"] and "played; next break after 1m of work" in lines[0]
    reminder = loop.store.on_day(loop.clock.wall().date())[0]
    assert reminder.outcome == "played" and reminder.session_uid is not None
    assert reminder.session_uid in loop.store.session_uids()
    assert history.recent(1)[0].uid == reminder.session_uid
    assert loop.reminding.state.worked == 0
    assert not loop.run(59)


def test_a_routine_left_before_it_started_counts_as_skipped(tmp_path: Path) -> None:
    loop = make_loop(tmp_path)
    loop.run(60)
    assert "not played" in loop.reminding.take(lambda routine_id: None)[0]
    assert outcomes(loop) == [("short-desk", "skipped", 0)]


def test_answers_from_another_window_and_from_the_notification(tmp_path: Path) -> None:
    loop = make_loop(tmp_path)
    loop.run(60)
    other = Reminders(UserDatabase(tmp_path / "handcue.sqlite3"))
    waiting = other.open_one()
    assert waiting is not None
    other.answer(waiting.id, "snoozed", loop.clock.wall())
    assert loop.run(1)[0].endswith("snoozed in another window; back in 5:00")
    assert loop.notifier.withdrawn == 1
    loop.run(300)
    loop.notifier.clicks.append("skip")
    assert loop.run(1)[0].endswith("skipped; next break after 1m of work")
    assert outcomes(loop) == [("short-desk", "skipped", 1)]
    loop.run(60)
    waiting = other.open_one()
    assert waiting is not None
    other.answer(waiting.id, "played", loop.clock.wall())
    assert loop.run(1)[0].endswith("played in another window")
    assert loop.reminding.offer is None


def test_a_pause_puts_a_shown_break_away_and_brings_it_back(tmp_path: Path) -> None:
    loop = make_loop(tmp_path)
    loop.run(60)
    loop.store.pause_until(loop.clock.wall() + timedelta(minutes=10))
    loop.run(1)
    assert loop.notifier.withdrawn == 1 and not loop.notifier.visible
    loop.run(600)
    assert loop.notifier.visible and len(loop.notifier.shown) == 2
    assert len(loop.store.on_day(loop.clock.wall().date())) == 1


def test_a_goal_rotates_through_its_routines(tmp_path: Path) -> None:
    loop = make_loop(tmp_path, ReminderPlan(every=60, goal="desk-work"))
    offered = []
    for _ in range(3):
        loop.run(60)
        assert loop.reminding.offer is not None and loop.reminding.offer.routine is not None
        offered.append(loop.reminding.offer.routine.id)
        loop.reminding.skip()
    assert offered == ["short-desk", "long-desk", "short-desk"]


def test_closing_leaves_a_shown_break_unanswered(tmp_path: Path) -> None:
    loop = make_loop(tmp_path)
    loop.run(60)
    loop.reminding.close()
    assert outcomes(loop) == [("short-desk", "unanswered", 0)]
    assert [r.id for r in ROUTINES if r.id == "short-desk"]
