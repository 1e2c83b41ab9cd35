"""The sentences the voice says: what to do now, what comes next, and how to get ready.

Tones say *when*; these say *what*, for someone following with closed eyes. Numbers are written
as words ("Forty-five seconds") so every speech engine reads them the same way, and sentences
are short so they fit between the tones. Nothing here speaks or touches a device.
"""

from __future__ import annotations

from collections.abc import Sequence

from handcue.core.routine import Hand, Routine
from handcue.core.timeline import Segment
from handcue.core.vocabulary import PRECAUTIONS

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

SPOKEN_HANDS = {
    Hand.LEFT: "massage your left hand",
    Hand.RIGHT: "massage your right hand",
    Hand.BOTH: "both hands",
    Hand.EACH: "each hand",
}
"""What the voice says of a hand: a named hand is always the one being massaged, never the
one doing the work, so "left" cannot be taken either way."""
PARTNER_HANDS = {
    Hand.LEFT: "massage their left hand",
    Hand.RIGHT: "massage their right hand",
    Hand.BOTH: "both their hands",
    Hand.EACH: "each of their hands",
}
"""The same for a routine that massages someone else's hands."""


def spoken_hand(hand: Hand, partner: bool = False) -> str:
    return (PARTNER_HANDS if partner else SPOKEN_HANDS)[hand]


def number_words(number: int) -> str:
    """`45` -> "forty-five", `130` -> "one hundred thirty"; 0 to 999,999."""
    if not 0 <= number < 1_000_000:
        raise ValueError(f"cannot say {number} in words")
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = f"{_ONES[hundreds]} hundred"
        return f"{head} {number_words(rest)}" if rest else head
    thousands, rest = divmod(number, 1000)
    head = f"{number_words(thousands)} thousand"
    return f"{head} {number_words(rest)}" if rest else head


def _unit(count: int, name: str) -> str:
    return f"{number_words(count)} {name}{'' if count == 1 else 's'}"


def duration_words(seconds: float) -> str:
    """Whole seconds in words: "forty-five seconds", "one minute thirty seconds", "two minutes"."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(_unit(hours, "hour"))
    if minutes:
        parts.append(_unit(minutes, "minute"))
    if secs or not parts:
        parts.append(_unit(secs, "second"))
    return " ".join(parts)


def _sentence(text: str) -> str:
    """Capitalised, ending in one full stop (or the text's own ! or ?)."""
    text = " ".join(text.split()).rstrip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def step_start(segment: Segment, partner: bool = False) -> str:
    """Said after a step's tone: "Massage your left hand. Thumb circles. Forty-five seconds." """
    return " ".join(
        (
            _sentence(spoken_hand(segment.hand, partner)),
            _sentence(segment.step.title),
            _sentence(duration_words(segment.duration)),
        )
    )


def switch_hands(segment: Segment, partner: bool = False) -> str:
    """Said during the gap of an `each` step; `segment` is the gap, carrying the hand next."""
    return f"Switch hands. {_sentence(spoken_hand(segment.hand, partner) + ' next')}"


def next_up(current: Segment, following: Segment | None, partner: bool = False) -> str:
    """Said shortly before `current` ends; `following` is the next non-gap segment, or None."""
    if following is None:
        return "Next: the end of the routine."
    if following.step_index == current.step_index:
        return f"Next: switch hands and {spoken_hand(following.hand, partner)}."
    return f"Next: {spoken_hand(following.hand, partner)}. {_sentence(following.step.title)}"


def finished() -> str:
    return "The routine is over."


def intro(routine: Routine) -> list[str]:
    """Read before the first step: the title, how to prepare, and the routine's precautions."""
    lines = [_sentence(routine.title)]
    if routine.prepare.strip():
        lines.append("Preparation. " + _sentence(routine.prepare))
    cautions: Sequence[str] = [key for key in routine.cautions if key in PRECAUTIONS]
    if cautions:
        lines.append("Precautions.")
        for key in cautions:
            item = PRECAUTIONS[key]
            lines.append(f"{_sentence(item.title)} {_sentence(item.advice)}")
    return lines
