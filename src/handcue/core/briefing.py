"""What a person is shown before a routine: its precautions and its preparation, item by item.

Both front ends show the same items, and an acknowledgement is kept for the exact text of each
one. So when a caution is added or its advice reworded, or the preparation changes, the
routine is introduced again, with what is new marked.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from handcue.core import citing
from handcue.core.routine import Routine
from handcue.core.vocabulary import PRECAUTIONS

GENERAL_ADVICE = (
    "Self-massage should feel pleasant. Stop at once if anything hurts, tingles or goes numb, "
    "and ask a clinician about pain that lasts."
)
PREPARE = "prepare"
"""The item key of the preparation; the others are caution keys."""
NEW_MARK = "NEW"
CHANGED_NOTE = "Shown again because this changed since you last read it; what is new is marked."


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    title: str
    text: str

    @property
    def shown(self) -> str:
        """The words an acknowledgement stands for."""
        return f"{self.title}: {self.text}"


def items(routine: Routine) -> list[Item]:
    """The routine's precautions in its own order, then its preparation."""
    found = [
        Item(key, PRECAUTIONS[key].title, PRECAUTIONS[key].advice)
        for key in routine.cautions
        if key in PRECAUTIONS
    ]
    if routine.prepare.strip():
        found.append(Item(PREPARE, "Preparation", routine.prepare.strip()))
    return found


def shown(routine: Routine) -> list[str]:
    """What acknowledging this routine's introduction agrees to have read."""
    return [item.shown for item in items(routine)]


def new_keys(routine: Routine, unseen: Collection[str] | None) -> frozenset[str]:
    """Item keys whose text is among `unseen` (None: nothing was read before, nothing marked)."""
    if not unseen:
        return frozenset()
    return frozenset(item.key for item in items(routine) if item.shown in unseen)


def caution_heading(routine: Routine) -> str:
    """Cautions concern the person whose hands are massaged."""
    whom = "the person whose hands you massage" if routine.partner else "you"
    return f"Take care if any of these apply to {whom}"


def text_lines(routine: Routine, new: Collection[str] = (), *, changed: bool = False) -> list[str]:
    """The introduction as plain lines, for `--plain` and anywhere without a screen."""

    def mark(key: str) -> str:
        return f"[{NEW_MARK}] " if key in new else ""

    lines = [f"Before you start: {routine.title}"]
    if changed:
        lines.append(CHANGED_NOTE)
    cautions = [item for item in items(routine) if item.key != PREPARE]
    if cautions:
        lines.append(f"{caution_heading(routine)}:")
        lines += [f"  - {mark(item.key)}{item.title}: {item.text}" for item in cautions]
    else:
        lines.append("This routine names no particular cautions.")
    lines.append(GENERAL_ADVICE)
    if routine.prepare.strip():
        lines.append(f"{mark(PREPARE)}Preparation: {routine.prepare.strip()}")
    sources = citing.source_lines(routine)
    if sources:
        lines.append("Sources:")
        lines += [f"  - {source}" for source in sources]
    return lines
