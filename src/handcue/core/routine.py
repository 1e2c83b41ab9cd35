"""The routine model: frozen values that the loader builds and everything else reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class Hand(StrEnum):
    """Which hand a step works on; `each` means left first, then right, full time on each."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    EACH = "each"


class Area(StrEnum):
    """Regions of the hand that the progress map draws."""

    THUMB = "thumb"
    INDEX = "index"
    MIDDLE = "middle"
    RING = "ring"
    LITTLE = "little"
    PALM = "palm"
    BACK = "back"
    WRIST = "wrist"
    FOREARM = "forearm"
    THENAR = "thenar"
    HYPOTHENAR = "hypothenar"
    WEB = "web"


class Pressure(StrEnum):
    LIGHT = "light"
    MODERATE = "moderate"
    FIRM = "firm"


class Intensity(StrEnum):
    GENTLE = "gentle"
    MODERATE = "moderate"
    FIRM = "firm"


class Technique(StrEnum):
    """Massage techniques named in the routine files."""

    EFFLEURAGE = "effleurage"
    PETRISSAGE = "petrissage"
    FRICTION = "friction"
    THUMB_PRESS = "thumb-press"
    FINGER_ROLL = "finger-roll"
    FINGER_PULL = "finger-pull"
    WRIST_CIRCLES = "wrist-circles"
    STRETCH = "stretch"
    ACUPRESSURE = "acupressure"
    REFLEXOLOGY = "reflexology"
    PINCH = "pinch"
    SQUEEZE = "squeeze"
    TAPPING = "tapping"
    SHAKE_OUT = "shake-out"
    GRIP = "grip"
    BREATHING = "breathing"


DEFAULT_SWITCH_SECONDS = 3.0
"""Pause between the left and right halves of an `each` step, so the hands can change over."""


@dataclass(frozen=True, slots=True)
class Step:
    title: str
    instruction: str
    duration: float
    """Seconds on one hand; an `each` step takes this long on each side."""
    technique: Technique | None = None
    hand: Hand = Hand.BOTH
    areas: tuple[Area, ...] = ()
    pressure: Pressure | None = None
    reps: int | None = None
    key: str | None = None
    """A stable name for the step, so saved tweaks follow it when steps move or are renamed."""
    tempo: float | None = None
    """Strokes per minute for the pacer."""
    tempo_end: float | None = None
    line: int = 0
    """Line of the step in its file (1-based), for messages; 0 when built in code."""

    @property
    def sides(self) -> int:
        return 2 if self.hand is Hand.EACH else 1


@dataclass(frozen=True, slots=True)
class Study:
    """A study an article cites for a claim, so a reader can look it up."""

    title: str
    """The study's title, or how the article names it ("Brooks et al., 2005")."""
    pubmed: str = ""
    """PubMed id (digits), when the article gives one."""
    pmc: str = ""
    """PubMed Central id ("PMC4913123"), when the article gives one."""

    @property
    def link(self) -> str:
        if self.pmc:
            return f"https://pmc.ncbi.nlm.nih.gov/articles/{self.pmc}/"
        if self.pubmed:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pubmed}/"
        return ""


@dataclass(frozen=True, slots=True)
class Source:
    """Where part of a routine comes from: an article (by title), or plainly from outside it.

    A routine's sources let a person check what its steps and cautions rest on.
    """

    article: str = ""
    """The article's title; empty for a source outside the articles."""
    outside: str = ""
    """For what does not come from the articles: where it comes from instead."""
    section: str = ""
    """The part of the article meant, by its heading."""
    note: str = ""
    """What the routine takes from it."""
    study: Study | None = None
    steps: tuple[str, ...] = ()
    """Keys of the steps this source stands behind; empty for the routine as a whole."""
    line: int = 0
    """Line of the source in its file (1-based), for messages; 0 when built in code."""

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON (`show --json`); the file's line stays out, as a step's does:
        the library cache adds it."""
        data = asdict(self)
        data["steps"] = list(self.steps)
        del data["line"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        study = data.get("study")
        return cls(
            article=data.get("article", ""),
            outside=data.get("outside", ""),
            section=data.get("section", ""),
            note=data.get("note", ""),
            study=Study(**study) if study else None,
            steps=tuple(data.get("steps", ())),
            line=int(data.get("line", 0)),
        )


@dataclass(frozen=True, slots=True)
class Routine:
    id: str
    title: str
    steps: tuple[Step, ...]
    summary: str = ""
    goals: tuple[str, ...] = ()
    intensity: Intensity = Intensity.GENTLE
    cautions: tuple[str, ...] = ()
    prepare: str = ""
    sources: tuple[Source, ...] = ()
    switch_seconds: float = DEFAULT_SWITCH_SECONDS
    partner: bool = False
    """True when the routine massages someone else's hands: "left" is then their left hand."""
    path: Path | None = field(default=None, compare=False)
    user: bool = field(default=False, compare=False)
    """True for a routine from the user's folder rather than the bundled library."""
    overrides_bundled: bool = field(default=False, compare=False)

    @property
    def total_seconds(self) -> float:
        """Whole playing time: `each` steps count twice, plus their switch-hands pauses."""
        return sum(
            step.duration * step.sides + (self.switch_seconds if step.sides == 2 else 0.0)
            for step in self.steps
        )
