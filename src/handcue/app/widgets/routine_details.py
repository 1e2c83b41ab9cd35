"""The details pane's text: everything worth knowing about a routine before pressing Enter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from handcue.app.widgets.routine_list import your_time_text
from handcue.core import citing
from handcue.core.durations import format_short
from handcue.core.routine import Routine
from handcue.core.routine_search import goal_label
from handcue.core.vocabulary import PRECAUTIONS
from handcue.core.wording import HAND_NAMES, step_time

if TYPE_CHECKING:
    from handcue.services.your_time import YourTime


def describe(routine: Routine, time: YourTime | None = None) -> Content:
    """The detail pane's text: everything worth knowing before pressing Enter."""
    lines: list[Content] = [
        Content.from_markup("[b $accent]$title[/]", title=routine.title),
        Content.from_markup(
            "[dim]$time · $intensity · $goals[/]",
            time=your_time_text(routine, time),
            intensity=routine.intensity.value,
            goals=", ".join(goal_label(goal) for goal in routine.goals) or "no goal",
        ),
    ]
    if routine.summary:
        lines += [Content(""), Content(routine.summary)]
    if routine.prepare:
        lines += [Content(""), Content.from_markup("[b]Preparation[/]"), Content(routine.prepare)]
    lines += [Content(""), Content.from_markup("[b]Steps[/]")]
    for number, step in enumerate(routine.steps, start=1):
        seconds = time.step_seconds(routine, number - 1) if time is not None else step.duration
        written = (
            f", as written {format_short(step.duration)}"
            if round(seconds) != round(step.duration)
            else ""
        )
        step_text = step_time(step, seconds) + written
        lines.append(
            Content.from_markup(
                "$number. $title [dim]($time, $hand)[/]",
                number=number,
                title=step.title,
                time=step_text,
                hand=HAND_NAMES[step.hand],
            )
        )
    if routine.cautions:
        lines += [Content(""), Content.from_markup("[b $warning]Cautions[/]")]
        for key in routine.cautions:
            precaution = PRECAUTIONS.get(key)
            lines.append(
                Content.from_markup("• $text", text=precaution.title if precaution else key)
            )
    sources = citing.source_lines(routine)
    if sources:
        lines += [Content(""), Content.from_markup("[b]Sources[/]")]
        lines += [Content.from_markup("[dim]• $text[/]", text=text) for text in sources]
    return Content("\n").join(lines)
