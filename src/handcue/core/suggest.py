""" "Did you mean": the nearest of a known set of words, for every message about a value that
must be one of them (a goal, a routine id, a command, an option, a key in a file)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

MAX_SUGGESTED = 64
"""Longer words get no suggestion: nothing we know is that long, and comparing costs."""


def nearest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to `word`, or None when none is close enough to be meant."""
    if len(word) > MAX_SUGGESTED:
        return None
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    if not close and word.casefold() != word:
        close = difflib.get_close_matches(word.casefold(), options, n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6, quote: str = "'") -> str:
    """`; did you mean 'sleep'?` to append to a message, or "" when nothing is close."""
    found = nearest(word, choices, cutoff)
    return f"; did you mean {quote}{found}{quote}?" if found is not None else ""
