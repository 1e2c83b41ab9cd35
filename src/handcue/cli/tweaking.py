"""`handcue show` with the times a routine plays with, and `handcue tweak` without its screen."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from handcue.cli.common import CommandError, find_routine, open_library
from handcue.cli.output import say, warn
from handcue.core.library import Library
from handcue.core.routine import Routine
from handcue.core.tweaks import Applied, StepRef, TweakError, Tweaks, length_text, parse_step_spec
from handcue.core.wording import counted
from handcue.services.timing import (
    Warn,
    apply_request,
    describe_tweaks,
    effective,
    load_tweaks,
)
from handcue.services.your_time import your_time
from handcue.storage.tweaks_file import StorageError, TweakStore


def reset(library: Library, routine_id: str, store: TweakStore, steps: Sequence[str] = ()) -> str:
    """Clear every saved tweak of the routine, or only the named steps'; says what was done."""
    routine = find_routine(library, routine_id)
    refs: list[StepRef] = []
    for name in steps:
        try:
            refs.append(parse_step_spec(routine, f"{name}=1").ref)
        except TweakError as error:
            raise CommandError(f"--reset-step {name}: {error}") from None
    try:
        if refs:
            saved = store.load().get(routine.id, Tweaks())
            had = [name for name, ref in zip(steps, refs, strict=True) if ref in saved.steps]
            if not had:
                return (
                    f"{routine.title}: step {', '.join(steps)} had no saved time of its own; "
                    "nothing changed."
                )
            store.forget(routine.id, refs)
            return f"{routine.title}: saved time cleared for step {', '.join(had)}."
        store.reset(routine.id)
    except StorageError as error:
        raise CommandError(str(error)) from None
    return f"{routine.title}: every saved tweak cleared; it plays as written."


def _mark(applied: Applied, tweaks: Tweaks, index: int) -> str | None:
    if index in applied.overridden:
        return "step"
    return "length" if tweaks.length != 1.0 else None


def yours_line(routine: Routine, applied: Applied, tweaks: Tweaks) -> str:
    """Where your times come from, in a line under the total: the length, the steps with times
    of their own, and how to clear them."""
    parts = []
    if tweaks.length != 1.0:
        parts.append(f"length {length_text(tweaks.length)} of the routine as written")
    if applied.overridden:
        parts.append(f"{counted(len(applied.overridden), 'step')} with a time of your own")
    if not parts:
        return ""
    return f"your times: {', '.join(parts)} ('handcue tweak {routine.id} --reset' clears them)"


def show_effective(
    library: Library, routine_id: str, as_json: bool, store: TweakStore, warn: Warn
) -> str:
    """`handcue show`: the routine with the times it takes you, the written ones beside."""
    from handcue.cli.listing import show_routine

    routine = find_routine(library, routine_id)
    applied = effective(routine, store, warn, library)
    tweaks = load_tweaks(store, routine.id, warn)
    time = your_time(routine, tweaks)
    text = show_routine(
        routine, as_json, applied.durations, time, yours_line(routine, applied, tweaks)
    )
    if not as_json:
        return text
    data: dict[str, Any] = json.loads(text)
    data["effective_total_seconds"] = time.seconds
    data["tweaks"] = {
        "length": tweaks.length,
        "steps": {ref.label: seconds for ref, seconds in tweaks.steps.items()},
    }
    for index, step in enumerate(data["steps"]):
        step["effective_seconds"] = applied.durations[index]
        step["tweaked"] = _mark(applied, tweaks, index)
    return json.dumps(data, indent=2)


def tweak_command(
    library: Library,
    routine_id: str,
    store: TweakStore,
    warn: Warn,
    *,
    length: float | None = None,
    minutes: float | None = None,
    steps: Sequence[str] = (),
    reset_all: bool = False,
    reset_steps: Sequence[str] = (),
) -> str | None:
    """`handcue tweak`: what it printed, or None when the tweak screen should open."""
    changes = length is not None or minutes is not None or bool(steps)
    if reset_all and reset_steps:
        raise CommandError("give --reset (every tweak) or --reset-step N, not both")
    if (reset_all or reset_steps) and changes:
        raise CommandError("--reset cannot be combined with --length, --minutes or --step")
    if reset_all or reset_steps:
        return reset(library, routine_id, store, reset_steps)
    if not changes:
        find_routine(library, routine_id)
        return None
    apply_request(
        library,
        routine_id,
        store,
        warn,
        length=length,
        minutes=minutes,
        steps=steps,
        save=True,
    )
    routine = find_routine(library, routine_id)
    return "Saved. " + describe_tweaks(routine, store.get(routine.id))


def run_show(args: argparse.Namespace) -> int:
    """`handcue show ID [--json]`: the routine, with the times it plays with."""
    library = open_library(args.routines)
    say(show_effective(library, args.id, args.json, TweakStore(), warn))
    return 0


def run_tweak(args: argparse.Namespace) -> int | Routine:
    """`handcue tweak ID ...`: the exit status, or the routine whose step times screen should
    open (no option was given)."""
    library = open_library(args.routines)
    message = tweak_command(
        library,
        args.id,
        TweakStore(),
        warn,
        length=args.length,
        minutes=args.minutes,
        steps=args.step,
        reset_all=args.reset,
        reset_steps=args.reset_step,
    )
    if message is None:
        return find_routine(library, args.id)
    say(message)
    return 0
