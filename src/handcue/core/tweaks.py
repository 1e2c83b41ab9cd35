"""Duration tweaks: what a person changed about a routine's timing, and how it applies.

A tweak is keyed on a step's identity rather than its index, so that when a routine file is
edited, a saved tweak either still finds its own step or is reported and left out: it is never
applied to whichever step happens to sit at the old place. Nothing here reads or writes files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from handcue.core.durations import DurationError, format_short, parse_duration
from handcue.core.routine import Routine
from handcue.core.safe_text import quoted
from handcue.core.suggest import did_you_mean

MAX_SECONDS = 3600.0
"""Longest time a step may take per side, as in routine files."""
MIN_LENGTH = 0.1
MAX_LENGTH = 4.0
"""The overall length, as a share of the routine as written: 10% to 400%. As short as a fit to
a few minutes makes a long routine, and never so long that a step outlasts an hour by much."""

_PLACE_LABEL = re.compile(r"^(?P<position>[1-9]\d{0,5}): (?P<title>.+)$", re.DOTALL)
"""A place is at most six digits: no routine has a million steps, and int() stays cheap."""


class TweakError(ValueError):
    """A tweak that cannot be made; the message says what would be accepted."""

    def __init__(self, message: str, about: str | None = None) -> None:
        super().__init__(message)
        self.about = about
        """Which part of a request the message is about ("length", "minutes", "step"), so a
        front end can name the option or field it came from."""


def check_seconds(seconds: float) -> float:
    """`seconds` as a float when it is a usable step duration, in (0, 3600]."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise TweakError(f"a step duration must be a number of seconds, got {quoted(seconds)}")
    value = float(seconds)
    if not 0 < value <= MAX_SECONDS:
        raise TweakError(f"a step duration must be above 0 and at most 3600 seconds, got {value!r}")
    return value


def check_length(length: float) -> float:
    """`length` as a float when it is a usable overall length, from 0.1 to 4 (10% to 400%)."""
    if isinstance(length, bool) or not isinstance(length, int | float):
        raise TweakError(f"a length must be a number, got {quoted(length)}", "length")
    value = float(length)
    if not (math.isfinite(value) and MIN_LENGTH <= value <= MAX_LENGTH):
        raise TweakError(
            f"a length must be from {MIN_LENGTH:.0%} to {MAX_LENGTH:.0%} of the routine as "
            f"written ({MIN_LENGTH:g} to {MAX_LENGTH:g} times), got {value * 100:.4g}%",
            "length",
        )
    return value


LENGTH_HINT = "a percentage of the routine as written, such as 150% or 80%, or a factor such as 1.5"


def parse_length(text: object) -> float:
    """An overall length typed as a percentage (150%) or a factor (1.5, 1.5x); checked. Any
    other value (from a hand-edited file: nothing, a list, true) is refused in words."""
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise TweakError(f"a length is {LENGTH_HINT}, got {quoted(text)}", "length")
    if not isinstance(text, str):
        return check_length(text)
    cleaned = text.strip().replace(" ", "").lower()
    percent = cleaned.endswith("%")
    number = cleaned.removesuffix("%") if percent else cleaned.removesuffix("x")
    try:
        exact = Decimal(number)
    except InvalidOperation:
        raise TweakError(f"not a length: write {LENGTH_HINT}", "length") from None
    if not exact.is_finite():
        raise TweakError(f"not a length: write {LENGTH_HINT}", "length")
    # A percentage is divided in decimal, so what `percent_text` writes reads back exactly.
    return check_length(float(exact / 100 if percent else exact))


def percent_text(length: float) -> str:
    """A length as an exact percentage (`85.7421875%`), for a file that must read it back as
    the same number."""
    return f"{(Decimal(repr(length)) * 100).normalize():f}%"


MAX_MINUTES = 24 * 60
"""Far beyond any routine (a step lasts at most an hour), and small enough to stay finite."""


def parse_minutes(text: str) -> float:
    """A time budget typed in minutes (8, 7.5), as seconds."""
    try:
        minutes = float(text.strip())
    except ValueError:
        raise TweakError("not a number of minutes: write one such as 8 or 7.5", "minutes") from None
    if not math.isfinite(minutes) or minutes <= 0:
        raise TweakError(
            f"the number of minutes must be above 0 and at most {MAX_MINUTES}", "minutes"
        )
    if minutes > MAX_MINUTES:
        raise TweakError(f"at most {MAX_MINUTES} minutes (a day)", "minutes")
    return minutes * 60


