"""How a session went, in the words both front ends show: steps done and skipped, time per hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from handcue.core.engine import DurationChange, Session
from handcue.core.routine import Hand, Routine


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
    changes: tuple[DurationChange, ...] = ()

    @property
    def durations(self) -> dict[int, float]:
        """The changed step times, by step index, so a repeat plays what the person chose."""
        return {change.step_index: change.new for change in self.changes}

    @classmethod
    def from_session(cls, session: Session, now: float) -> SessionReport:
        """Step-level outcomes from the session's per-segment ones.

        A step counts as done when every side of it played to its end; otherwise it is skipped,
        with the side named when only one half of an `each` step was left out.
        """
        summary = session.summary(now)
        routine = session.routine
        sides: dict[int, list[tuple[Hand, bool]]] = {}
        for segment in session.timeline:
            if not segment.is_switch:
                finished = segment.position in summary.done
                sides.setdefault(segment.step_index, []).append((segment.hand, finished))
        done: list[str] = []
        skipped: list[str] = []
        for index, step in enumerate(routine.steps):
            outcomes = sides.get(index, [])
            if outcomes and all(finished for _, finished in outcomes):
                done.append(step.title)
            elif len(outcomes) > 1 and any(finished for _, finished in outcomes):
                missed = ", ".join(hand.value for hand, finished in outcomes if not finished)
                skipped.append(f"{step.title} ({missed} hand)")
            else:
                skipped.append(step.title)
        changes = tuple(summary.changes)
        return cls(
            routine=routine,
            elapsed=summary.total_elapsed,
            seconds_by_hand={hand.value: seconds for hand, seconds in summary.hand_seconds.items()},
            done=tuple(done),
            skipped=tuple(skipped),
            changes=changes,
        )
