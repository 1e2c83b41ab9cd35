"""A made-up history of sessions with check-ins, the same every time: for screens, snapshots
and the command line to show."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from handcue.storage.history import CheckIn, History, SessionRecord
from handcue.storage.user_database import FILE_NAME, UserDatabase

ZONE = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 26)
ROUTINES = (
    ("bedtime-wind-down", "Bedtime wind-down", ("sleep", "stress"), "sleepiness", 14 * 60),
    ("desk-break", "Desk break", ("desk-work",), "stiffness", 5 * 60),
    (
        "gentle-joint-warm-up",
        "Gentle joint warm-up",
        ("stiffness", "arthritis"),
        "stiffness",
        8 * 60,
    ),
    ("grip", "Grip strength", ("grip",), "stiffness", 6 * 60),
)


def sessions(days: int = 70, today: date = TODAY, seed: int = 16) -> list[SessionRecord]:
    """About one session a day over `days` days up to `today`, some days missed, some stopped
    early; most rated before and after, with ratings easing a little over time."""
    rng = random.Random(seed)
    records: list[SessionRecord] = []
    for back in range(days, -1, -1):
        day = today - timedelta(days=back)
        if rng.random() < 0.25 and back > 3:
            continue
        for _ in range(1 + (rng.random() < 0.2)):
            routine_id, title, goals, measure, seconds = ROUTINES[rng.randrange(len(ROUTINES))]
            start = datetime(
                day.year, day.month, day.day, rng.randrange(7, 22), rng.randrange(60), tzinfo=ZONE
            )
            stopped = rng.random() < 0.1
            played = seconds * (rng.uniform(0.2, 0.7) if stopped else 1.0)
            before = rng.randint(4, 8) - (days - back) // 30
            checkins: tuple[CheckIn, ...] = ()
            if rng.random() < 0.8:
                after = (
                    max(0, before - rng.randint(0, 3))
                    if measure != "sleepiness"
                    else min(10, before + rng.randint(0, 3))
                )
                checkins = (
                    CheckIn("before", measure, "both", max(0, before)),
                    CheckIn("after", measure, "both", after),
                )
            records.append(
                SessionRecord(
                    routine_id=routine_id,
                    routine_title=title,
                    goals=goals,
                    started=start,
                    ended=start + timedelta(seconds=played),
                    outcome="stopped" if stopped else "finished",
                    played_seconds=round(played, 1),
                    left_seconds=round(played / 2, 1),
                    right_seconds=round(played / 2, 1),
                    steps_done=5 if not stopped else 2,
                    steps_skipped=0 if not stopped else 3,
                    steps_total=5,
                    stopped_step=2 if stopped else None,
                    stopped_title="Thumb circles" if stopped else None,
                    checkins=checkins,
                    uid=f"{seed:04d}{len(records):028d}",
                )
            )
    return records


def fill(history: History, days: int = 70, today: date = TODAY) -> list[SessionRecord]:
    records = sessions(days, today)
    history.import_sessions(records)
    return records


def set_checkins(data: Path, mode: str) -> None:
    """Set the check-in setting in the user database of the data folder `data`."""
    database = UserDatabase(data / FILE_NAME)
    History(database).set_setting("checkins", mode)
    database.close()
