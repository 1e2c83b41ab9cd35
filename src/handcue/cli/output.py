"""How the command line writes: text from files made harmless, errors on stderr, and streams that
are closed or gone never turning into a traceback."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
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
