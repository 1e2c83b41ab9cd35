"""A break as the front ends show it: the offer, what a view shows between two ticks, and the
notifiers that show it with their buttons.

The reminders decide when a break is due (`services.reminding`); these are the values they
hand the terminal view, plain mode and the service, and what each needs to show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from handcue.core.durations import format_length
from handcue.core.reminder_plan import ReminderPlan
from handcue.core.routine import Routine
from handcue.core.safe_text import visible


class Notifier(Protocol):
    """One way a break is seen: the terminal, the desktop."""

    def show(self, title: str, body: str, actions: Sequence[tuple[str, str]] = ()) -> bool: ...

    def withdraw(self) -> None: ...

    def answers(self, timeout: float = 0.0) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Offer:
    """The break shown now, or put off by a snooze."""

    reminder_id: int | None
    routine: Routine | None
    seconds: float
    snoozes_left: int
    shown: bool = True
    """False while snoozed."""

    @property
    def title(self) -> str:
        return "Time for a hand break"

    @property
    def routine_text(self) -> str:
        if self.routine is None:
            return "a short break"
        return f"{visible(self.routine.title)} ({format_length(self.seconds)})"


@dataclass(frozen=True, slots=True)
class Status:
    """What a view shows between two ticks."""

    offer: Offer | None
    next_in: float | None
    """Seconds of work before the next break (or until a snooze ends); None while none is due."""
    holding: str | None
    """Why the time is not counted or the reminder waits, in words; None while counting."""
    plan: ReminderPlan


WORK_ACTIONS: tuple[tuple[str, str], ...] = (("snooze", "Snooze"), ("skip", "Skip"))
"""The buttons on the desktop notification while the terminal takes Enter."""
SERVICE_ACTIONS: tuple[tuple[str, str], ...] = (("play", "Play"), *WORK_ACTIONS)
