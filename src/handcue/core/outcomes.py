"""How each step of a session ended: done, skipped, or not reached.

Every place that sums a session (plain mode's last line, the finish screen, the history, the
hand map) counts with these three, so they never disagree. A step is done when every side of
it played to its end; not reached when the routine stopped before any side of it began;
skipped otherwise: passed over with `n`, or left before its end (the step a stop landed in).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from handcue.core.engine import Session
from handcue.core.routine import Hand


class Outcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    NOT_REACHED = "not reached"


def segment_outcomes(session: Session, *, ended: bool = True) -> dict[int, Outcome]:
    """The outcome of each segment (switch gaps included) by its position.

    `ended`: the session is over (finished, or stopped where it is), so the segment playing
    was left before its end; while it still plays, that segment is not counted as skipped.
    """
    outcomes: dict[int, Outcome] = {}
    current = session.position if session.started and not session.finished else -1
    last_left = current if ended else current - 1
    for position in range(len(session.timeline)):
        if position in session.done:
            outcomes[position] = Outcome.DONE
        elif position in session.skipped or position <= last_left:
            outcomes[position] = Outcome.SKIPPED
        else:
            outcomes[position] = Outcome.NOT_REACHED
    return outcomes


@dataclass(frozen=True, slots=True)
class StepOutcome:
    outcome: Outcome
    missed: tuple[Hand, ...] = ()
    """For a step played on each hand and done on one: the hand left out."""


def step_outcomes(session: Session, *, ended: bool = True) -> Mapping[int, StepOutcome]:
    """Each step's outcome, by step index, in the routine's order."""
    by_segment = segment_outcomes(session, ended=ended)
    sides: dict[int, list[tuple[Hand, Outcome]]] = {}
    for position, segment in enumerate(session.timeline):
        if not segment.is_switch:
            sides.setdefault(segment.step_index, []).append((segment.hand, by_segment[position]))
    steps: dict[int, StepOutcome] = {}
    for index in range(len(session.routine.steps)):
        found = sides.get(index, [])
        kinds = {outcome for _, outcome in found}
        if kinds == {Outcome.DONE}:
            steps[index] = StepOutcome(Outcome.DONE)
        elif not kinds or kinds == {Outcome.NOT_REACHED}:
            steps[index] = StepOutcome(Outcome.NOT_REACHED)
        else:
            missed = tuple(hand for hand, outcome in found if outcome is not Outcome.DONE)
            partly = len(found) > 1 and Outcome.DONE in kinds
            steps[index] = StepOutcome(Outcome.SKIPPED, missed if partly else ())
    return MappingProxyType(steps)


@dataclass(frozen=True, slots=True)
class Counts:
    done: int
    skipped: int
    not_reached: int

    @property
    def total(self) -> int:
        return self.done + self.skipped + self.not_reached

    @property
    def text(self) -> str:
        """`3 done, 1 skipped, 2 not reached`; the last part only when there are any."""
        return self._words(f"{self.done} done")

    @property
    def of_steps(self) -> str:
        """`3 of 6 steps done, 1 skipped, 2 not reached`."""
        return self._words(f"{self.done} of {self.total} steps done")

    def _words(self, done: str) -> str:
        words = f"{done}, {self.skipped} skipped"
        return f"{words}, {self.not_reached} not reached" if self.not_reached else words


def counts(session: Session, *, ended: bool = True) -> Counts:
    outcomes = [step.outcome for step in step_outcomes(session, ended=ended).values()]
    return Counts(
        outcomes.count(Outcome.DONE),
        outcomes.count(Outcome.SKIPPED),
        outcomes.count(Outcome.NOT_REACHED),
    )
