"""`list`, `show`, `goals` and `schema`: reading the library without starting the interface."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import Any

from handcue.cli.common import CommandError, open_library
from handcue.cli.output import say, table, warn
from handcue.core import citing
from handcue.core.durations import format_short
from handcue.core.guided_text import GUIDED_PLAYS
from handcue.core.library import Library
from handcue.core.routine import Routine
from handcue.core.suggest import did_you_mean
from handcue.core.tweaks import Tweaks
from handcue.core.vocabulary import GOALS, PRECAUTIONS
from handcue.core.wording import HAND_NAMES, step_time
from handcue.services.guided_time import Lengths, differs, with_guidance
from handcue.services.your_time import YourTime, your_times


def _origin(routine: Routine) -> str:
    if routine.overrides_bundled:
        return "yours, replaces bundled"
    return "yours" if routine.user else "bundled"


def routine_summary(
    routine: Routine, time: YourTime | None = None, guided: float | None = None
) -> dict[str, Any]:
    """`total_seconds` is the time the routine takes you (your saved times applied);
    `written_seconds` its time as written; `guided_seconds` its time with the voice guiding
    (the clock waits while guidance is said), when worked out."""
    time = time or YourTime(routine.total_seconds, routine.total_seconds)
    return {
        "id": routine.id,
        "title": routine.title,
        "goals": list(routine.goals),
        "intensity": str(routine.intensity),
        "total_seconds": time.seconds,
        "written_seconds": time.written,
        **({"guided_seconds": round(guided, 1)} if guided is not None else {}),
        "steps": len(routine.steps),
        "origin": _origin(routine),
        "path": str(routine.path) if routine.path else None,
    }


def select(
    library: Library,
    goal: str | None,
    max_minutes: float | None,
    times: Mapping[str, YourTime] | None = None,
) -> list[Routine]:
    """The routines for `goal` that take you at most `max_minutes` (by `times`, else as
    written)."""
    if goal is not None and goal not in GOALS:
        hint = did_you_mean(goal, GOALS)
        raise CommandError(f"unknown goal '{goal}'{hint} (goals: {', '.join(GOALS)})")
    routines = list(library.routines)
    if goal is not None:
        routines = [r for r in routines if goal in r.goals]
    if max_minutes is not None:
        times = times or {}
        routines = [
            r
            for r in routines
            if (times[r.id].seconds if r.id in times else r.total_seconds) <= max_minutes * 60
        ]
    return routines


def _table(rows: list[list[str]]) -> str:
    return "\n".join(table(rows))


def list_routines(
    library: Library,
    goal: str | None,
    max_minutes: float | None,
    as_json: bool,
    saved: Mapping[str, Tweaks] | None = None,
    lengths: Lengths | None = None,
) -> str:
    """The routines with the time each takes you under its `saved` tweaks, and as written
    where that differs; with `lengths` (how long each line takes to say), also with the voice
    guiding, where that differs."""
    times = your_times(library.routines, saved or {})
    routines = select(library, goal, max_minutes, times)
    guided = _guided(routines, times, lengths)
    if as_json:
        return json.dumps(
            [routine_summary(r, times[r.id], guided.get(r.id)) for r in routines], indent=2
        )
    if not routines:
        return "No routines match. Try 'handcue list' without filters, or 'handcue goals'."
    changed = any(times[routine.id].differs for routine in routines)
    slower = {
        r.id for r in routines if r.id in guided and differs(times[r.id].seconds, guided[r.id])
    }
    rows = [
        [
            "ID",
            "TITLE",
            "GOALS",
            "INTENSITY",
            "TIME",
            *(["GUIDED"] if slower else []),
            *(["AS WRITTEN"] if changed else []),
        ]
    ]
    for routine in routines:
        title = routine.title + (" *" if routine.user else "")
        time = times[routine.id]
        row = [
            routine.id,
            title,
            ", ".join(routine.goals),
            str(routine.intensity),
            format_short(time.seconds),
        ]
        if slower:
            row.append(format_short(guided[routine.id]) if routine.id in slower else "")
        if changed:
            row.append(format_short(time.written) if time.differs else "")
        rows.append(row)
    text = _table(rows)
    notes = _notes(routines, changed=changed, guided=bool(slower))
    return "\n\n".join([text, "\n".join(notes)]) if notes else text


def _notes(routines: list[Routine], *, changed: bool, guided: bool) -> list[str]:
    """What the table's marks and extra columns mean, for those it shows."""
    notes = []
    if any(routine.user for routine in routines):
        note = "* your own routine"
        if any(routine.overrides_bundled for routine in routines):
            note += " (some replace a bundled routine with the same id)"
        notes.append(note)
    if changed:
        notes.append(
            "TIME is what a routine takes you with your saved times; 'handcue show ID' has "
            "the details."
        )
    if guided:
        notes.append(
            "GUIDED is how long it takes with the voice guiding (--voice, the first "
            f"{GUIDED_PLAYS} plays): the clock waits while each instruction is said."
        )
    return notes


def _guided(
    routines: list[Routine], times: Mapping[str, YourTime], lengths: Lengths | None
) -> dict[str, float]:
    """Each routine's time with the voice guiding, at your times; nothing without `lengths`."""
    if lengths is None:
        return {}
    from handcue.services.guided_time import guided_times
    from handcue.services.voices import bank_tone_lengths

    durations = {routine.id: times[routine.id].steps for routine in routines}
    return guided_times(routines, durations, lengths, bank_tone_lengths())


