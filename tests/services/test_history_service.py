"""Recording sessions as they play (with a fake clock), streaks, weeks, what helps, exports."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from support.eyesfree import small_routine
from support.sessions import rated

from handcue.core.checkin import Moment, Question, answer, measures_for, questions, rating_of
from handcue.core.engine import Session
from handcue.core.routine import Hand, Routine
from handcue.services import history as progress
from handcue.services import history_file
from handcue.services import recording as keeping_sessions
from handcue.storage.history import CheckIn, History, SessionRecord
from handcue.storage.user_database import UserDatabase

ZONE = timezone(timedelta(hours=-5))
WALL = datetime(2026, 11, 20, 21, 0, tzinfo=ZONE)


def stiff_routine() -> Routine:
    """The eyes-free tests' routine, for stiff hands: its check-in asks about stiffness."""
    return replace(small_routine(), goals=("stiffness",))


@pytest.fixture
def history(tmp_path: Path) -> History:
    return History(UserDatabase(tmp_path / "handcue.sqlite3"))


def test_a_session_is_written_at_its_start_and_kept_up_to_date(history: History) -> None:
    routine = stiff_routine()
    session = Session(routine, {0: 10.0, 1: 10.0, 2: 10.0})
    rating = answer(questions(routine)[0], Moment.BEFORE, 6)
    recording = keeping_sessions.Recording(
        history, session, (rating,), now=100.0, wall=lambda: WALL
    )
    [row] = history.recent()
    assert (row.outcome, row.ended, row.steps_done) == ("playing", None, 0)
    assert row.checkins == (CheckIn("before", rating.measure, "both", 6),)

    session.start(100.0)
    session.advance(125.0)
    recording.checkpoint(125.0)
    [row] = history.recent()
    assert row.outcome == "playing"
    assert row.played_seconds == pytest.approx(25.0)
    assert row.steps_done == 1 and row.steps_skipped == 0

    session.next(127.0)
    recording.end(130.0)
    [row] = history.recent()
    assert row.outcome == "stopped"
    assert row.ended == WALL + timedelta(seconds=30)
    assert row.stopped_step is not None
    assert row.stopped_title == routine.steps[row.stopped_step].title
    assert row.steps_skipped >= 1
    assert row.fingerprint == keeping_sessions.steps_fingerprint(routine)
    assert row.pace == pytest.approx(
        sum(10.0 for _ in routine.steps) / sum(s.duration for s in routine.steps), abs=1e-3
    )


def test_a_finished_session_with_ratings_after(history: History) -> None:
    routine = stiff_routine()
    session = Session(routine)
    recording = keeping_sessions.Recording(history, session, now=0.0, wall=lambda: WALL)
    session.start(0.0)
    session.advance(10_000.0)
    recording.end(10_000.0)
    recording.rate_after((answer(questions(routine)[0], Moment.AFTER, 2),))
    [row] = history.recent()
    assert row.outcome == "finished"
    assert row.stopped_step is None
    assert row.steps_done == len(routine.steps)
    assert [c.moment for c in row.checkins] == ["after"]
    assert row.pace is None and row.tweaks == {}


def test_an_edited_routine_has_another_fingerprint() -> None:
    routine = small_routine()
    edited = replace(routine, steps=(replace(routine.steps[0], instruction="Other."),))
    assert keeping_sessions.steps_fingerprint(routine) != keeping_sessions.steps_fingerprint(edited)


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ([], date(2026, 1, 10), (0, 0)),
        ([date(2026, 1, 10)], date(2026, 1, 10), (1, 1)),
        ([date(2026, 1, 8), date(2026, 1, 9)], date(2026, 1, 10), (2, 2)),
        ([date(2026, 1, 7), date(2026, 1, 8)], date(2026, 1, 10), (0, 2)),
        ([date(2026, 1, d) for d in (1, 2, 3, 4, 8, 9, 10)], date(2026, 1, 10), (3, 4)),
    ],
)
def test_streaks(days: list[date], today: date, expected: tuple[int, int]) -> None:
    assert progress.streaks(days, today) == expected


def test_minutes_per_week_start_on_monday() -> None:
    today = date(2026, 11, 26)  # a Thursday
    by_day = {date(2026, 11, 23): 600.0, date(2026, 11, 22): 300.0, date(2026, 11, 16): 120.0}
    assert progress.minutes_per_week(by_day, today, 2) == [
        (date(2026, 11, 16), 7.0),
        (date(2026, 11, 23), 10.0),
    ]


def _rated(
    routine_id: str, minutes: int, before: int, after: int, measure: str = "stiffness"
) -> SessionRecord:
    start = WALL + timedelta(minutes=minutes)
    return rated(
        routine_id,
        start,
        5,
        before,
        after,
        measure,
        left_seconds=150.0,
        right_seconds=150.0,
        steps_done=4,
        played_seconds=300.0,
    )


