"""Your time: how long a routine plays for you, with your saved times laid over it, beside how
long it is as written. The picker, `list`, `--max-minutes`, `show` and the finish screen all
read it from here, so they never disagree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from handcue.core.durations import format_short
from handcue.core.routine import Routine
from handcue.core.tweaks import Tweaks, apply, total_seconds


@dataclass(frozen=True, slots=True)
class YourTime:
    """A routine's playing time for you, and as written."""

    seconds: float
    written: float
    steps: Mapping[int, float] = field(default_factory=lambda: MappingProxyType({}))
    """Each step's time for you, by 0-based index, where it differs from the routine file."""

    def step_seconds(self, routine: Routine, index: int) -> float:
        return self.steps.get(index, routine.steps[index].duration)

    @property
    def differs(self) -> bool:
        """True when the two would read differently (to the second)."""
        return round(self.seconds) != round(self.written)

    @property
    def text(self) -> str:
        """`5m20s`, or `5m20s (as written 4m50s)` when your times change it."""
        if not self.differs:
            return format_short(self.seconds)
        return f"{format_short(self.seconds)} (as written {format_short(self.written)})"


def your_time(routine: Routine, tweaks: Tweaks) -> YourTime:
    """`routine`'s time under `tweaks`; saved times that match no step change nothing."""
    durations = apply(routine, tweaks).durations
    changed = {
        index: seconds
        for index, seconds in durations.items()
        if seconds != routine.steps[index].duration
    }
    return YourTime(
        total_seconds(routine, durations), routine.total_seconds, MappingProxyType(changed)
    )


def your_times(routines: Iterable[Routine], saved: Mapping[str, Tweaks]) -> dict[str, YourTime]:
    """Every routine's time under the saved tweaks of each (`timing.load_all`).

    A saved time that no longer fits its step changes nothing here; it is reported and dropped
    where the routine is shown or played.
    """
    return {routine.id: your_time(routine, saved.get(routine.id, Tweaks())) for routine in routines}
