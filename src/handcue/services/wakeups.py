"""When a screen showing a session must look again: never more often than what it shows changes.

The countdown shows whole seconds, so between engine events the screen only needs to wake as
each shown second ends; while the session is paused or over, nothing changes until a key is
pressed. Kept apart from any screen, so it is tested on a fake clock alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from handcue.core import pacer as pacing
from handcue.core.engine import Session

SETTLE = 0.002
"""Wake this long after a boundary, so the new second is already showing when we look."""
SWEEP_STEPS = 16
"""Looks per stroke while the pacer's bar sweeps: enough for a smooth bar, few for the CPU."""
SWEEP_MIN_GAP = 0.05
"""Never look more than 20 times a second for the sweep, however fast the strokes."""


@dataclass(frozen=True, slots=True)
class Sweep:
    """Where the stroke pacer is in the current step: strokes done (fractions counted) and the
    tempo now, in strokes a minute."""

    strokes: float
    tempo: float


def sweep(session: Session, now: float) -> Sweep | None:
    """The pacer's place in the running step, or None when the step has no tempo (or none runs).

    Counted from the step's start on the engine's clock, as the ticks are, so the bar turns
    exactly where a tick sounds.
    """
    segment = session.current
    if segment is None or segment.is_switch or session.finished:
        return None
    step = segment.step
    if step.tempo is None:
        return None
    elapsed = session.elapsed(now)
    return Sweep(
        pacing.strokes_at(elapsed, segment.duration, step.tempo, step.tempo_end),
        pacing.tempo_at(elapsed, segment.duration, step.tempo, step.tempo_end),
    )


def next_sweep_look(session: Session, now: float) -> float | None:
    """When the pacer's bar next moves a step (of `SWEEP_STEPS` a stroke); None while it
    cannot move (paused, over, no tempo)."""
    if not session.running:
        return None
    where = sweep(session, now)
    segment = session.current
    if where is None or segment is None or segment.step.tempo is None:
        return None
    target = (math.floor(where.strokes * SWEEP_STEPS) + 1) / SWEEP_STEPS
    offset = pacing.time_of_strokes(
        target, segment.duration, segment.step.tempo, segment.step.tempo_end
    )
    if offset is None:
        return None
    start = now - session.elapsed(now)
    return max(start + offset, now + SWEEP_MIN_GAP) + SETTLE


def next_wake(session: Session, now: float) -> float | None:
    """The next moment the screen must look: an engine event or a displayed second changing.

    None while the session is paused or over: nothing changes until a key is pressed.
    """
    if not session.running:
        return None
    moments = [
        now + _to_next_second(session.remaining(now)),
        now + _to_next_second(session.total_remaining(now)),
    ]
    due = session.next_due()
    if due is not None:
        moments.append(due)
    return min(moments) + SETTLE


def _to_next_second(left: float) -> float:
    """Seconds until a countdown showing `left` (rounded up) shows one second less."""
    if left <= 0:
        return 1.0
    return left - (math.ceil(left) - 1)


def next_look(session: Session, now: float, also: float | None = None) -> float | None:
    """`next_wake`, or `also` (a conductor's due moment, say) when that comes first."""
    moments = [moment for moment in (next_wake(session, now), also) if moment is not None]
    return min(moments) if moments else None
