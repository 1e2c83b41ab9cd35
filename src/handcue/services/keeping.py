"""Keeping what a person changed during a session: as step times, as an overall length, or not.

A change is kept for what it meant in the session, relative to the routine as written: a step
made twice as long during a one-off `--length 50%` play is saved twice as long as it plays
without that one-off, not at the seconds it reached at half length. What is saved is rounded
the way a person would write it. The finish screen, and the question after stopping early,
show each choice with the time the routine will then take, so nobody saves by accident.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from handcue.core.durations import format_short
from handcue.core.events import DurationChange
from handcue.core.routine import Routine
from handcue.core.tweaks import (
    MAX_LENGTH,
    MAX_SECONDS,
    MIN_LENGTH,
    StepRef,
    Tweaks,
    apply,
    base_durations,
    length_text,
    total_seconds,
)
from handcue.core.wording import counted
from handcue.services.rounding import round_length, round_seconds
from handcue.services.timing import save_changes
from handcue.services.your_time import YourTime, your_time
from handcue.storage.tweaks_file import TweakStore


class Keep(StrEnum):
    """The three answers to "keep these times?"."""

    STEPS = "steps"
    LENGTH = "length"
    NOTHING = "nothing"


@dataclass(frozen=True, slots=True)
class KeepOffer:
    """What each answer would save for a routine, worked out before anything is written."""

    routine: Routine
    saved: Tweaks
    """The routine's saved tweaks when the offer was made."""
    steps: Tweaks
    """What "keep step times" saves."""
    length: Tweaks | None
    """What "keep as overall length" saves; None when no length gives it (see `no_length`)."""
    no_length: str = ""
    """Why the changes cannot be kept as one length."""

    def time_with(self, choice: Keep) -> YourTime:
        """The routine's time next time, after `choice`."""
        tweaks = {Keep.STEPS: self.steps, Keep.LENGTH: self.length}.get(choice) or self.saved
        return your_time(self.routine, tweaks)

    def label(self, choice: Keep) -> str:
        """The choice in words with the time the routine then takes you:
        `Keep as overall length 105%: 5m05s`."""
        seconds = format_short(self.time_with(choice).seconds)
        if choice is Keep.STEPS:
            return f"Keep step times: {seconds}"
        if choice is Keep.LENGTH:
            if self.length is None:
                return f"Keep as overall length: not possible, {self.no_length}"
            return f"Keep as overall length {length_text(self.length.length, 0)}: {seconds}"
        return f"Don't keep: {seconds}"


def offer(
    routine: Routine,
    saved: Tweaks,
    started: Mapping[int, float],
    changes: Sequence[DurationChange],
    exact: frozenset[int] = frozenset(),
) -> KeepOffer:
    """What keeping this session's `changes` would save over the `saved` tweaks.

    `started` holds the durations the session began with (missing steps: as written), one-off
    options included. Each change is kept as the share it made of the step's time in the
    session, laid over the step's time without the one-off options; steps in `exact` were
    given an exact time for this play (`--step 3=45s`), and keep the time they reached.
    """
    plain = apply(routine, saved).durations
    """What each step plays for with the saved tweaks alone, no one-off option."""
    steps = saved
    for change in changes:
        index = change.step_index
        if index in exact or change.old <= 0:
            meant = change.new
        else:
            meant = plain[index] * change.new / change.old
        steps = steps.with_step(StepRef.of(routine, index), round_seconds(min(meant, MAX_SECONDS)))

    begun = {**base_durations(routine), **started}
    ended = {**begun, **{change.step_index: change.new for change in changes}}
    before = total_seconds(routine, begun)
    if before <= 0:
        return KeepOffer(routine, saved, steps, None, "the routine has no time to scale")
    target = total_seconds(routine, plain) * total_seconds(routine, ended) / before
    length, why = _length_for(routine, saved, target)
    return KeepOffer(routine, saved, steps, length, why)


def _length_for(routine: Routine, saved: Tweaks, target: float) -> tuple[Tweaks | None, str]:
    """The saved tweaks with the one length that makes `routine` take about `target` seconds;
    steps with times of their own keep them. The total is linear in the length (below the
    one-hour cap on a step), so it is solved directly."""
    applied = apply(routine, saved)
    own = applied.overridden
    fixed = total_seconds(
        routine,
        {index: applied.durations[index] if index in own else 0.0 for index in applied.durations},
    )
    slope = sum(
        step.duration * step.sides for index, step in enumerate(routine.steps) if index not in own
    )
    if slope <= 0:
        return None, "every step has a time of its own"
    wanted = round_length((target - fixed) / slope)
    if not MIN_LENGTH <= wanted <= MAX_LENGTH:
        return None, (
            f"that would be a length of {length_text(wanted, 0)}, outside "
            f"{MIN_LENGTH:.0%} to {MAX_LENGTH:.0%}"
        )
    return saved.with_length(wanted), ""


def keep(store: TweakStore, made: KeepOffer, choice: Keep) -> str:
    """Save `choice` of the offer (only what differs from the saved tweaks, so another window's
    changes to other steps stay); says what was done. Raises `StorageError`."""
    routine = made.routine
    if choice is Keep.NOTHING:
        return "Your changed times were not kept; next time it plays as before."
    if choice is Keep.LENGTH:
        if made.length is None:
            return f"Not kept: {made.no_length}. Keep the step times instead."
        save_changes(store, routine.id, made.saved, made.length)
        time = made.time_with(Keep.LENGTH)
        return (
            f"Kept a length of {length_text(made.length.length, 0)} for {routine.title}; "
            f"it now takes {time.text}."
        )
    save_changes(store, routine.id, made.saved, made.steps)
    count = sum(1 for ref in made.steps.steps if made.steps.steps[ref] != made.saved.steps.get(ref))
    time = made.time_with(Keep.STEPS)
    return f"Kept {counted(count, 'step time')} for {routine.title}; it now takes {time.text}."
