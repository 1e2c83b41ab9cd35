"""The words a session says: which at each change of step, and every one it may say.

The conductor says a transition's words as the session reaches it; a voice that makes its
speech ahead (the natural voice, a render) is handed every line before it is wanted.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass

from handcue.core import guided_text, speech_text
from handcue.core.engine import Session
from handcue.core.events import Event, EventKind
from handcue.core.guided_text import VoiceMode
from handcue.core.timeline import Segment
from handcue.services.actions import Purpose


@dataclass(frozen=True, slots=True)
class Words:
    """What a change of step says, and why."""

    text: str
    purpose: Purpose
    step: int | None = None
    """For a guided step's start that reads its instruction: the step, so the instruction
    counts as said once these words are."""
    owed: tuple[str, ...] = ()
    """The second half of that instruction, owed at the step's halfway bell."""


def transition_words(
    event: Event, session: Session, mode: VoiceMode, told: Set[int]
) -> Words | None:
    """What `event` (a step started, hands switched, the end) says in `mode`, knowing the steps
    whose instruction was `told` already; None when it says nothing."""
    segment = event.segment
    partner = session.routine.partner
    if event.kind is EventKind.ROUTINE_FINISHED:
        return Words(speech_text.finished(), Purpose.FINISH)
    if segment is None:
        return None
    if event.kind is EventKind.SWITCH_HANDS:
        return Words(speech_text.switch_hands(segment, partner), Purpose.SWITCH)
    if mode is not VoiceMode.GUIDED:
        return Words(speech_text.step_start(segment, partner), Purpose.STEP)
    if segment.side == 1 and segment.step_index in told:
        text = guided_text.other_side(
            segment, partner, after_switch=after_gap(session.timeline, segment)
        )
        return Words(text, Purpose.STEP)
    bell = guided_text.has_bell(segment)
    owed = guided_text.at_bell(segment) if bell else ()
    text = " ".join(guided_text.step_start(segment, partner, bell=bell))
    return Words(text, Purpose.STEP, segment.step_index, owed)


def session_lines(
    session: Session, mode: VoiceMode, announce_next: float | None, *, both_modes: bool = True
) -> list[str]:
    """Every line `session` may say from its current step on, each once, in the order they
    would be needed: `mode` first, then (with `both_modes`) the other one, since a person may
    switch."""
    timeline = session.timeline
    first = session.position if session.started else 0
    partner = session.routine.partner
    other = VoiceMode.BRIEF if mode is VoiceMode.GUIDED else VoiceMode.GUIDED
    modes = (mode, other) if both_modes else (mode,)
    said: list[str] = []
    for each in modes:
        for segment in timeline[first:]:
            if segment.is_switch:
                said.append(speech_text.switch_hands(segment, partner))
                continue
            if each is VoiceMode.BRIEF:
                said.append(speech_text.step_start(segment, partner))
            else:
                bell = guided_text.has_bell(segment)
                said.append(" ".join(guided_text.step_start(segment, partner, bell=bell)))
                if segment.side == 1:
                    after = after_gap(timeline, segment)
                    said.append(guided_text.other_side(segment, partner, after_switch=after))
                if bell and guided_text.at_bell(segment):
                    said.append(" ".join(guided_text.at_bell(segment)))
            if announce_next is not None:
                said.append(speech_text.next_up(segment, following(timeline, segment), partner))
        said.append(speech_text.finished())
    return list(dict.fromkeys(said))


def after_gap(timeline: Sequence[Segment], segment: Segment) -> bool:
    """True when `segment` follows a switch-hands gap, whose words named the hand."""
    position = segment.position
    return position > 0 and timeline[position - 1].is_switch


def following(timeline: Sequence[Segment], segment: Segment) -> Segment | None:
    """The next step after `segment`, passing over gaps; None after the last."""
    return next((s for s in timeline[segment.position + 1 :] if not s.is_switch), None)
