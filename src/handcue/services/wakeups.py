"""When a screen showing a session must look again: never more often than what it shows changes.

The countdown shows whole seconds, so between engine events the screen only needs to wake as
each shown second ends; while the session is paused or over, nothing changes until a key is
pressed. Kept apart from any screen, so it is tested on a fake clock alone.
"""

from __future__ import annotations

import math

from handcue.core.engine import Session

SETTLE = 0.002
"""Wake this long after a boundary, so the new second is already showing when we look."""


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