def length_text(length: float, places: int = 1) -> str:
    """A length as people read it: 150%, 91.6%."""
    return f"{round(length * 100, places):g}%"


@dataclass(frozen=True, slots=True)
class StepRef:
    """The identity a tweak is saved under: the step's explicit key, else its place and title.

    Position and title together keep a tweak from following a step that was renamed or moved,
    where nothing says it is the same step any more; an explicit key says so, and wins.
    """

    key: str | None = None
    position: int | None = None
    """1-based place in the routine."""
    title: str | None = None

    def __post_init__(self) -> None:
        if self.key is not None:
            if not self.key.strip() or self.position is not None or self.title is not None:
                raise TweakError("a step reference is either a non-empty key or a place and title")
        elif self.position is None or self.position < 1 or not self.title:
            raise TweakError("a step reference needs a key, or a 1-based position and a title")

    @classmethod
    def of(cls, routine: Routine, index: int) -> StepRef:
        """The identity of the step at 0-based `index` in `routine`."""
        step = routine.steps[index]
        if step.key:
            return cls(key=step.key)
        return cls(position=index + 1, title=step.title)

    @classmethod
    def from_label(cls, label: str) -> StepRef:
        """Read back a `label`: `"3: Thumb circles"` is a place, anything else a key."""
        if match := _PLACE_LABEL.match(label):
            return cls(position=int(match["position"]), title=match["title"])
        return cls(key=label)

    @property
    def label(self) -> str:
        """How the reference is written in the tweaks file, readable by a person."""
        if self.key is not None:
            return self.key
        return f"{self.position}: {self.title}"


@dataclass(frozen=True, slots=True)
class Tweaks:
    """One routine's tweaks: exact seconds per side for some steps, and an overall length.

    A step's own time is the time the person chose, so the length does not stretch it; the
    length (a share of the routine as written: 1.5 is 150%, half as long again) applies to every
    step without a time of its own.
    """

    steps: Mapping[StepRef, float] = field(default_factory=dict)
    length: float = 1.0

    def __post_init__(self) -> None:
        checked = {ref: check_seconds(seconds) for ref, seconds in self.steps.items()}
        object.__setattr__(self, "steps", MappingProxyType(checked))
        object.__setattr__(self, "length", check_length(self.length))

    @property
    def is_empty(self) -> bool:
        return not self.steps and self.length == 1.0

    def with_step(self, ref: StepRef, seconds: float) -> Tweaks:
        return Tweaks({**self.steps, ref: seconds}, self.length)

    def without_step(self, ref: StepRef) -> Tweaks:
        return Tweaks({r: s for r, s in self.steps.items() if r != ref}, self.length)

    def with_length(self, length: float) -> Tweaks:
        return Tweaks(self.steps, length)


@dataclass(frozen=True, slots=True)
class StaleTweak:
    """A saved override that matches no step of the routine as it is now."""

    routine_id: str
    ref: StepRef
    seconds: float
    reason: str

    @property
    def message(self) -> str:
        routine = quoted(self.routine_id, quote='"')
        step = quoted(self.ref.label, quote='"')
        return (
            f"Routine {routine}: the saved time {format_short(self.seconds)} for step {step} is "
            f"not used, because {self.reason}."
        )


@dataclass(frozen=True, slots=True)
class Applied:
    """Tweaks laid over a routine: what the engine plays, and what had to be left out."""

    durations: dict[int, float]
    """Seconds per side for every step, by 0-based index: the form the engine takes."""
    overridden: frozenset[int]
    """Indices whose time comes from a per-step override rather than the routine file."""
    stale: tuple[StaleTweak, ...]


