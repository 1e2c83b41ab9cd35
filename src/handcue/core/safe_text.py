"""Text from outside (routine files, file names, the tweaks file) made safe to show.

A terminal obeys the control characters in what it is sent: ESC starts sequences that retitle
the window, write to the clipboard or clear the screen. Invisible format characters do harm of
another kind: the bidirectional overrides and isolates reorder what is shown ("Press
\u202egnp.exe" reads as an .exe), and the others hide text. Whatever handcue prints or draws from
outside text passes through `visible` first, which turns each of them into a readable escape
such as `\\x1b` or `\\u202e`, so nothing a file holds can act on the terminal or hide itself.
The joiners that scripts and emoji need (ZWNJ U+200C, ZWJ U+200D) are left as they are.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handcue.core.routine import Routine, Source

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 (with ESC) except tab and newline, DEL, and C1."""
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b\u200e-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
"""Unicode's format characters (category Cf, as of Unicode 15.1) but ZWNJ and ZWJ: the
bidirectional embeddings, overrides and isolates, and the invisible ones that hide text."""
_NAMES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMES:
        return _NAMES[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


@functools.cache
def _unsafe(lines: bool) -> re.Pattern[str]:
    """What `visible` writes out (with `lines`, all but newlines and tabs); compiled when first
    needed, since most text never needs it (see `_printable`)."""
    return re.compile(f"[{_CONTROLS}{_FORMAT}]" if lines else f"[{_CONTROLS}{_FORMAT}\t\n]")


def _printable(text: str, lines: bool) -> bool:
    """True when `visible` would leave `text` as it is, found without a regular expression:
    Python counts every control and format character (and anything unassigned) as not
    printable. False may still be safe (a no-break space): then the expression decides."""
    if lines:
        text = text.replace("\n", " ").replace("\t", " ")
    return text.isprintable()


def kind_of_character(char: str) -> str:
    """How a refused character is named in a message."""
    if re.fullmatch(f"[{_FORMAT}]", char):
        return "an invisible formatting character"
    return "a control character"


def visible(text: str, *, lines: bool = False) -> str:
    """`text` with every control character written out (`\\x1b`); with `lines`, newlines and
    tabs stay as they are, for text shown over several lines."""
    if _printable(text, lines):
        return text
    return _unsafe(lines).sub(_escape, text)


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
    return all(_safe(text, lines=True) for text in lines) and all(
        _safe(text, lines=False) for text in single
    )


def _safe(text: str, *, lines: bool) -> bool:
    return _printable(text, lines) or _unsafe(lines).search(text) is None


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
    """Where the first control or invisible format character (newline and tab aside) is."""
    if _printable(text, lines=True):
        return None
    match = _unsafe(True).search(text)
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


FALLBACKS = {
    "→": "->",
    "←": "<-",
    "↷": "~>",
    "…": "...",
    "·": "-",
    "•": "*",
    "●": "*",
    "○": "o",
    "◆": "*",
    "◇": "o",
    "▶": ">",
    "✓": "v",
    "✔": "v",
    "✗": "x",
    "\u00d7": "x",
    "—": "--",
    "\u2013": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "°": " deg",
    "≈": "~",
    "≤": "<=",
    "≥": ">=",
    "±": "+/-",
    "½": "1/2",
    "\u00a0": " ",
    "│": "|",
    "─": "-",
    "━": "=",
    "█": "#",
    "▓": "#",
    "▒": ":",
    "░": ".",
    "⏸": "||",
}
"""What each symbol handcue draws becomes on a terminal that can only show ASCII."""


def ascii_fallback(text: str) -> str:
    """`text` in ASCII: known symbols by their stand-ins, letters without their accents,
    anything else written out (`\\u65e5`)."""
    shown = []
    for char in text:
        if char.isascii():
            shown.append(char)
            continue
        if char in FALLBACKS:
            shown.append(FALLBACKS[char])
            continue
        bare = "".join(
            part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
        )
        if bare and bare.isascii() and bare.isprintable():
            shown.append(bare)
            continue
        code = ord(char)
        shown.append(
            f"\\x{code:02x}"
            if code <= 0xFF
            else f"\\u{code:04x}"
            if code <= 0xFFFF
            else f"\\U{code:08x}"
        )
    return "".join(shown)
