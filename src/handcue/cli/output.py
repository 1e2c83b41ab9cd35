"""How the command line writes: text from files made harmless, errors on stderr, and streams that
are closed or gone never turning into a traceback."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
from collections.abc import Collection, Sequence
from typing import TextIO

from handcue.core.safe_text import ascii_fallback, visible

FALLBACK_ERRORS = "handcue-ascii-fallback"
"""The encoding error handler that writes what a stream cannot carry as ASCII."""
_PROBE = "→…✓◆·—"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return ascii_fallback(error.object[error.start : error.end]), error.end


codecs.register_error(FALLBACK_ERRORS, _fallback)


def fit_streams() -> None:
    """A stream whose encoding cannot carry handcue's symbols (`PYTHONIOENCODING=ascii`, the C
    locale) writes them as ASCII stand-ins and escapes the rest, instead of failing mid-line."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            _PROBE.encode(stream.encoding)
        except (UnicodeEncodeError, LookupError):
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(errors=FALLBACK_ERRORS)


def say(text: str, file: TextIO | None = None) -> None:
    """Print what a command shows: names and text from files may hold control characters,
    which are written out here (`\\x1b`) instead of acting on the terminal."""
    print(visible(text, lines=True), file=file or sys.stdout)


def warn(message: str) -> None:
    say(f"handcue: {message}", file=sys.stderr)


def complain(message: str) -> None:
    """Say an error on stderr even when stderr itself is broken."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        warn(message)


def fill_closed_streams() -> None:
    """A stream closed by the caller (`handcue list >&-`) reads as empty and swallows writes,
    instead of failing deep inside a command; one that cannot carry every character gets the
    ASCII fallbacks (`fit_streams`)."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115
    fit_streams()


def drop_stdout() -> None:
    """Point standard output at the null device, so Python's own flush at exit cannot fail
    again and print a traceback of its own."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def has_a_terminal() -> bool:
    """Textual reads keys from standard input and draws on standard error (standard output may
    go to a file); without a terminal on both it would wait for keys that never come."""
    try:
        return all(
            stream is not None and stream.isatty() for stream in (sys.__stdin__, sys.__stderr__)
        )
    except (OSError, ValueError):
        return False


WIDEST_CELL = 60
"""Terminal cells a table cell may take (but the last column's): a longer one is cut with `…`,
so one long title cannot widen every row."""
MOST_CHARACTERS = 4
"""Characters a cell may hold per cell of width: 5,000 combining marks over one letter are cut."""


def cells(text: str) -> int:
    """The terminal cells `text` takes: wide CJK and emoji two, combining marks none."""
    import wcwidth  # only tables need it: the full-screen app starts without its tables

    width = wcwidth.wcswidth(text)
    if width >= 0:
        return int(width)
    return sum(max(0, int(wcwidth.wcwidth(char))) for char in text)


def clip(text: str, width: int) -> str:
    """`text` in at most `width` cells (and `MOST_CHARACTERS` characters a cell), ending in `…`
    where it was cut."""
    if cells(text) <= width and len(text) <= width * MOST_CHARACTERS:
        return text
    import wcwidth

    kept: list[str] = []
    used = 0
    for char in text:
        size = max(0, int(wcwidth.wcwidth(char)))
        if used + size > width - 1 or len(kept) >= (width - 1) * MOST_CHARACTERS:
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…"


def table(
    rows: Sequence[Sequence[str]], right: Collection[int] = (), widest: int = WIDEST_CELL
) -> list[str]:
    """Rows as aligned lines, measured in terminal cells. Each cell is shown on one line (a
    newline is written out) and, but in the last column, cut to `widest` cells."""
    last = len(rows[0]) - 1
    shown = [
        [
            visible(cell) if column == last else clip(visible(cell), widest)
            for column, cell in enumerate(row)
        ]
        for row in rows
    ]
    widths = [max(cells(row[column]) for row in shown) for column in range(last + 1)]
    lines = []
    for row in shown:
        parts = []
        for column, (cell, width) in enumerate(zip(row, widths, strict=True)):
            gap = " " * (width - cells(cell))
            parts.append(gap + cell if column in right else cell + gap)
        lines.append("  ".join(parts).rstrip())
    return lines