def apply(routine: Routine, tweaks: Tweaks) -> Applied:
    """Effective durations of `routine` under `tweaks`; overrides that match no step are reported
    in `stale` and have no effect."""
    keyed: dict[str, list[int]] = {}
    for index, step in enumerate(routine.steps):
        if step.key:
            keyed.setdefault(step.key, []).append(index)

    overrides: dict[int, float] = {}
    stale: list[StaleTweak] = []
    for ref, seconds in tweaks.steps.items():
        found, reason = _locate(routine, ref, keyed)
        if found is None:
            stale.append(StaleTweak(routine.id, ref, seconds, reason))
        else:
            overrides[found] = seconds

    durations = {
        index: overrides.get(index, min(step.duration * tweaks.length, MAX_SECONDS))
        for index, step in enumerate(routine.steps)
    }
    return Applied(durations, frozenset(overrides), tuple(stale))


def _locate(routine: Routine, ref: StepRef, keyed: dict[str, list[int]]) -> tuple[int | None, str]:
    if ref.key is not None:
        found = keyed.get(ref.key, [])
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, f'no step has the key "{ref.key}" any more'
        return None, f'{len(found)} steps share the key "{ref.key}"'
    assert ref.position is not None
    count = len(routine.steps)
    if ref.position > count:
        return None, f"the routine now has {count} step{'s' if count != 1 else ''}"
    step = routine.steps[ref.position - 1]
    if step.key:
        return None, f'step {ref.position} now has its own key "{step.key}"'
    if step.title != ref.title:
        return None, f'step {ref.position} is now "{step.title}"'
    return ref.position - 1, ""


def scale(durations: Mapping[int, float], factor: float) -> dict[int, float]:
    """Every duration times `factor`, kept within one hour: for speeding up or slowing down a
    session that is already running."""
    if isinstance(factor, bool) or not isinstance(factor, int | float):
        raise TweakError(f"a scale factor must be a number, got {quoted(factor)}")
    if not (math.isfinite(factor) and factor > 0):
        raise TweakError(f"a scale factor must be above 0, got {factor!r}")
    return {index: min(seconds * factor, MAX_SECONDS) for index, seconds in durations.items()}


def total_seconds(routine: Routine, durations: Mapping[int, float]) -> float:
    """Playing time with `durations` (missing indices use the file's time), counted the way
    `Routine.total_seconds` counts: `each` steps twice, plus their switch-hands pauses."""
    return sum(
        durations.get(index, step.duration) * step.sides
        + (routine.switch_seconds if step.sides == 2 else 0.0)
        for index, step in enumerate(routine.steps)
    )


def base_durations(routine: Routine) -> dict[int, float]:
    """The routine's own durations by index, untweaked."""
    return {index: step.duration for index, step in enumerate(routine.steps)}


@dataclass(frozen=True, slots=True)
class StepSpec:
    """A parsed `STEP=DURATION` request, resolved against a routine."""

    index: int
    """0-based index of the step."""
    ref: StepRef
    """The identity to save the tweak under."""
    seconds: float


STEP_SPEC_HINT = (
    "write STEP=DURATION, where STEP is a step number or key: 3=45s or thumb-walk=1m30s"
)


def parse_step_spec(routine: Routine, spec: str) -> StepSpec:
    """Read a `3=45s` or `thumb-walk=1:30` request; a digit-only STEP is a 1-based number."""
    name, sep, value = spec.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name or not value:
        raise TweakError(f"not a step time: {STEP_SPEC_HINT}", f"step {spec}")
    count = len(routine.steps)
    if name.isdigit():
        number = int(name)
        if not 1 <= number <= count:
            raise TweakError(
                f"{routine.title} has steps 1 to {count}, there is no step {number}",
                f"step {spec}",
            )
        index = number - 1
    else:
        matches = [i for i, step in enumerate(routine.steps) if step.key == name]
        if len(matches) != 1:
            keys = ", ".join(step.key for step in routine.steps if step.key) or "none"
            problem = "no step has" if not matches else "several steps have"
            hint = did_you_mean(name, [step.key for step in routine.steps if step.key], quote='"')
            raise TweakError(
                f"{problem} the key {quoted(name, quote=chr(34))} in {routine.title}{hint} "
                f"(keys: {keys}); or use a step number",
                f"step {spec}",
            )
        index = matches[0]
    try:
        seconds = parse_duration(value)
    except DurationError as error:
        raise TweakError(str(error), f"step {spec}") from None
    return StepSpec(index, StepRef.of(routine, index), seconds)
