"""The escape a terminal turns into a notification of its own, chosen per terminal (pure).

Terminals differ: OSC 9 (`ESC ] 9 ; text BEL`) is understood by iTerm2 and kitty, OSC 777
(`ESC ] 777 ; notify ; title ; body BEL`) by foot, WezTerm and Ghostty; Alacritty, Windows
Terminal, VTE terminals and Apple's Terminal understand neither, and some of them would print
it. So one escape is sent only to a terminal known to take it, and never two (Ghostty takes
both and would show two). Inside tmux the escape is wrapped in tmux's DCS passthrough, which
tmux 3.3 and later forwards only with `allow-passthrough on`.

The text is made plain first: control characters written out, `;` (the field separator of
OSC 777) turned into a comma, and the length capped.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from handcue.core.safe_text import visible

MOST_CHARACTERS = 200


class NoticeKind(Enum):
    NONE = "none"
    OSC9 = "osc9"
    OSC777 = "osc777"


_BY_PROGRAM = {
    "iterm.app": NoticeKind.OSC9,
    "wezterm": NoticeKind.OSC777,
    "ghostty": NoticeKind.OSC777,
}
"""`TERM_PROGRAM` values, lowercased."""
_BY_TERM = (
    ("xterm-kitty", NoticeKind.OSC9),
    ("xterm-ghostty", NoticeKind.OSC777),
    ("foot", NoticeKind.OSC777),
    ("wezterm", NoticeKind.OSC777),
)
"""`TERM` values (a prefix: `foot-extra` is foot)."""


def notice_kind(env: Mapping[str, str], outer_term: str | None = None) -> NoticeKind:
    """Which escape the terminal showing us takes. Inside tmux, `outer_term` is the TERM of the
    terminal tmux draws on (`#{client_termname}`), as tmux's own TERM says only "tmux"."""
    program = env.get("TERM_PROGRAM", "").lower()
    if program != "tmux" and program in _BY_PROGRAM:
        return _BY_PROGRAM[program]
    terms = [outer_term or ""] if in_tmux(env) else [env.get("TERM", "")]
    if env.get("KITTY_WINDOW_ID"):
        terms.append("xterm-kitty")
    for term in terms:
        for prefix, kind in _BY_TERM:
            if term.lower().startswith(prefix):
                return kind
    return NoticeKind.NONE


def in_tmux(env: Mapping[str, str]) -> bool:
    return bool(env.get("TMUX")) or env.get("TERM_PROGRAM", "").lower() == "tmux"


def plain(text: str) -> str:
    """One line of text that cannot act on a terminal or break an escape's fields."""
    line = visible(" ".join(text.split())).replace(";", ",")
    return line if len(line) <= MOST_CHARACTERS else line[: MOST_CHARACTERS - 1] + "…"


def notice_escape(kind: NoticeKind, title: str, body: str, tmux: bool = False) -> str:
    """The escape for `kind` ("" for none), wrapped for tmux when `tmux`."""
    if kind is NoticeKind.OSC9:
        sequence = f"\x1b]9;{plain(title)}: {plain(body)}\x07"
    elif kind is NoticeKind.OSC777:
        sequence = f"\x1b]777;notify;{plain(title)};{plain(body)}\x07"
    else:
        return ""
    if tmux:
        # Every ESC inside the passthrough is doubled; the DCS ends with ESC backslash.
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence
