"""Text from outside (routine files, file names, the tweaks file) made safe to show.

A terminal obeys the control characters in what it is sent: ESC starts sequences that retitle
the window, write to the clipboard or clear the screen. Whatever handcue prints or draws from
outside text passes through `visible` first, which turns each control character into a
readable escape such as `\\x1b`, so nothing a file holds can act on the terminal.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handcue.core.routine import Routine, Source

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 (with ESC) except tab and newline, DEL, and C1."""
_UNSAFE = re.compile(f"[{_CONTROLS}]")
_UNSAFE_OR_BREAK = re.compile(f"[{_CONTROLS}\t\n]")
_NAMES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMES.get(char) or f"\\x{ord(char):02x}"


def visible(text: str, *, lines: bool = False) -> str:
    """`text` with every control character written out (`\\x1b`); with `lines`, newlines and
    tabs stay as they are, for text shown over several lines."""
    pattern = _UNSAFE if lines else _UNSAFE_OR_BREAK
    return pattern.sub(_escape, text)


def visible_routine(routine: Routine) -> Routine:
    """`routine` with `visible` applied to every text it shows, for an interface to draw.

    The loader already refuses control characters; this keeps a routine that reached the
    screen another way (a tampered cache, a future reader) from acting on the terminal.
    """
    if _already_visible(routine):
        return routine  # the usual case: nothing to copy
    steps = tuple(
        dataclasses.replace(
            step, title=visible(step.title), instruction=visible(step.instruction, lines=True)
        )
        for step in routine.steps
    )
    return dataclasses.replace(
        routine,
        title=visible(routine.title),
        summary=visible(routine.summary, lines=True),
        prepare=visible(routine.prepare, lines=True),
        sources=tuple(_visible_source(source) for source in routine.sources),
        steps=steps,
    )


def _already_visible(routine: Routine) -> bool:
    lines = [routine.summary, routine.prepare, *(step.instruction for step in routine.steps)]
    single = [routine.title, *(step.title for step in routine.steps)]
    for source in routine.sources:
        single += [source.article, source.outside, source.section, source.note, *source.steps]
        if source.study is not None:
            single.append(source.study.title)
    return not any(_UNSAFE.search(text) for text in lines) and not any(
        _UNSAFE_OR_BREAK.search(text) for text in single
    )


def _visible_source(source: Source) -> Source:
    study = source.study
    if study is not None:
        study = dataclasses.replace(study, title=visible(study.title))
    return dataclasses.replace(
        source,
        article=visible(source.article),
        outside=visible(source.outside),
        section=visible(source.section),
        note=visible(source.note),
        study=study,
        steps=tuple(visible(key) for key in source.steps),
    )


def first_control(text: str) -> int | None:
    """Where the first control character other than newline and tab is, if any."""
    match = _UNSAFE.search(text)
    return match.start() if match else None


def quoted(value: object, limit: int = 40, quote: str = "'") -> str:
    """A value echoed in a message: quoted, control characters written out, and cut short
    (saying how long it was) so a huge value cannot flood the screen."""
    text = value if isinstance(value, str) else _short_repr(value)
    shown = visible(text[:limit])
    if len(text) > limit:
        shown += f"… ({len(text)} characters)"
    return f"{quote}{shown}{quote}" if isinstance(value, str) else shown


def _short_repr(value: object) -> str:
    try:
        return repr(value)
    except ValueError:  # an integer too long for Python to print
        return f"a {type(value).__name__} too long to show"
