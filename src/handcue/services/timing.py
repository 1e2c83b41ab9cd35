"""Duration tweaks as people ask for them: saved ones laid over every play, and one-off changes
from the command line or a screen (what a session's changes keep is `keeping`'s).

Everything here goes through `TweakStore`, one locked change at a time, and only for what
actually changed, so two handcue windows tweaking different steps never undo each other.
Both front ends use it; it raises `Refused` for a request that cannot be met.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from handcue.core.fitting import Fit, fit
from handcue.core.library import Library
from handcue.core.routine import Routine
from handcue.core.tweaks import (
    MAX_LENGTH,
    MIN_LENGTH,
    Applied,
    StepRef,
    TweakError,
    Tweaks,
    apply,
    check_length,
    length_text,
    parse_step_spec,
    total_seconds,
)
from handcue.core.wording import counted
from handcue.services.library import find_routine
from handcue.services.refusal import Refused
from handcue.services.rounding import round_length
from handcue.services.your_time import your_time
from handcue.storage.tweaks_file import StorageError, TweakStore

Warn = Callable[[str], None]
"""Where a message for the person goes: stderr on the command line, a notification in the app."""


def tweaks_for_fit(routine: Routine, tweaks: Tweaks, fitted: Fit, target: float) -> Tweaks:
    """What to keep of a fit: an overall length when one length gives its durations, else each
    step's fitted time, to the whole second.

    A length survives later edits of the routine file, so it is preferred, rounded to as few
    decimals of a percent as keep the total within a second of `target`; steps held at the
    minimum, steps with times of their own, or a length outside 10-400 % need per-step times.
    """
    first = routine.steps[0].duration if routine.steps else 0.0
    candidate = fitted.durations.get(0, first) / first if first else 1.0
    if (
        not tweaks.steps
        and MIN_LENGTH <= candidate <= MAX_LENGTH
        and all(
            math.isclose(step.duration * candidate, fitted.durations[index], rel_tol=1e-9)
            for index, step in enumerate(routine.steps)
        )
    ):

        def total_at(length: float) -> float:
            return total_seconds(routine, apply(routine, Tweaks(length=length)).durations)

        rounded = round_length(candidate, total_at, target)
        if MIN_LENGTH <= rounded <= MAX_LENGTH:
            return Tweaks(length=rounded)
    steps = {
        StepRef.of(routine, index): float(max(1, round(seconds)))
        for index, seconds in fitted.durations.items()
    }
    return Tweaks(steps)


def fit_tweaks(
    routine: Routine, tweaks: Tweaks, target_seconds: float, *, closest: bool = False
) -> tuple[Tweaks, str]:
    """`tweaks` changed so `routine` plays for `target_seconds`, with the fit's own message.

    A target shorter than the routine's steps at their minimum raises `TweakError` with the
    reason, or with `closest` gives that shortest fit and a line saying what it takes: someone
    asking for "about a minute" wants the closest. A target past an hour a step is refused.
    """
    fitted = fit(routine, target_seconds, tweaks=tweaks)
    if fitted.met:
        return tweaks_for_fit(routine, tweaks, fitted, target_seconds), fitted.message
    if not (closest and fitted.closest):
        raise TweakError(fitted.message, "minutes")
    return tweaks_for_fit(routine, tweaks, fitted, fitted.total), fitted.closest


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
    length: float | None = None,
    minutes: float | None = None,
    steps: Sequence[str] = (),
) -> Resolved:
    """Saved tweaks with the command line's changes on top: the length first, then each
    `STEP=DURATION`, then the fit to `minutes` over all of it. A `TweakError` says what it is
    about: "length", "minutes", or "step" and the request."""
    if length is not None and minutes is not None:
        raise TweakError(
            "a length and a number of minutes both set how long the routine takes; give one",
            "length",
        )
    tweaks = saved
    if length is not None:
        tweaks = tweaks.with_length(check_length(length))
    for spec in steps:
        parsed = parse_step_spec(routine, spec)
        tweaks = tweaks.with_step(parsed.ref, parsed.seconds)
    note = ""
    if minutes is not None:
        tweaks, note = fit_tweaks(routine, tweaks, minutes * 60, closest=True)
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
    if after.length != before.length:
        result = store.set_length(routine_id, after.length)
    return result


class Timing:
    """Where the app gets each routine's durations: saved tweaks, reported when stale.

    `one_off` holds durations asked for on the command line for a single routine; they are
    used for its plays in this run and saved nowhere. `exact` names, per routine, the steps
    among them given an exact time (`--step`), which a change during the play keeps as is.
    """

    def __init__(
        self,
        store: TweakStore,
        library: Library | None = None,
        one_off: Mapping[str, Mapping[int, float]] | None = None,
        exact: Mapping[str, frozenset[int]] | None = None,
    ) -> None:
        self.store = store
        self.library = library
        self.one_off = {key: dict(value) for key, value in (one_off or {}).items()}
        self.exact = dict(exact or {})

    def durations_for(self, routine: Routine, warn: Warn) -> dict[int, float] | None:
        if routine.id in self.one_off:
            return dict(self.one_off[routine.id])
        return effective(routine, self.store, warn, self.library).durations

    def exact_steps(self, routine_id: str) -> frozenset[int]:
        """Steps of a one-off play given an exact time of their own."""
        return self.exact.get(routine_id, frozenset())


def load_all(store: TweakStore, warn: Warn) -> dict[str, Tweaks]:
    """Every routine's saved tweaks, read afresh; none (with a message) when the file cannot be
    read."""
    try:
        saved = store.load()
    except OSError as error:
        warn(f"{store.path}: saved tweaks not used ({error}).")
        return {}
    for problem in store.problems:
        warn(problem)
    store.problems.clear()
    return saved


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
    length: float | None = None,
    minutes: float | None = None,
    steps: Sequence[str] = (),
    save: bool = False,
) -> Resolved:
    """`play`'s and `tweak`'s `--length/--minutes/--step`: resolved, and saved when asked.

    Refused names what it is about ("length", "minutes" or the step request), so the command
    line can name the option."""
    routine = find_routine(library, routine_id)
    effective(routine, store, warn, library)
    saved = load_tweaks(store, routine.id, warn)
    try:
        resolved = resolve(routine, saved, length=length, minutes=minutes, steps=steps)
    except TweakError as error:
        raise Refused(str(error), error.about) from None
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
    if tweaks.length != 1.0:
        parts.append(f"length {length_text(tweaks.length)} of the routine as written")
    if applied.overridden:
        parts.append(f"{counted(len(applied.overridden), 'step')} with times of your own")
    what = ", ".join(parts) or "no tweaks"
    return f"{routine.title}: {what}; it takes {your_time(routine, tweaks).text}."


def play_timing(
    library: Library,
    routine_id: str | None,
    store: TweakStore,
    warn: Warn,
    *,
    length: float | None = None,
    minutes: float | None = None,
    steps: Sequence[str] = (),
    save: bool = False,
) -> Timing:
    """The app's timing for `handcue play ID` with its options: one-off unless `save`."""
    asked = length is not None or minutes is not None or bool(steps)
    if save and not asked:
        raise Refused("--save keeps --length, --minutes or --step; give at least one")
    if routine_id is None or not asked:
        return Timing(store, library)
    resolved = apply_request(
        library,
        routine_id,
        store,
        warn,
        length=length,
        minutes=minutes,
        steps=steps,
        save=save,
    )
    routine = find_routine(library, routine_id)
    if save:
        warn(f"saved for next time: {describe_tweaks(routine, store.get(routine.id))}")
        return Timing(store, library)
    return Timing(
        store,
        library,
        one_off={routine.id: resolved.durations},
        exact={routine.id: resolved.applied.overridden},
    )
