"""`handcue show` with the times a routine plays with, and `handcue tweak` without its screen."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from handcue.cli.common import CommandError, find_routine, open_library
from handcue.cli.output import say, warn
from handcue.core.durations import format_short
from handcue.core.library import Library
from handcue.core.routine import Routine
from handcue.core.tweaks import Applied, StepRef, TweakError, Tweaks, parse_step_spec, total_seconds
from handcue.core.wording import step_time
from handcue.services.timing import (
    Warn,
    apply_request,
    describe_tweaks,
    effective,
    load_tweaks,
    scale_text,
)
from handcue.storage.tweaks_file import StorageError, TweakStore


def reset(library: Library, routine_id: str, store: TweakStore, steps: Sequence[str] = ()) -> str:
    """Clear every saved tweak of the routine, or only the named steps'; says what was done."""
    routine = find_routine(library, routine_id)
    refs: list[StepRef] = []
    for name in steps:
        try:
            refs.append(parse_step_spec(routine, f"{name}=1").ref)
        except TweakError as error:
            raise CommandError(str(error).replace(f'"{name}=1"', f'"{name}"')) from None
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
    return "scale" if tweaks.scale != 1.0 else None


def show_effective(
    library: Library, routine_id: str, as_json: bool, store: TweakStore, warn: Warn
) -> str:
    """`handcue show` with saved tweaks: the routine as written, then the times it plays with."""
    from handcue.cli.listing import show_routine

    routine = find_routine(library, routine_id)
    text = show_routine(library, routine_id, as_json)
    applied = effective(routine, store, warn, library)
    tweaks = load_tweaks(store, routine.id, warn)
    total = total_seconds(routine, applied.durations)
    if as_json:
        data: dict[str, Any] = json.loads(text)
        data["effective_total_seconds"] = total
        data["tweaks"] = {
            "scale": tweaks.scale,
            "steps": {ref.label: seconds for ref, seconds in tweaks.steps.items()},
        }
        for index, step in enumerate(data["steps"]):
            step["effective_seconds"] = applied.durations[index]
            step["tweaked"] = _mark(applied, tweaks, index)
        return json.dumps(data, indent=2)
    if tweaks.is_empty:
        return text
    lines = [text, "", "Your times (saved tweaks; 'handcue tweak ID --reset' clears them):"]
    if tweaks.scale != 1.0:
        lines.append(f"  pace {scale_text(tweaks.scale)} for every step without a time of its own")
    for index, step in enumerate(routine.steps):
        seconds = applied.durations[index]
        mark = _mark(applied, tweaks, index)
        note = {
            "step": f"* yours, as written {format_short(step.duration)}",
            "scale": f"scaled from {format_short(step.duration)}",
            None: "as written",
        }[mark]
        lines.append(f"  {index + 1:>2}. {step.title}: {step_time(step, seconds)} ({note})")
    lines.append(
        f"  total: {format_short(total)} (as written: {format_short(routine.total_seconds)})"
    )
    return "\n".join(lines)


def tweak_command(
    library: Library,
    routine_id: str,
    store: TweakStore,
    warn: Warn,
    *,
    scale: str | None = None,
    minutes: str | None = None,
    steps: Sequence[str] = (),
    reset_all: bool = False,
    reset_steps: Sequence[str] = (),
) -> str | None:
    """`handcue tweak`: what it printed, or None when the tweak screen should open."""
    changes = scale is not None or minutes is not None or bool(steps)
    if reset_all and reset_steps:
        raise CommandError("give --reset (every tweak) or --reset-step N, not both")
    if (reset_all or reset_steps) and changes:
        raise CommandError("--reset cannot be combined with --scale, --minutes or --step")
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
        scale=scale,
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
        scale=args.scale,
        minutes=args.minutes,
        steps=args.step,
        reset_all=args.reset,
        reset_steps=args.reset_step,
    )
    if message is None:
        return find_routine(library, args.id)
    say(message)
    return 0
