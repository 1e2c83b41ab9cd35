"""The cue vocabulary: which sound means what, and which hand it points to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CueKind(StrEnum):
    START = "start"
    STEP = "step"
    SWITCH = "switch"
    HALFWAY = "halfway"
    PIP = "pip"
    PAUSE = "pause"
    RESUME = "resume"
    FINISH = "finish"
    TICK = "tick"


class CueSide(StrEnum):
    """Where a cue sits: left is panned left and lower, right is panned right and higher."""

    LEFT = "left"
    RIGHT = "right"
    CENTRE = "centre"


HANDED_KINDS = frozenset({CueKind.STEP, CueKind.SWITCH, CueKind.HALFWAY, CueKind.PIP})
"""Kinds with one sound per side; the others are always centred."""


@dataclass(frozen=True, slots=True)
class Cue:
    kind: CueKind
    side: CueSide = CueSide.CENTRE

    @property
    def sound_name(self) -> str:
        """File stem in `sounds/`: `step-left`, `pip-centre`, `finish` ..."""
        return f"{self.kind}-{self.side}" if self.kind in HANDED_KINDS else str(self.kind)


def all_cues() -> list[Cue]:
    """Every cue that has a sound file, in legend order."""
    cues: list[Cue] = []
    for kind in CueKind:
        if kind in HANDED_KINDS:
            cues.extend(Cue(kind, side) for side in CueSide)
        else:
            cues.append(Cue(kind))
    return cues
