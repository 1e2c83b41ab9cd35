"""The picker's list of routines, and the words it shows for each: two lines of title, time,
intensity and goals, a third with your history once there is one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from handcue.core.durations import format_short
from handcue.core.routine import Routine
from handcue.core.routine_search import goal_label

if TYPE_CHECKING:
    from handcue.services.history import Effect
    from handcue.services.user_data import RoutineUse
    from handcue.services.your_time import YourTime


class RoutineList(OptionList):
    """The routines: Enter starts the highlighted one, and the footer says so first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Start", key_display="⏎"),
    ]


def your_time_text(routine: Routine, time: YourTime | None) -> str:
    """The time the routine takes you, with the written one beside where they differ."""
    return time.text if time is not None else format_short(routine.total_seconds)


def routine_option(
    routine: Routine, time: YourTime | None = None, yours: Content | None = None
) -> Option:
    """Two lines per routine: the title, then time, intensity and goals; a third with `yours`
    (when you last did it, your ratings) once there is a history."""
    text = Content.from_markup(
        "[b]$title[/][dim]$mine[/]\n[dim]$time · $intensity · $goals[/]",
        title=routine.title,
        mine=" · yours" if routine.user else "",
        time=your_time_text(routine, time),
        intensity=routine.intensity.value,
        goals=", ".join(goal_label(goal) for goal in routine.goals),
    )
    if yours is not None:
        text = text + Content("\n") + yours
    return Option(text, id=routine.id)


def your_history(use: RoutineUse | None, effect: Effect | None, today: date) -> Content | None:
    """`last done yesterday · 12 times · your stiffness 6.1 → 3.9, 5 sessions`, or None."""
    if use is None and effect is None:
        return None
    from handcue.services.history import use_text

    parts = []
    if use is not None:
        parts.append(use_text(use, today))
    if effect is not None:
        parts.append(f"your {effect.text}")
    return Content.styled(" · ".join(parts), "$text-accent") if parts else None
