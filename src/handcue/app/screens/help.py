"""Keys and the meaning of each tone, one key press away from anywhere in the app."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from handcue.core.cueing import CUE_LEGEND

PICKER_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓", "move through the routines"),
    ("Enter", "start the highlighted routine"),
    ("/", "search by title, step or technique"),
    ("g", "choose a goal"),
    ("Escape", "clear the search, then the goal"),
    ("Ctrl+P", "command palette: start any routine, change theme"),
    ("e", "change the step times of the highlighted routine"),
    ("q, Ctrl+C", "quit"),
)

PLAYER_KEYS: tuple[tuple[str, str], ...] = (
    ("Space", "pause or resume"),
    ("n / p", "next or previous step"),
    ("r", "restart the current step"),
    ("+ / -", "give the current step more or less time"),
    ("m", "mute or unmute the tones"),
    ("v", "voice on or off: say each step's hand and name"),
    ("t", "stroke pacer on or off: a soft tick at the step's tempo"),
    ("?", "this help (the routine waits while it is open)"),
    ("q, Ctrl+C", "stop the routine (it asks first)"),
)


def cue_legend() -> tuple[tuple[str, str], ...]:
    """(sound, meaning) pairs, named as the files in `sounds/` are."""
    return tuple((cue.sound_name, meaning) for cue, meaning in CUE_LEGEND)


SIDE_NOTE = "Left-hand tones play in the left ear and lower; right-hand ones in the right, higher."
HAND_NOTE = (
    "LEFT or RIGHT always names the hand being massaged: LEFT means massage your left hand, "
    "working on it with the right. The voice says it that way too."
)


def _table(title: str, rows: tuple[tuple[str, str], ...]) -> list[Content]:
    width = max((len(key) for key, _ in rows), default=0) + 2
    lines = [Content.from_markup("[b $accent]$title[/]", title=title)]
    lines.extend(
        Content.from_markup("  [b]$key[/]$meaning", key=key.ljust(width), meaning=meaning)
        for key, meaning in rows
    )
    return lines


def help_text(during_routine: bool = False) -> Content:
    """Every key and tone; the keys of where the help was opened from come first."""
    picker = _table("Choosing a routine", PICKER_KEYS)
    player = _table("During a routine", PLAYER_KEYS)
    first, second = (player, picker) if during_routine else (picker, player)
    lines = [*first, Content(""), *second]
    lines += [Content(""), *_table("What the tones mean", cue_legend())]
    lines.append(Content.from_markup("[dim]$note[/]", note=SIDE_NOTE))
    lines += [Content(""), Content.from_markup("[b]$note[/]", note=HAND_NOTE)]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Keys and tones; opened from the player (`during_routine`), the player's keys first."""

    CSS_PATH = "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f1", "dismiss", "Close"),
        # A modal screen hides the app's own keys: Ctrl+C still does what it does below.
        Binding("ctrl+c", "app.interrupt", show=False),
    ]

    def __init__(self, during_routine: bool = False) -> None:
        super().__init__()
        self.during_routine = during_routine

    def compose(self) -> ComposeResult:
        with Vertical(id="help") as box:
            box.border_title = "Help"
            box.border_subtitle = (
                "The routine is paused · Escape closes and resumes"
                if self.during_routine
                else "Escape closes"
            )
            with VerticalScroll():
                yield Static(help_text(self.during_routine))
