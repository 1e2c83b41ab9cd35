"""Finding routines as the picker does: by goal, and by words anywhere in a routine."""

from __future__ import annotations

from collections.abc import Iterable

from handcue.core.routine import Routine
from handcue.core.vocabulary import GOALS


def goal_label(key: str) -> str:
    """The display name of a goal; an unknown key is shown as written."""
    goal = GOALS.get(key)
    return goal.label if goal else key


def _haystack(routine: Routine) -> str:
    parts = [routine.title, routine.summary, routine.intensity.value]
    parts.extend(goal_label(goal) for goal in routine.goals)
    parts.extend(routine.goals)
    for step in routine.steps:
        parts.append(step.title)
        if step.technique is not None:
            parts.append(step.technique.value)
    return " ".join(parts).casefold()


def matches(routine: Routine, goal: str | None, query: str) -> bool:
    """True when `routine` serves `goal` (None: any) and holds every word of `query`."""
    if goal is not None and goal not in routine.goals:
        return False
    words = query.casefold().split()
    if not words:
        return True
    haystack = _haystack(routine)
    return all(word in haystack for word in words)


def goal_counts(routines: Iterable[Routine]) -> dict[str, int]:
    """How many routines serve each goal, in vocabulary order, then any unknown goals."""
    counts = {key: 0 for key in GOALS}
    for routine in routines:
        for goal in routine.goals:
            counts[goal] = counts.get(goal, 0) + 1
    return counts
