"""Duration tweaks as people ask for them: saved ones laid over every play, one-off changes from
the command line or a screen, and what the finish screen keeps.

Everything here goes through `TweakStore`, one locked change at a time, and only for what
actually changed, so two handcue windows tweaking different steps never undo each other.
Both front ends use it; it raises `Refused` for a request that cannot be met.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from handcue.core.durations import format_short
from handcue.core.engine import DurationChange
from handcue.core.library import Library
from handcue.core.routine import Routine
from handcue.core.tweaks import (
    MAX_SCALE,
    MIN_SCALE,
    Applied,
    Fit,
    StepRef,
    TweakError,
    Tweaks,
    apply,
    check_scale,
    fit,
    parse_step_spec,
    total_seconds,
)
from handcue.services.library import find_routine
from handcue.services.refusal import Refused
from handcue.storage.tweaks_file import StorageError, TweakStore

Warn = Callable[[str], None]
"""Where a message for the person goes: stderr on the command line, a notification in the app."""


def parse_scale(text: str) -> float:
    """A tempo scale typed as a factor (1.5) or a percentage (150%); checked against 50-200 %."""
    cleaned = text.strip().replace(" ", "")
    percent = cleaned.endswith("%")
    try:
        value = float(cleaned.removesuffix("%"))
    except ValueError:
        raise TweakError(
            f'"{text}" is not a tempo scale: write a factor such as 1.5 or a percentage such '
            "as 150%"
        ) from None
    if percent:
        value /= 100
    if not math.isfinite(value) or not MIN_SCALE <= value <= MAX_SCALE:
        raise TweakError(
            f'"{text}": the tempo scale must be from {MIN_SCALE:g} to {MAX_SCALE:g} '
            f"({MIN_SCALE:.0%} to {MAX_SCALE:.0%})"
        )
    return check_scale(value)


MAX_MINUTES = 24 * 60
"""Far beyond any routine (a step lasts at most an hour), and small enough to stay finite."""


def parse_minutes(text: str) -> float:
    """A time budget in minutes, as seconds."""
    try:
        minutes = float(text.strip())
    except ValueError:
        raise TweakError(f'"{text}" is not a number of minutes; write 8 or 7.5') from None
    if not math.isfinite(minutes) or minutes <= 0:
        raise TweakError(f'"{text}": the number of minutes must be above 0')
    if minutes > MAX_MINUTES:
        raise TweakError(f'"{text}": at most {MAX_MINUTES} minutes (a day)')
    return minutes * 60


def scale_text(scale: float) -> str:
    """A scale as people read it: 125%, 117.3%."""
    return f"{round(scale * 100, 1):g}%"


def tweaks_for_fit(routine: Routine, tweaks: Tweaks, fitted: Fit) -> Tweaks:
    """What to keep of a fit: a tempo scale when one scale gives exactly its durations, else
    each step's fitted time, to the whole second.

    A scale survives later edits of the routine file, so it is preferred; steps held at the
    minimum, steps with times of their own, or a factor outside 50-200 % need per-step times.
    """
    first = routine.steps[0].duration if routine.steps else 0.0
    candidate = fitted.durations.get(0, first) / first if first else 1.0
    if (
        not tweaks.steps
        and MIN_SCALE <= candidate <= MAX_SCALE
        and all(
            math.isclose(step.duration * candidate, fitted.durations[index], rel_tol=1e-9)
            for index, step in enumerate(routine.steps)
        )
    ):
        return Tweaks(scale=candidate)
    steps = {
        StepRef.of(routine, index): float(max(1, round(seconds)))
        for index, seconds in fitted.durations.items()
    }
    return Tweaks(steps)


def fit_tweaks(routine: Routine, tweaks: Tweaks, target_seconds: float) -> tuple[Tweaks, str]:
    """`tweaks` changed so `routine` plays for `target_seconds`, with the fit's own message;
    raises `TweakError` with that message when the target cannot be met."""
    fitted = fit(routine, target_seconds, tweaks=tweaks)
    if not fitted.met:
        raise TweakError(fitted.message)
    return tweaks_for_fit(routine, tweaks, fitted), fitted.message


@dataclass(frozen=True, slots=True)
class Resolved:
    """The durations to play, and the tweaks that give them (what `--save` keeps)."""

    tweaks: Tweaks
    applied: Applied
    note: str = ""
    """What a fit did, to tell the person."""

    @property
    def durations(self) -> dict[int, float]:
        return self.applied.durations


def resolve(
    routine: Routine,
    saved: Tweaks,
    *,
    scale: float | None = None,
    minutes: float | None = None,
    steps: Sequence[str] = (),
) -> Resolved:
    """Saved tweaks with the command line's changes on top: the scale first, then each
    `STEP=DURATION`, then the fit to `minutes` over all of it."""
    if scale is not None and minutes is not None:
        raise TweakError(
            "--scale and --minutes both set the pace of the whole routine; give only one"
        )
    tweaks = saved
    if scale is not None:
        tweaks = tweaks.with_scale(check_scale(scale))
    for spec in steps:
        parsed = parse_step_spec(routine, spec)
        tweaks = tweaks.with_step(parsed.ref, parsed.seconds)
    note = ""
    if minutes is not None:
        tweaks, note = fit_tweaks(routine, tweaks, minutes * 60)
    return Resolved(tweaks, apply(routine, tweaks), note)


def save_changes(store: TweakStore, routine_id: str, before: Tweaks, after: Tweaks) -> Tweaks:
    """Write what differs between `before` and `after`, one locked change per item, leaving
    whatever else is in the file (another window's tweaks) alone."""
    result = store.get(routine_id)
    gone = [ref for ref in before.steps if ref not in after.steps]
    if gone:
        result = store.forget(routine_id, gone)
    for ref, seconds in after.steps.items():
        if before.steps.get(ref) != seconds:
            result = store.set_step(routine_id, ref, seconds)
    if after.scale != before.scale:
        result = store.set_scale(routine_id, after.scale)
    return result


class Timing:
    """Where the app gets each routine's durations: saved tweaks, reported when stale.

    `one_off` holds durations asked for on the command line for a single routine; they are
    used for its plays in this run and saved nowhere.
    """

    def __init__(
        self,
        store: TweakStore,
        library: Library | None = None,
        one_off: Mapping[str, Mapping[int, float]] | None = None,
    ) -> None:
        self.store = store
        self.library = library
        self.one_off = {key: dict(value) for key, value in (one_off or {}).items()}

    def durations_for(self, routine: Routine, warn: Warn) -> dict[int, float] | None:
        if routine.id in self.one_off:
            return dict(self.one_off[routine.id])
        return effective(routine, self.store, warn, self.library).durations


def load_tweaks(store: TweakStore, routine_id: str, warn: Warn) -> Tweaks:
    """The routine's saved tweaks, read afresh so changes from another window count; none
    (with a message) when the file cannot be read."""
    try:
        tweaks = store.load().get(routine_id, Tweaks())
    except OSError as error:
        warn(f"{store.path}: saved tweaks not used ({error}).")
        return Tweaks()
    for problem in store.problems:
        warn(problem)
    store.problems.clear()
    return tweaks


def effective(
    routine: Routine, store: TweakStore, warn: Warn, library: Library | None = None
) -> Applied:
    """The routine's durations under its saved tweaks.

    A tweak that matches no step is reported once and dropped from the file (a copy of the
    file as it was is kept beside it, since nobody asked for the change), unless the
    routine's own file is broken right now: then the routine seen may be a stand-in (the
    bundled one it replaces), and its tweaks wait for the file to be fixed.
    """
    applied = apply(routine, load_tweaks(store, routine.id, warn))
    if not applied.stale:
        return applied
    waiting = library is not None and any(path.stem == routine.id for path in library.broken_files)
    for stale in applied.stale:
        warn(stale.message)
    if waiting:
        warn(
            f'Routine "{routine.id}": its file has problems, so these saved times are kept '
            "until it is fixed."
        )
        return applied
    try:
        store.forget(routine.id, [stale.ref for stale in applied.stale], keep_copy="before-drop")
    except StorageError as error:
        warn(str(error))
        return applied
    kept = f"; the file as it was is kept in {store.last_copy.name}" if store.last_copy else ""
    which = "that time is" if len(applied.stale) == 1 else "those times are"
    warn(
        f"{store.path}: {which} removed, so it can never land on the wrong step{kept}. "
        "Set the time again on the step you mean."
    )
    return applied


def apply_request(
    library: Library,
    routine_id: str,
    store: TweakStore,
    warn: Warn,
    *,
    scale: str | None = None,
    minutes: str | None = None,
    steps: Sequence[str] = (),
    save: bool = False,
) -> Resolved:
    """`play`'s and `tweak`'s `--scale/--minutes/--step`: resolved, and saved when asked."""
    routine = find_routine(library, routine_id)
    effective(routine, store, warn, library)
    saved = load_tweaks(store, routine.id, warn)
    try:
        resolved = resolve(
            routine,
            saved,
            scale=parse_scale(scale) if scale is not None else None,
            minutes=parse_minutes(minutes) / 60 if minutes is not None else None,
            steps=steps,
        )
    except TweakError as error:
        raise Refused(str(error)) from None
    if resolved.note:
        warn(resolved.note)
    if save:
        try:
            save_changes(store, routine.id, saved, resolved.tweaks)
        except StorageError as error:
            raise Refused(str(error)) from None
    return resolved


def describe_tweaks(routine: Routine, tweaks: Tweaks) -> str:
    """One line: what is saved for the routine and how long it now takes."""
    applied = apply(routine, tweaks)
    parts = []
    if tweaks.scale != 1.0:
        parts.append(f"pace {scale_text(tweaks.scale)}")
    if applied.overridden:
        count = len(applied.overridden)
        parts.append(f"{count} step{'s' if count != 1 else ''} with times of your own")
    what = ", ".join(parts) or "no tweaks"
    total = format_short(total_seconds(routine, applied.durations))
    return f"{routine.title}: {what}; it takes {total} (as written: {format_short(routine.total_seconds)})."


def keep_steps(store: TweakStore, routine: Routine, changes: Iterable[DurationChange]) -> str:
    """Save each changed step's new time as its own; says what was kept."""
    kept = 0
    for change in changes:
        store.set_step(routine.id, StepRef.of(routine, change.step_index), change.new)
        kept += 1
    return f"Kept {kept} step time{'s' if kept != 1 else ''} for next time."


def keep_scale(
    store: TweakStore,
    routine: Routine,
    started: Mapping[int, float],
    changes: Iterable[DurationChange],
) -> str:
    """Keep the session's changes as one pace for the whole routine.

    The pace makes the routine as long as this session's changed times made it; it multiplies
    the saved pace and leaves steps with times of their own as they are. Raises `TweakError`
    when that pace lies outside 50-200 %.
    """
    ended = dict(started)
    for change in changes:
        ended[change.step_index] = change.new
    before = total_seconds(routine, started)
    after = total_seconds(routine, ended)
    if before <= 0:
        raise TweakError("the routine has no time to scale")
    saved = store.get(routine.id)
    wanted = saved.scale * (after / before)
    if not MIN_SCALE <= wanted <= MAX_SCALE:
        raise TweakError(
            f"that would be a pace of {scale_text(wanted)}, outside {MIN_SCALE:.0%} to "
            f"{MAX_SCALE:.0%}; keep the step times instead"
        )
    store.set_scale(routine.id, wanted)
    return f"Kept a pace of {scale_text(wanted)} for {routine.title}."


def play_timing(
    library: Library,
    routine_id: str | None,
    store: TweakStore,
    warn: Warn,
    *,
    scale: str | None = None,
    minutes: str | None = None,
    steps: Sequence[str] = (),
    save: bool = False,
) -> Timing:
    """The app's timing for `handcue play ID` with its options: one-off unless `save`."""
    asked = scale is not None or minutes is not None or bool(steps)
    if save and not asked:
        raise Refused("--save keeps --scale, --minutes or --step; give at least one")
    if routine_id is None or not asked:
        return Timing(store, library)
    resolved = apply_request(
        library,
        routine_id,
        store,
        warn,
        scale=scale,
        minutes=minutes,
        steps=steps,
        save=save,
    )
    routine = find_routine(library, routine_id)
    if save:
        warn(f"saved for next time: {describe_tweaks(routine, store.get(routine.id))}")
        return Timing(store, library)
    return Timing(store, library, one_off={routine.id: resolved.durations})
