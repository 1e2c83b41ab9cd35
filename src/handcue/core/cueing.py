"""Which tones to play for a batch of engine events, so a routine can be followed eyes-free.

The rules, in order:

1. Each event kind has at most one cue. STEP_STARTED plays STEP and SWITCH_HANDS plays SWITCH
   on the side of the hand that comes next (left, right, or centre for both hands);
   ROUTINE_STARTED plays START, ROUTINE_FINISHED plays FINISH, HALFWAY plays HALFWAY and each
   COUNTDOWN number plays PIP on the current hand's side, PAUSED plays PAUSE and RESUMED
   plays RESUME. STEP_FINISHED, SKIPPED, WENT_BACK, STEP_RESTARTED and DURATION_CHANGED are
   silent: the engine follows every move with the STEP_STARTED (or SWITCH_HANDS) of the segment
   now current, and that cue says where you are.
2. Only the last transition of a batch (step started, switch hands, routine finished) sounds,
   however late: it is the state you are in now. Earlier transitions were overtaken.
3. Every other event sounds only while fresh (due at most `stale_after` seconds before `now`);
   halfway and countdown also only when they belong to the segment that is current. After a
   stall you hear where you are, not a burst of what you missed.
4. Cues never overlap: whatever falls together merges into one cue, the most telling by this
   fixed precedence: FINISH, PAUSE, RESUME, SWITCH, STEP, START, HALFWAY, PIP, TICK (ties go
   to the later event). So a step change overrides the countdown before it, and pausing at
   a step change plays the pause tone.
5. The opening always sounds START. When the first step is for both hands, START stands for
   its centred step tone too (neither names a hand, so nothing is lost); when it is for one
   hand, that hand's step tone is queued after START, so the listener hears the routine begin
   and then which hand to use.

So a batch gives one cue, or at the opening two in a fixed order; the caller plays a second
cue only once the first has finished ringing (a new cue cuts off the one sounding).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

from handcue.core.cues import HANDED_KINDS, Cue, CueKind, CueSide, all_cues
from handcue.core.events import TRANSITIONS, Event, EventKind
from handcue.core.routine import Hand

STALE_AFTER = 0.25
"""Seconds after which a cue is no longer worth playing: later, it would mislead."""

SIDES = MappingProxyType({Hand.LEFT: CueSide.LEFT, Hand.RIGHT: CueSide.RIGHT})
"""The side a hand's cues sit on; both hands (and anything else) sit in the centre."""

PRECEDENCE: tuple[CueKind, ...] = (
    CueKind.FINISH,
    CueKind.PAUSE,
    CueKind.RESUME,
    CueKind.SWITCH,
    CueKind.STEP,
    CueKind.START,
    CueKind.HALFWAY,
    CueKind.PIP,
    CueKind.TICK,
)
"""Which cue wins when several fall together, most telling first."""

_RANK = {kind: rank for rank, kind in enumerate(PRECEDENCE)}

_KINDS = MappingProxyType(
    {
        EventKind.ROUTINE_STARTED: CueKind.START,
        EventKind.STEP_STARTED: CueKind.STEP,
        EventKind.SWITCH_HANDS: CueKind.SWITCH,
        EventKind.HALFWAY: CueKind.HALFWAY,
        EventKind.COUNTDOWN: CueKind.PIP,
        EventKind.PAUSED: CueKind.PAUSE,
        EventKind.RESUMED: CueKind.RESUME,
        EventKind.ROUTINE_FINISHED: CueKind.FINISH,
    }
)

_OF_SEGMENT = frozenset({EventKind.HALFWAY, EventKind.COUNTDOWN})


def side_of(hand: Hand | None) -> CueSide:
    return SIDES.get(hand, CueSide.CENTRE) if hand is not None else CueSide.CENTRE


def cue_of(event: Event) -> Cue | None:
    """The cue an event plays on its own, before the batch rules; None for silent kinds."""
    kind = _KINDS.get(event.kind)
    if kind is None:
        return None
    side = side_of(event.segment.hand) if event.segment is not None else CueSide.CENTRE
    return Cue(kind, side) if kind in HANDED_KINDS else Cue(kind)


def cues_for(events: Sequence[Event], now: float, *, stale_after: float = STALE_AFTER) -> list[Cue]:
    """The cues to play for `events` handled at `now`, in order; see the module's rules."""
    last = max((i for i, e in enumerate(events) if e.kind in TRANSITIONS), default=-1)
    best: tuple[int, int, Cue] | None = None
    for index, event in enumerate(events):
        cue = cue_of(event)
        if cue is None:
            continue
        if event.kind in TRANSITIONS:
            keep = index == last
        else:
            fresh = now - event.due <= stale_after
            keep = fresh and (event.kind not in _OF_SEGMENT or index > last)
        candidate = (-_RANK[cue.kind], index, cue)
        if keep and (best is None or candidate[:2] > best[:2]):
            best = candidate
    if best is None:
        return []
    cue = best[2]
    opening = any(event.kind is EventKind.ROUTINE_STARTED for event in events)
    if opening and cue.kind is CueKind.STEP:
        return [Cue(CueKind.START)] if cue.side is CueSide.CENTRE else [Cue(CueKind.START), cue]
    return [cue]


_MEANINGS = MappingProxyType(
    {
        CueKind.START: "the routine begins",
        CueKind.STEP: "a new step begins on {hand}",
        CueKind.SWITCH: "switch hands: {hand} next",
        CueKind.HALFWAY: "halfway through the step on {hand}",
        CueKind.PIP: "countdown 3, 2, 1 before the step on {hand} ends",
        CueKind.PAUSE: "paused: time stands still until you resume",
        CueKind.RESUME: "resumed: the clock runs again",
        CueKind.FINISH: "the routine is over",
        CueKind.TICK: "the pacer's beat: one stroke, at the step's tempo",
    }
)

_HAND_WORDS = MappingProxyType(
    {CueSide.LEFT: "the left hand", CueSide.RIGHT: "the right hand", CueSide.CENTRE: "both hands"}
)


def _meaning(cue: Cue) -> str:
    return _MEANINGS[cue.kind].format(hand=_HAND_WORDS[cue.side])


CUE_LEGEND: list[tuple[Cue, str]] = [(cue, _meaning(cue)) for cue in all_cues()]
"""One line of meaning per cue, in the vocabulary's order, for the README and `handcue cues`."""