def show_routine(
    routine: Routine,
    as_json: bool,
    durations: Mapping[int, float] | None = None,
    time: YourTime | None = None,
    yours: str = "",
    lengths: Lengths | None = None,
) -> str:
    """The routine with the times it takes you: `durations` by step (default: as written),
    `time` in all, and `yours` saying where they come from, shown beside the total; and how
    long it takes with the voice guiding, each line taking as long as `lengths` says (by
    default, as the engine live play would use says it)."""
    durations = durations or {}
    guided = _guided_time(routine, durations, lengths)
    if as_json:
        return _routine_json(routine, time, guided)
    time = time or YourTime(routine.total_seconds, routine.total_seconds)
    lines = [routine.title, "=" * len(routine.title)]
    if routine.summary:
        lines += [routine.summary]
    lines += [
        "",
        f"id: {routine.id} ({_origin(routine)})",
        f"goals: {', '.join(GOALS[g].label for g in routine.goals)}",
        f"intensity: {routine.intensity}",
        f"time: {with_guidance(time.text, time.seconds, guided)}",
    ]
    if yours:
        lines.append(yours)
    if routine.partner:
        lines.append("for: someone else's hands (left and right are theirs)")
    if routine.prepare:
        lines += ["", "Before you start:", f"  {routine.prepare}"]
    if routine.cautions:
        lines += ["", "Cautions:"]
        lines += [
            f"  - {PRECAUTIONS[key].title}: {PRECAUTIONS[key].advice}" for key in routine.cautions
        ]
    lines += ["", "Steps:", *_step_lines(routine, durations)]
    sources = citing.source_lines(routine)
    if sources:
        lines += ["", "Sources:"]
        lines += [f"  - {source}" for source in sources]
    return "\n".join(lines)


def _routine_json(routine: Routine, time: YourTime | None, guided: float | None) -> str:
    data = routine_summary(routine, time, guided)
    data.update(
        summary=routine.summary,
        prepare=routine.prepare,
        cautions=list(routine.cautions),
        sources=[source.as_dict() for source in routine.sources],
        switch_seconds=routine.switch_seconds,
        partner=routine.partner,
        steps=[
            {
                "title": step.title,
                "key": step.key,
                "instruction": step.instruction,
                "technique": step.technique.value if step.technique else None,
                "hand": step.hand.value,
                "areas": [area.value for area in step.areas],
                "pressure": step.pressure.value if step.pressure else None,
                "duration_seconds": step.duration,
                "reps": step.reps,
                "tempo": step.tempo,
                "tempo_end": step.tempo_end,
            }
            for step in routine.steps
        ],
    )
    return json.dumps(data, indent=2)


def _step_lines(routine: Routine, durations: Mapping[int, float]) -> list[str]:
    """Each step at your time (and as written, where that differs), with what it asks."""
    lines: list[str] = []
    outside = citing.outside_steps(routine)
    for number, step in enumerate(routine.steps, start=1):
        seconds = durations.get(number - 1, step.duration)
        time_text = step_time(step, seconds)
        if round(seconds) != round(step.duration):
            time_text += f" [as written {format_short(step.duration)}]"
        details = [HAND_NAMES[step.hand], time_text]
        if step.technique:
            details.insert(0, step.technique.value)
        if step.pressure:
            details.append(f"{step.pressure} pressure")
        if step.reps:
            details.append(f"{step.reps} reps")
        lines.append(f"  {number:>2}. {step.title} ({', '.join(details)})")
        if step.areas:
            lines.append(f"      areas: {', '.join(area.value for area in step.areas)}")
        lines.append(f"      {step.instruction}")
        if number - 1 in outside:
            lines.append(f"      (not from the articles: {outside[number - 1]})")
    return lines


def _guided_time(
    routine: Routine, durations: Mapping[int, float], lengths: Lengths | None
) -> float:
    from handcue.services.guided_time import guided_seconds
    from handcue.services.voices import bank_tone_lengths, spoken_lengths

    if lengths is None:
        lengths = spoken_lengths()
    return guided_seconds(routine, durations, lengths, tone_seconds=bank_tone_lengths())


def list_goals(library: Library) -> str:
    rows = [["GOAL", "ROUTINES", "WHAT IT HELPS WITH"]]
    for goal in GOALS.values():
        rows.append([goal.key, str(len(library.by_goal(goal.key))), goal.description])
    return _table(rows)


def run_list(args: argparse.Namespace) -> int:
    """`handcue list`: with the time each routine takes you, by your saved times."""
    from handcue.services.timing import load_all
    from handcue.services.voices import spoken_lengths
    from handcue.storage.tweaks_file import TweakStore

    library = open_library(args.routines)
    saved = load_all(TweakStore(), warn)
    # The engine the extra and HANDCUE_SPEECH give: the setting is not read, so `list` never
    # opens the user database for an estimate that would differ by a few seconds at most.
    lengths = spoken_lengths()
    say(list_routines(library, args.goal, args.max_minutes, args.json, saved, lengths))
    return 0


def run_goals(args: argparse.Namespace) -> int:
    say(list_goals(open_library(args.routines)))
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from handcue.core.schema import schema_json

    sys.stdout.write(schema_json())
    return 0
