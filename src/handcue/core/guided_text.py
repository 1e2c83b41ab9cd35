"""What the guided voice says: a step's whole instruction, in short sentences, split at the bell.

The brief voice (`speech_text.step_start`) names the hand, the step and its length, enough for
someone who knows the routine. The guided voice adds how to do the movement. A step written in
halves ("First half: ... After the bell: ...") is read in two parts: the first after the step's
tone, the second after the halfway bell, so the words come when the hands need them; a step too
short for a halfway bell has both halves read at its start. Every sentence of the instruction is
said, the safety lines among them ("Let go at once if it tingles"): nothing is trimmed to fit.
A step for each hand is explained once, on the first hand; the second hand hears a short line.
Nothing here speaks or touches a device.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from handcue.core import speech_text
from handcue.core.cues import CueKind
from handcue.core.engine import HALFWAY_MIN_SECONDS
from handcue.core.timeline import Segment

GUIDED_PLAYS = 3
"""A routine is guided the first this many times it is played; brief after, unless chosen."""

_FIRST_HALF = re.compile(r"\bfirst half\s*:\s*", re.IGNORECASE)
_AFTER_BELL = re.compile(r"\bafter the bell\s*:\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


TONE_MEANINGS = {
    CueKind.START: "[Tone: the routine begins]",
    CueKind.STEP: "[Tone: a new step]",
    CueKind.SWITCH: "[Tone: switch hands]",
    CueKind.HALFWAY: "[Bell: halfway through the step]",
    CueKind.PIP: "[Pip: the step is ending]",
    CueKind.FINISH: "[Tone: the routine is over]",
}
"""What each tone means, for the transcript; the pacer's ticks are left out of it."""


class VoiceMode(StrEnum):
    GUIDED = "guided"
    BRIEF = "brief"


def mode_for(plays: int, chosen: VoiceMode | None = None) -> VoiceMode:
    """The person's choice when made, else guided for the first `GUIDED_PLAYS` plays."""
    if chosen is not None:
        return chosen
    return VoiceMode.GUIDED if plays < GUIDED_PLAYS else VoiceMode.BRIEF


@dataclass(frozen=True, slots=True)
class Halves:
    """An instruction as the voice reads it: `first` at the step's start, `second` at the bell."""

    first: tuple[str, ...]
    second: tuple[str, ...] = ()


@functools.lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[str, ...]:
    """`text` as whole sentences, each capitalised and ending in a stop; none empty."""
    flat = " ".join(text.split())
    parts = (speech_text._sentence(part) for part in _SENTENCE_END.split(flat))
    return tuple(part for part in parts if part)


@functools.lru_cache(maxsize=1024)
def halves(instruction: str) -> Halves:
    """Split at "After the bell:"; "First half:" is dropped from the words, the rest kept."""
    bell = _AFTER_BELL.search(instruction)
    if bell is None:
        return Halves(sentences(_FIRST_HALF.sub("", instruction)))
    first = _FIRST_HALF.sub("", instruction[: bell.start()])
    return Halves(sentences(first), sentences(instruction[bell.end() :]))


def has_bell(segment: Segment) -> bool:
    """Whether the engine rings a halfway bell in `segment` as it starts (`core.engine`)."""
    return not segment.is_switch and segment.duration >= HALFWAY_MIN_SECONDS


def step_start(
    segment: Segment, partner: bool = False, *, bell: bool | None = None
) -> tuple[str, ...]:
    """Said after a step's tone: the brief line, then the first half of the instruction, or all
    of it when no bell will come (`bell`; by default, as the segment's length gives it)."""
    brief = speech_text.step_start(segment, partner)
    split = halves(segment.step.instruction)
    if bell is None:
        bell = has_bell(segment)
    return (brief, *split.first) if bell else (brief, *split.first, *split.second)


def at_bell(segment: Segment) -> tuple[str, ...]:
    """Said after the halfway bell: the instruction's second half; empty for a step in one part."""
    return halves(segment.step.instruction).second


def other_side(segment: Segment, partner: bool = False, *, after_switch: bool = True) -> str:
    """Said on the second hand of an `each` step whose instruction was said on the first: a
    short line, since the movement is the same. After "Switch hands ... next" the hand is
    already named; without a switch gap it is named here."""
    length = speech_text._sentence(speech_text.duration_words(segment.duration))
    if after_switch:
        return f"The same on this hand. {length}"
    return f"Now {speech_text.spoken_hand(segment.hand, partner)}, the same way. {length}"
