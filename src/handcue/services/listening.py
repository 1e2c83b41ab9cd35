"""What a person asked to hear besides the tones; light to import, so the picker starts fast."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from handcue.core.guided_text import VoiceMode, mode_for

if TYPE_CHECKING:
    from handcue.storage.history import History


@dataclass(frozen=True, slots=True)
class Listening:
    """What a person asked to hear besides the tones: the voice, next-up and the pacer."""

    voice: bool = False
    announce_next: float | None = None
    pacer: bool = False
    intro: bool = False
    """Read the routine's preparation and precautions aloud before it starts."""
    mode: VoiceMode | None = None
    """Guided or brief as the person chose; None: guided for a routine's first plays."""


def voice_mode(listening: Listening, routine_id: str, history: History | None) -> VoiceMode:
    """The person's choice, else guided until the routine was played `GUIDED_PLAYS` times."""
    if listening.mode is not None or history is None:
        return mode_for(0, listening.mode)
    use = history.uses().get(routine_id)
    return mode_for(use.sessions if use is not None else 0)
