"""`handcue history` on the command line: a routine asked for by a wrong id is a mistake said
with "did you mean", one never played is named, and every session is summed with the same
three counts as everywhere else (done, skipped, not reached), in text, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

from support.in_process import handcue
from support.sessions import session_record

from handcue.services.recording import local_now
from handcue.storage.history import History, SessionRecord
from handcue.storage.user_database import UserDatabase


def keep(*records: SessionRecord) -> None:
    database = UserDatabase()
    try:
        history = History(database)
        for record in records:
            history.record(record)
    finally:
        database.close()


def recently(hours: float) -> datetime:
    return local_now() - timedelta(hours=hours)


def stopped_in_step_three(routine_id: str = "desk-break", **changes: object) -> SessionRecord:
    fields: dict[str, object] = {
        "outcome": "stopped",
        "routine_title": "Two-minute desk break",
        "steps_done": 2,
        "steps_skipped": 1,
        "steps_total": 5,
        "stopped_step": 2,
        "stopped_title": "Finger pulls",
    }
    fields.update(changes)
    return session_record(routine_id, recently(2), minutes=1, **fields)


def test_a_misspelt_routine_id_is_a_mistake_with_did_you_mean() -> None:
    result = handcue("history", "--routine", "desk-brake")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(
        "handcue: --routine desk-brake: no routine has this id and no kept session is of it; "
        "did you mean 'desk-break'?"
    )


def test_the_id_of_a_routine_only_the_history_knows_is_no_mistake() -> None:
    """A routine deleted since (or from another machine's import) still has its sessions."""
    keep(stopped_in_step_three("gone-now", routine_title="Gone now"))
    shown = handcue("history", "--routine", "gone-now")
    assert shown.returncode == 0, shown.stderr
    assert "Gone now" in shown.stdout
    misspelt = handcue("history", "--routine", "gone-nwo", "--json")
    assert misspelt.returncode == 2
    assert "did you mean 'gone-now'?" in misspelt.stderr


def test_a_routine_never_played_is_named() -> None:
    keep(stopped_in_step_three())  # another routine's session does not count
    result = handcue("history", "--routine", "bedtime-wind-down")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "No sessions of Bedtime wind-down yet."
    since = handcue("history", "--routine", "bedtime-wind-down", "--since", "2026-01-02")
    assert since.stdout.splitlines()[0] == "No sessions of Bedtime wind-down since 2026-01-02."


def test_text_json_and_csv_give_done_skipped_and_not_reached() -> None:
    keep(
        stopped_in_step_three(),
        session_record(
            "desk-break", recently(1), minutes=2, steps_done=5, steps_skipped=0, steps_total=5
        ),
        # Kept by an older handcue, without the number of steps: what was not reached is
        # not known, and not made up.
        session_record("desk-break", recently(3), steps_done=1, steps_skipped=1),
    )
    text = handcue("history").stdout
    assert "2 done, 1 skipped, 2 not reached" in text
    assert "5 done, 0 skipped" in text and "5 done, 0 skipped, 0" not in text

    sessions = json.loads(handcue("history", "--json").stdout)["sessions"]
    counted = [
        (s["steps_done"], s["steps_skipped"], s["steps_not_reached"], s["steps_total"])
        for s in sessions
    ]
    assert counted == [(5, 0, 0, 5), (2, 1, 2, 5), (1, 1, None, None)]

    rows = list(csv.DictReader(io.StringIO(handcue("history", "--csv").stdout)))
    assert [
        (row["steps_done"], row["steps_skipped"], row["steps_not_reached"]) for row in rows
    ] == [("5", "0", "0"), ("2", "1", "2"), ("1", "1", "")]


def test_the_summary_never_calls_a_short_week_none() -> None:
    """Twenty seconds of massage this week is not "0 minutes"; last week's quarter hour is said
    in minutes. Both sessions begin at a midnight, so neither can fall into another week."""
    midnight = local_now().replace(hour=0, minute=0, second=0, microsecond=0)
    week_ago = (midnight - timedelta(days=7)).replace(hour=0)
    keep(
        session_record("desk-break", midnight, minutes=1, played_seconds=20.0),
        session_record("desk-break", week_ago, minutes=20, played_seconds=900.0),
    )
    shown = handcue("history", "--summary")
    assert shown.returncode == 0, shown.stderr
    assert "Time: under a minute this week, 15 minutes last week" in shown.stdout.splitlines()
