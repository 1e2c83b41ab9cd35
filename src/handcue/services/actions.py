"""What the conductor did at a moment: a tone, a pacer tick or words, and why.

The front ends show them (plain mode prints a line for each), render mixes them into its file,
and the guided time is measured from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from handcue.core.cues import Cue


class ActionKind(StrEnum):
    TONE = "tone"
    TICK = "tick"
    SPEECH = "speech"


class Purpose(StrEnum):
    """Why something was said or played, so a front end can show it (plain mode prints NEXT)."""

    CUE = "cue"
    STEP = "step"
    SWITCH = "switch"
    NEXT = "next"
    BELL = "bell"
    FINISH = "finish"
    PACER = "pacer"


@dataclass(frozen=True, slots=True)
class Action:
    at: float
    kind: ActionKind
    purpose: Purpose
    cue: Cue | None = None
    text: str = ""
    spoken: bool = False
    """For speech: True when a voice said it; False when there was only the text to show."""