def test_what_helps_needs_three_rated_sessions(history: History) -> None:
    history.import_sessions(
        [
            _rated("grip", 0, 7, 4),
            _rated("grip", 10, 6, 4),
            _rated("desk-break", 20, 6, 5),
            _rated("desk-break", 30, 5, 5),
        ]
    )
    assert progress.effects(history, "stiffness") == {}
    history.import_sessions([_rated("grip", 40, 5, 2)])
    found = progress.effects(history, "stiffness")
    assert list(found) == ["grip"]
    effect = found["grip"]
    assert (effect.before, effect.sessions) == (6.0, 3)
    assert effect.after == pytest.approx(10 / 3)
    assert effect.text == "stiffness 6.0 → 3.3, 3 sessions"
    assert effect.easing > 0
    history.import_sessions([_rated("desk-break", 50, 5, 6)])
    found = progress.effects(history, "stiffness")
    assert progress.by_easing(["desk-break", "other", "grip"], found) == [
        "grip",
        "desk-break",
        "other",
    ]


def test_sleepiness_rising_counts_as_easing(history: History) -> None:
    history.import_sessions([_rated("bedtime", n, 3, 7, "sleepiness") for n in range(3)])
    [effect] = progress.effects(history, "sleep").values()
    assert effect.easing == pytest.approx(4.0)


def test_a_long_series_is_shown_by_week(history: History) -> None:
    history.import_sessions([_rated("grip", day * 24 * 60, 6, 3) for day in range(60)])
    [series] = progress.rating_series(history)
    assert series.weekly and len(series.points) <= progress.MAX_POINTS
    assert series.sessions == 60
    assert "60 sessions rated before and after" in series.text
    assert "6.0 before and 3.0 after" in series.text


def test_export_and_import_round_trip(history: History, tmp_path: Path) -> None:
    records = [_rated("grip", n, 6, 3) for n in range(3)]
    history.import_sessions(records)
    document = history_file.export_document(history.recent(None), WALL)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document))
    imported = history_file.read_export(path)
    assert imported.problems == []
    assert sorted(r.uid for r in imported.sessions) == sorted(r.uid for r in records)
    other = History(UserDatabase(tmp_path / "other.sqlite3"))
    assert other.import_sessions(imported.sessions) == (3, 0)
    mine = [r for r in history.recent(None)]
    theirs = other.recent(None)
    assert [(r.uid, r.started, r.checkins) for r in theirs] == [
        (r.uid, r.started, r.checkins) for r in mine
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not JSON (line 1"),
        ("[]", "not a handcue history export"),
        ('{"format": "handcue-history", "version": 99, "sessions": []}', "made by a newer handcue"),
        (
            '{"format": "handcue-history", "version": 1, "sessions": {}}',
            '"sessions" must be a list',
        ),
    ],
)
def test_files_that_are_not_exports_are_named(text: str, message: str) -> None:
    with pytest.raises(history_file.NotAnExport, match=r"export\.json") as caught:
        history_file.parse_export(text, "export.json")
    assert message in str(caught.value)


def test_bad_sessions_in_an_export_are_left_out_and_named() -> None:
    good = history_file.session_dict(_rated("grip", 0, 6, 3))
    document = {
        "format": "handcue-history",
        "version": 1,
        "sessions": [good, {**good, "started": "yesterday"}, {**good, "left_seconds": -1}, 5],
    }
    imported = history_file.parse_export(json.dumps(document), "export.json")
    assert len(imported.sessions) == 1
    assert [p.split(" (")[0] for p in imported.problems] == [
        "export.json: session 2 left out",
        "export.json: session 3 left out",
        "export.json: session 4 left out",
    ]


def test_check_in_questions_follow_the_goals() -> None:
    assert [m.key for m in measures_for(["arthritis", "stiffness"])] == ["pain"]
    assert [m.key for m in measures_for(["desk-work", "sleep"])] == ["stiffness"]
    assert measures_for(["no-such-goal"]) == ()
    routine = stiff_routine()
    per_hand = questions(routine, per_hand=True)
    assert {q.hand for q in per_hand} == {Hand.LEFT, Hand.RIGHT}
    assert "(your left hand)?" in per_hand[0].text
    assert all(isinstance(q, Question) for q in questions(routine))


def test_one_key_gives_a_rating() -> None:
    assert [rating_of(k) for k in "0459tT"] == [0, 4, 5, 9, 10, 10]
    assert rating_of("\r") is None and rating_of("x") is None and rating_of("²") is None


def test_an_export_names_the_overall_length_as_flags_and_screens_do() -> None:
    """`length` in what leaves the database; a file that still says `pace` reads the same."""
    record = replace(_rated("grip", 0, 6, 3), pace=1.5)
    data = history_file.session_dict(record)
    assert data["length"] == 1.5 and "pace" not in data
    older = {key: value for key, value in data.items() if key != "length"} | {"pace": 1.5}
    for session in (data, older):
        document = {"format": "handcue-history", "version": 1, "sessions": [session]}
        [read] = history_file.parse_export(json.dumps(document), "export.json").sessions
        assert read.pace == 1.5
