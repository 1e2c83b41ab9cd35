"""When the stroke pacer ticks: one soft tick per stroke, the rate gliding from `tempo` to `tempo_end`.

The rate changes linearly over the step, r(t) = r0 + (r1 - r0) * t / D strokes per minute, so
the number of strokes by time t is the integral of r / 60; tick k falls where that integral
reaches k. Ticks lie strictly inside the step (its start and end have their own tones) and
never inside the quiet spans given, which keep them off the step's other cues.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from handcue.core.cues import CueKind
from handcue.core.engine import COUNTDOWN_FROM, HALFWAY_MIN_SECONDS

Span = tuple[float, float]
"""An interval of seconds from the start of the step, both ends included."""


def _coefficients(duration: float, tempo: float, tempo_end: float | None) -> tuple[float, float]:
    """(a, b) of strokes(t) = b t + a t^2, with b = r0 / 60 and a = (r1 - r0) / (120 D)."""
    end = tempo if tempo_end is None else tempo_end
    if end <= 0:
        raise ValueError(f"tempo_end must be above 0, got {end!r}")
    return (end - tempo) / (120.0 * duration), tempo / 60.0


def strokes_at(
    elapsed: float, duration: float, tempo: float, tempo_end: float | None = None
) -> float:
    """How many strokes are done `elapsed` seconds into the step, counting fractions: stroke k
    ends, and tick k sounds, exactly where this reaches k."""
    if duration <= 0 or tempo <= 0:
        return 0.0
    a, b = _coefficients(duration, tempo, tempo_end)
    t = min(max(elapsed, 0.0), duration)
    return b * t + a * t * t


def tempo_at(
    elapsed: float, duration: float, tempo: float, tempo_end: float | None = None
) -> float:
    """Strokes a minute `elapsed` seconds into the step, gliding from `tempo` to `tempo_end`."""
    end = tempo if tempo_end is None else tempo_end
    if duration <= 0:
        return tempo
    share = min(max(elapsed / duration, 0.0), 1.0)
    return tempo + (end - tempo) * share


def time_of_strokes(
    strokes: float, duration: float, tempo: float, tempo_end: float | None = None
) -> float | None:
    """Seconds into the step when `strokes` are done, or None if the step ends first."""
    if duration <= 0 or tempo <= 0:
        return None
    a, b = _coefficients(duration, tempo, tempo_end)
    # The root of a t^2 + b t - k = 0 in the form that stays exact as a tends to 0.
    root = b * b + 4.0 * a * strokes
    if root < 0:
        return None
    t = 2.0 * strokes / (b + math.sqrt(root))
    return t if t < duration else None


def stroke_offsets(duration: float, tempo: float, tempo_end: float | None = None) -> list[float]:
    """Seconds from the step's start of every stroke strictly inside (0, `duration`)."""
    offsets: list[float] = []
    k = 1
    while (t := time_of_strokes(k, duration, tempo, tempo_end)) is not None:
        offsets.append(t)
        k += 1
    return offsets


def cue_marks(duration: float) -> list[tuple[float, CueKind]]:
    """Seconds from the start of a (non-gap) step at which the engine sounds a cue, and which.

    The step's own tone, its halfway mark when it gets one, the 3-2-1 countdown, and the end
    (marked STEP: whatever follows starts with a transition tone).
    """
    marks = [(0.0, CueKind.STEP)]
    if duration >= HALFWAY_MIN_SECONDS:
        marks.append((duration / 2, CueKind.HALFWAY))
    marks.extend((duration - n, CueKind.PIP) for n in range(COUNTDOWN_FROM, 0, -1) if n < duration)
    marks.append((duration, CueKind.STEP))
    return sorted(marks)


def quiet_spans(
    duration: float,
    length_of: Callable[[CueKind], float],
    *,
    before: float = 0.05,
    after: float = 0.05,
) -> list[Span]:
    """A span around each of the step's cues, covering its sound and a margin either side.

    A tick within `before` ahead of a cue or `after` behind its sound would blur into it.
    """
    return [
        (offset - before, offset + length_of(kind) + after) for offset, kind in cue_marks(duration)
    ]


def tick_offsets(
    duration: float,
    tempo: float,
    tempo_end: float | None = None,
    *,
    quiet: Iterable[Span] = (),
) -> list[float]:
    """The strokes that get a tick: `stroke_offsets` minus any falling inside a quiet span."""
    spans: Sequence[Span] = list(quiet)
    return [
        t
        for t in stroke_offsets(duration, tempo, tempo_end)
        if not any(low <= t <= high for low, high in spans)
    ]
