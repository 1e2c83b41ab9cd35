"""A session kept in the history as it plays: written when it starts, brought up to date as it
goes, ended when it does, with the check-ins given before and after."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from handcue.core.checkin import Rating
from handcue.core.engine import Session
from handcue.core.outcomes import counts
from handcue.core.routine import Routine
from handcue.services.report import SessionReport
from handcue.storage.history import CheckIn, History, SessionRecord

Wall = Callable[[], datetime]


def local_now() -> datetime:
    """Now, in local time with its offset: what a history shows and is kept in."""
    return datetime.now().astimezone()


def steps_fingerprint(routine: Routine) -> str:
    """A digest of the steps as written: when it differs between two sessions, the routine
    was edited in between."""
    parts = [
        "\x1f".join(
            (
                step.key or "",
                step.title,
                step.instruction,
                step.hand.value,
                repr(step.duration),
                step.technique.value if step.technique else "",
            )
        )
        for step in routine.steps
    ]
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()[:16]


def _step_seconds(session: Session) -> dict[int, float]:
    seconds: dict[int, float] = {}
    for segment in session.timeline:
        if not segment.is_switch:
            seconds.setdefault(segment.step_index, segment.duration)
    return seconds


def pace_and_tweaks(session: Session) -> tuple[float | None, dict[str, float]]:
    """The pace the session began at (its length over the written one; None when as written),
    and the steps whose time differs from the written, by number from 1."""
    routine = session.routine
    seconds = _step_seconds(session)
    tweaks = {
        str(index + 1): round(value, 3)
        for index, value in sorted(seconds.items())
        if not math.isclose(value, routine.steps[index].duration)
    }
    written = sum(step.duration for step in routine.steps)
    played = sum(seconds.get(index, step.duration) for index, step in enumerate(routine.steps))
    pace = round(played / written, 3) if written else None
    return (None if pace is None or math.isclose(pace, 1.0) else pace), tweaks


def checkins_of(ratings: Iterable[Rating]) -> tuple[CheckIn, ...]:
    return tuple(
        CheckIn(rating.moment.value, rating.measure, rating.hand.value, rating.value)
        for rating in ratings
    )


class Recording:
    """One session's row in the history, written when it starts and kept up to date as it
    plays, so a crash leaves one row saying how far it got, marked as never ended."""

    def __init__(
        self,
        history: History,
        session: Session,
        before: Sequence[Rating] = (),
        *,
        now: float,
        wall: Wall = local_now,
    ) -> None:
        self.history = history
        self.session = session
        self._began = now
        routine = session.routine
        pace, tweaks = pace_and_tweaks(session)
        self.record = SessionRecord(
            routine_id=routine.id,
            started=wall(),
            ended=None,
            left_seconds=0.0,
            right_seconds=0.0,
            steps_done=0,
            steps_skipped=0,
            outcome="playing",
            routine_title=routine.title,
            goals=tuple(routine.goals),
            fingerprint=steps_fingerprint(routine),
            steps_total=len(routine.steps),
            pace=pace,
            tweaks=tweaks,
            checkins=checkins_of(before),
        )
        self.history.record(self.record)
        self.ended = False

    def checkpoint(self, now: float) -> None:
        """Write how far the session has got (a crash after this leaves at least that)."""
        if not self.ended:
            self.record = self._as_of(now, "playing")
            self.history.update(self.record)

    def end(self, now: float) -> SessionRecord:
        """The session is over: finished, or stopped where it is now."""
        outcome = "finished" if self.session.finished else "stopped"
        self.record = self._as_of(now, outcome, ended=True)
        self.history.update(self.record)
        self.ended = True
        return self.record

    def rate_after(self, after: Sequence[Rating]) -> None:
        """Add the ratings given after the session."""
        if not after:
            return
        self.record = replace(self.record, checkins=self.record.checkins + checkins_of(after))
        self.history.update(self.record)

    def _as_of(self, now: float, outcome: str, ended: bool = False) -> SessionRecord:
        report = SessionReport.from_session(self.session, now)
        tally = counts(self.session, ended=ended)
        both = report.seconds_by_hand.get("both", 0.0)
        current = self.session.current
        stopped = outcome == "stopped" and current is not None
        return replace(
            self.record,
            ended=self.record.started + timedelta(seconds=max(0.0, now - self._began))
            if ended
            else None,
            outcome=outcome,
            played_seconds=round(report.elapsed, 3),
            left_seconds=round(report.seconds_by_hand.get("left", 0.0) + both, 3),
            right_seconds=round(report.seconds_by_hand.get("right", 0.0) + both, 3),
            steps_done=tally.done,
            steps_skipped=tally.skipped,
            stopped_step=current.step_index if stopped and current is not None else None,
            stopped_title=current.step.title if stopped and current is not None else None,
            changed={str(change.step_index + 1): round(change.new, 3) for change in report.changes},
        )
