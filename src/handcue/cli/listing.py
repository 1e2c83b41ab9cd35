"""`list`, `show`, `goals` and `schema`: reading the library without starting the interface."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from handcue.cli.common import CommandError, find_routine, open_library
from handcue.cli.output import say
from handcue.core import citing
from handcue.core.durations import format_short
from handcue.core.library import Library
from handcue.core.routine import Routine
from handcue.core.vocabulary import GOALS, PRECAUTIONS
from handcue.core.wording import HAND_NAMES, step_time


def _origin(routine: Routine) -> str:
    if routine.overrides_bundled:
        return "yours, replaces bundled"
    return "yours" if routine.user else "bundled"


def routine_summary(routine: Routine) -> dict[str, Any]:
    return {
        "id": routine.id,
        "title": routine.title,
        "goals": list(routine.goals),
        "intensity": str(routine.intensity),
        "total_seconds": routine.total_seconds,
        "steps": len(routine.steps),
        "origin": _origin(routine),
        "path": str(routine.path) if routine.path else None,
    }


def select(library: Library, goal: str | None, max_minutes: float | None) -> list[Routine]:
    if goal is not None and goal not in GOALS:
        raise CommandError(f"unknown goal '{goal}'; choose from {', '.join(GOALS)}")
    routines = list(library.routines)
    if goal is not None:
        routines = [r for r in routines if goal in r.goals]
    if max_minutes is not None:
        routines = [r for r in routines if r.total_seconds <= max_minutes * 60]
    return routines


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def list_routines(
    library: Library, goal: str | None, max_minutes: float | None, as_json: bool
) -> str:
    routines = select(library, goal, max_minutes)
    if as_json:
        return json.dumps([routine_summary(r) for r in routines], indent=2)
    if not routines:
        return "No routines match. Try 'handcue list' without filters, or 'handcue goals'."
    rows = [["ID", "TITLE", "GOALS", "INTENSITY", "TIME"]]
    for routine in routines:
        title = routine.title + (" *" if routine.user else "")
        rows.append(
            [
                routine.id,
                title,
                ", ".join(routine.goals),
                str(routine.intensity),
                format_short(routine.total_seconds),
            ]
        )
    text = _table(rows)
    if any(routine.user for routine in routines):
        text += "\n\n* your own routine"
        if any(routine.overrides_bundled for routine in routines):
            text += " (some replace a bundled routine with the same id)"
    return text


def show_routine(library: Library, routine_id: str, as_json: bool) -> str:
    routine = find_routine(library, routine_id)
    if as_json:
        data = routine_summary(routine)
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
    lines = [routine.title, "=" * len(routine.title)]
    if routine.summary:
        lines += [routine.summary]
    lines += [
        "",
        f"id: {routine.id} ({_origin(routine)})",
        f"goals: {', '.join(GOALS[g].label for g in routine.goals)}",
        f"intensity: {routine.intensity}",
        f"total: {format_short(routine.total_seconds)}",
    ]
    if routine.partner:
        lines.append("for: someone else's hands (left and right are theirs)")
    if routine.prepare:
        lines += ["", "Before you start:", f"  {routine.prepare}"]
    if routine.cautions:
        lines += ["", "Cautions:"]
        lines += [
            f"  - {PRECAUTIONS[key].title}: {PRECAUTIONS[key].advice}" for key in routine.cautions
        ]
    lines += ["", "Steps:"]
    outside = citing.outside_steps(routine)
    for number, step in enumerate(routine.steps, start=1):
        time = step_time(step)
        details = [HAND_NAMES[step.hand], time]
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
    sources = citing.source_lines(routine)
    if sources:
        lines += ["", "Sources:"]
        lines += [f"  - {source}" for source in sources]
    return "\n".join(lines)


def list_goals(library: Library) -> str:
    rows = [["GOAL", "ROUTINES", "WHAT IT HELPS WITH"]]
    for goal in GOALS.values():
        rows.append([goal.key, str(len(library.by_goal(goal.key))), goal.description])
    return _table(rows)


def run_list(args: argparse.Namespace) -> int:
    say(list_routines(open_library(args.routines), args.goal, args.max_minutes, args.json))
    return 0


def run_goals(args: argparse.Namespace) -> int:
    say(list_goals(open_library(args.routines)))
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from handcue.core.schema import schema_json

    sys.stdout.write(schema_json())
    return 0
