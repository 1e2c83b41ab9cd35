"""The hand drawings: templates of box characters in which capital letters stand for regions,
from the largest to the smallest, the right hand the left one mirrored.

Kept apart from the widget that draws them (`hand_map`): these are data and the sums on them,
the widget is how they are painted and repainted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from handcue.core.routine import Area

REGION_CODES: Mapping[str, Area] = MappingProxyType(
    {
        "L": Area.LITTLE,
        "R": Area.RING,
        "M": Area.MIDDLE,
        "I": Area.INDEX,
        "T": Area.THUMB,
        "W": Area.WEB,
        "N": Area.THENAR,
        "Y": Area.HYPOTHENAR,
        "P": Area.PALM,
        "B": Area.BACK,
        "X": Area.WRIST,
        "F": Area.FOREARM,
    }
)
"""Capital letters in the templates and the region each one marks."""

# The left hand seen from above, thumb towards the middle of the screen. Lower-case words are
# captions, drawn dim; the right hand is this mirrored.
LARGE_LEFT = """\
         ╭─╮
     ╭─╮ │M│ ╭─╮
     │R│ │M│ │I│
 ╭─╮ │R│ │M│ │I│
 │L│ │R│ │M│ │I│
 │L│ │R│ │M│ │I│  ╭─╮
╭┴─┴─┴─┴─┴─┴─┴─┴╮ │T│
│Y  P palm     W╰─╯T│
│Y            N  T╭─╯
│Y  B back    N ╭─╯
╰┬─────────────┬╯
 │X wrist      │
 │F forearm    │
 ╰─────────────╯"""

MEDIUM_LEFT = """\
         ╭─╮
     ╭─╮ │M│ ╭─╮
 ╭─╮ │R│ │M│ │I│
 │L│ │R│ │M│ │I│  ╭─╮
╭┴─┴─┴─┴─┴─┴─┴─┴╮ │T│
│Y  P palm     W╰─╯T│
│Y  B back    N  T╭─╯
╰┬─────────────┬──╯
 │X wrist      │
 │F forearm    │"""

SMALL_LEFT = """\
     ╭─╮ ╭─╮ ╭─╮
 ╭─╮ │R│ │M│ │I│
 │L│ │R│ │M│ │I│  ╭─╮
╭┴─┴─┴─┴─┴─┴─┴─┴╮ │T│
│Y  P palm     W╰─╯T│
│Y  B back    N  T╭─╯
╰┬─────────────┬──╯
 │X wrist      │
 │F forearm    │"""

_MIRROR = str.maketrans("╭╮╰╯├┤┌┐└┘", "╮╭╯╰┤├┐┌┘└")
_CAPTION = re.compile(r"[a-z]+")
_CAPTIONED = re.compile(r"([a-z]+) ([A-Z])")
"""A caption followed by its region once mirrored: put the symbol back in front."""
_BOXED = re.compile(r"│( +)([A-Z] [a-z]+)│")
"""A captioned region pushed right by mirroring: move it back to the left of its box."""

GAP = 3
"""Columns between the two hands."""


def rows_of(template: str) -> list[str]:
    """A template's rows, padded to one width."""
    rows = template.splitlines()
    width = max(len(row) for row in rows)
    return [row.ljust(width) for row in rows]


def mirrored(template: str) -> str:
    """The template flipped left to right, captions still reading forwards."""
    flipped = [row[::-1].translate(_MIRROR) for row in rows_of(template)]
    forwards = [_CAPTION.sub(lambda match: match.group(0)[::-1], row) for row in flipped]
    captioned = [_CAPTIONED.sub(r"\2 \1", row) for row in forwards]
    return "\n".join(_BOXED.sub(r"│\2\1│", row) for row in captioned)


def _size(template: str) -> tuple[int, int]:
    rows = rows_of(template)
    return len(rows[0]), len(rows)


TEMPLATES: tuple[tuple[str, str], ...] = tuple(
    (left, mirrored(left)) for left in (LARGE_LEFT, MEDIUM_LEFT, SMALL_LEFT)
)
"""(left, right) drawings, largest first."""

DRAWINGS: tuple[str, ...] = ("large", "medium", "small")
"""Names of the drawn forms, in the order of `TEMPLATES`."""


def drawing_size(index: int) -> tuple[int, int]:
    """Width and height the widget needs to show drawing `index` with its caption line."""
    width, height = _size(TEMPLATES[index][0])
    return width * 2 + GAP, height + 1
