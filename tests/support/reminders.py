"""A reminder loop on a fake clock, with a real database and recording stand-ins for the desktop,
the notifiers and the tone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from handcue.audio.player import SilentPlayer
from handcue.core.break_schedule import Idle
from handcue.core.cues import Cue
from handcue.core.reminder_plan import ReminderPlan
from handcue.core.routine import Routine, Step, Technique
from handcue.desktop.presence import Sample
from handcue.services.reminding import Reminding
from handcue.storage.reminders import Reminders
from handcue.storage.user_database import UserDatabase

MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def routine(ident: str, seconds: float, goals: tuple[str, ...] = ("desk-work",)) -> Routine:
    return Routine(
        id=ident,
        title=f"Routine {ident}",
        goals=goals,
        steps=(Step("Shake out", "Shake both hands loosely.", seconds, Technique.SHAKE_OUT),),
    )


ROUTINES = (
    routine("long-desk", 300),
    routine("short-desk", 60),
    routine("sleepy", 30, ("sleep",)),
)


class Clock:
    """Monotonic seconds and the wall clock, moved together by `advance`."""

    def __init__(self, start: datetime = MONDAY) -> None:
        self.now = 1000.0
        self.start = start
        self.origin = self.now

    def __call__(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return self.start + timedelta(seconds=self.now - self.origin)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class FakePresence:
    idle: Idle = Idle.ACTIVE
    locked: bool = False
    dnd: bool = False

    def sample(self) -> Sample:
        return Sample(Idle.IDLE if self.locked else self.idle, self.locked, self.dnd)


@dataclass
class RecordingNotifier:
    shown: list[tuple[str, str, list[str]]] = field(default_factory=list)
    withdrawn: int = 0
    clicks: list[str] = field(default_factory=list)
    visible: bool = False

    def show(self, title: str, body: str, actions: Sequence[tuple[str, str]] = ()) -> bool:
        self.shown.append((title, body, [key for key, _ in actions]))
        self.visible = True
        return True

    def withdraw(self) -> None:
        if self.visible:
            self.withdrawn += 1
        self.visible = False

    def answers(self, timeout: float = 0.0) -> list[str]:
        clicks, self.clicks = self.clicks, []
        return clicks


class RecordingTone(SilentPlayer):
    def __init__(self) -> None:
        super().__init__()
        self.played: list[Cue] = []

    def play(self, cue: Cue) -> None:
        self.played.append(cue)


@dataclass
class Loop:
    reminding: Reminding
    clock: Clock
    presence: FakePresence
    notifier: RecordingNotifier
    tone: RecordingTone
    store: Reminders
    said: list[str] = field(default_factory=list)

    def run(self, seconds: float, every: float = 1.0) -> list[str]:
        """Tick every `every` seconds for `seconds`; the lines said meanwhile."""
        lines: list[str] = []
        end = self.clock.now + seconds
        while self.clock.now < end:
            self.clock.advance(every)
            lines += self.reminding.step()
        self.said += lines
        return lines


MINUTE_PLAN = ReminderPlan(every=60)


def make_loop(folder: Path, plan: ReminderPlan = MINUTE_PLAN, start: datetime = MONDAY) -> Loop:
    database = UserDatabase(folder / "handcue.sqlite3")
    store = Reminders(database)
    store.save_plan(plan.to_json())
    clock = Clock(start)
    presence = FakePresence()
    notifier = RecordingNotifier()
    tone = RecordingTone()
    reminding = Reminding(
        store,
        lambda: ROUTINES,
        seconds=lambda r: r.total_seconds,
        clock=clock,
        wall=clock.wall,
        presence=presence,
        notifiers=[notifier],
        tone=tone,
    )
    return Loop(reminding, clock, presence, notifier, tone, store)
