"""What a person asked to hear besides the tones; light to import, so the picker starts fast."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handcue.core.guided_text import VoiceMode


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
