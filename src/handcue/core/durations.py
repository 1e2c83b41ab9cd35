"""Reading and writing durations the way people type them: 90, "90s", "1m30s", "1:30"."""

from __future__ import annotations

import math
import re

from handcue.core.safe_text import quoted

MAX_SECONDS = 3600.0

# Patterns compiled (and cached by `re`) when a duration is first read: showing one, as the
# picker does, needs neither.
_UNITS = r"^(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?$"
_CLOCK = r"^(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>[0-5]\d(?:\.\d+)?)$"

DURATION_HINT = 'a number of seconds or a text such as "45s", "1m30s" or "1:30"'


class DurationError(ValueError):
    """Raised with a message that says what a valid duration looks like."""


def parse_duration(value: object) -> float:
    """Seconds in `value`; accepts numbers and the text forms, rejects zero and over an hour."""
    if isinstance(value, bool):
        raise DurationError(f"expected {DURATION_HINT}, got {value!r}")
    if value is None:
        raise DurationError(f"expected {DURATION_HINT}, got nothing")
    if isinstance(value, int | float):
        try:
            seconds = float(value)
        except OverflowError:
            seconds = math.inf
    elif isinstance(value, str):
        seconds = _parse_text(value)
    else:
        raise DurationError(f"expected {DURATION_HINT}, got {type(value).__name__}")
    if not seconds > 0:
        raise DurationError(f"a duration must be above 0 seconds, got {quoted(value)}")
    if seconds > MAX_SECONDS:
        raise DurationError(f"a duration must be at most one hour (3600s), got {quoted(value)}")
    return seconds


def _parse_text(value: str) -> float:
    text = value.strip().lower().replace(" ", "")
    if not text:
        raise DurationError(f"expected {DURATION_HINT}, got an empty text")
    try:
        return float(text)
    except ValueError:
        pass
    if match := re.match(_CLOCK, text):
        hours = float(match["h"] or 0)
        return hours * 3600 + float(match["m"]) * 60 + float(match["s"])
    match = re.match(_UNITS, text)
    if match and any(match.groupdict().values()):
        parts = match.groupdict()
        return float(parts["h"] or 0) * 3600 + float(parts["m"] or 0) * 60 + float(parts["s"] or 0)
    raise DurationError(f"expected {DURATION_HINT}, got {quoted(value)}")


def format_clock(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`), rounding up so a countdown never shows 0:00 while time is left."""
    whole = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_length(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`) to the nearest second: a length or a time spent, which reads the
    same as `format_short` gives it in lists (846.4 s is 14:06 here and 14m06s there)."""
    return format_clock(round(seconds))


def rounded_parts(parts: dict[str, float]) -> dict[str, int]:
    """Whole seconds for each part whose sum is the rounded sum of the parts (largest
    remainder), so the rows of a breakdown never add up to more than their total."""
    floors = {key: int(value // 1) for key, value in parts.items()}
    left = round(sum(parts.values())) - sum(floors.values())
    by_remainder = sorted(parts, key=lambda key: parts[key] - floors[key], reverse=True)
    for key in by_remainder[: max(0, left)]:
        floors[key] += 1
    return floors


def format_short(seconds: float) -> str:
    """Compact human form for lists: "45s", "1m30s", "12m"."""
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    if not minutes:
        return f"{secs}s"
    return f"{minutes}m{secs:02d}s" if secs else f"{minutes}m"
