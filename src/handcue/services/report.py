"""How a session went, in the words both front ends show: steps done and skipped, time per hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from handcue.core.engine import Session
from handcue.core.events import DurationChange
from handcue.core.outcomes import Counts, Outcome, step_outcomes
from handcue.core.routine import Routine


@dataclass(frozen=True, slots=True)
class SessionReport:
    """How a session went, by step and by hand: what the finish screen shows and the history
    keeps, read from the engine's session so neither has to."""

    routine: Routine
    elapsed: float
    """Time spent playing, pauses excluded."""
    seconds_by_hand: dict[str, float] = field(default_factory=dict)
    """Time spent per hand: "left", "right", and "both" for two-handed steps."""
    done: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    not_reached: tuple[str, ...] = ()
    """Steps the routine stopped before."""
    changes: tuple[DurationChange, ...] = ()

    @property
    def durations(self) -> dict[int, float]:
        """The changed step times, by step index, so a repeat plays what the person chose."""
        return {change.step_index: change.new for change in self.changes}

    @property
    def counts(self) -> Counts:
        return Counts(len(self.done), len(self.skipped), len(self.not_reached))

    @classmethod
    def from_session(cls, session: Session, now: float) -> SessionReport:
        """Step-level outcomes (`core.outcomes`), with the side named when only one half of
        an `each` step was left out, and the time per hand."""
        summary = session.summary(now)
        titles: dict[Outcome, list[str]] = {outcome: [] for outcome in Outcome}
        for index, found in step_outcomes(session).items():
            title = session.routine.steps[index].title
            if found.missed:
                title += f" ({', '.join(hand.value for hand in found.missed)} hand)"
            titles[found.outcome].append(title)
        return cls(
            routine=session.routine,
            elapsed=summary.total_elapsed,
            seconds_by_hand={hand.value: seconds for hand, seconds in summary.hand_seconds.items()},
            done=tuple(titles[Outcome.DONE]),
            skipped=tuple(titles[Outcome.SKIPPED]),
            not_reached=tuple(titles[Outcome.NOT_REACHED]),
            changes=tuple(summary.changes),
        )
