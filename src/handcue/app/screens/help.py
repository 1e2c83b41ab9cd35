"""Keys and the meaning of each tone, one key press away from anywhere in the app."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from handcue.core.cueing import CUE_LEGEND

ANYWHERE_KEYS: tuple[tuple[str, str], ...] = (
    ("Esc, q, Ctrl+C", "leave where you are: close a question (nothing happens) or a screen"),
    ("", "in the player they ask before stopping, and again stop; in the picker, quit"),
    ("Ctrl+Q", "quit handcue (it asks first while a routine plays or times are unsaved)"),
    ("Ctrl+P", "command palette: start any routine, History, check-ins, sound, theme"),
    ("Ctrl+Z", "go to the shell; type fg to come back"),
    ("Ctrl+L", "close the notices"),
    ("?, F1", "this help"),
)

PICKER_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓", "move through the routines"),
    ("Enter", "start the highlighted routine"),
    ("/", "search by title, step or technique"),
    ("g", "choose a goal"),
    ("Esc", "clear the search, then the goal, then quit"),
    ("e", "change the step times of the highlighted routine"),
    ("h", "your history: days, minutes, check-ins, sessions"),
    ("s", "with a goal chosen: sort by how your ratings eased"),
    ("q, Ctrl+C", "quit"),
)

PLAYER_KEYS: tuple[tuple[str, str], ...] = (
    ("Space", "pause or resume"),
    ("n, →  p, ←", "next or previous step"),
    ("r", "restart the current step"),
    ("+ / -", "ten seconds more or less for this step"),
    ("m", "mute or unmute the tones"),
    ("v", "voice on or off: how to do each step, then only its name once you know it"),
    ("g", "the voice guided (the whole instruction) or brief (the step's name), this play"),
    ("t", "stroke pacer on or off: a soft tick at the step's tempo"),
    ("?", "this help (the routine waits while it is open)"),
    ("q, Esc, Ctrl+C", "stop the routine (it asks first)"),
)

AROUND_KEYS: tuple[tuple[str, str], ...] = (
    ("Check-in", "0-9 (t for 10) answer; Enter skips; o stops asking; Esc, q go back"),
    ("Finish", "a again; b, Esc, q back to the routines; k, l, d keep changed times or not"),
    ("Step times", "type a time; Ctrl+S save; Ctrl+R reset the step; Esc close (asks)"),
    ("History", "↑ ↓ your sessions; Enter opens one; d, Delete delete it (asks); b, Esc back"),
)


def cue_legend() -> tuple[tuple[str, str], ...]:
    """(sound, meaning) pairs, named as the files in `sounds/` are."""
    return tuple((cue.sound_name, meaning) for cue, meaning in CUE_LEGEND)


SIDE_NOTE = "Left-hand tones play in the left ear and lower; right-hand ones in the right, higher."
HAND_NOTE = (
    "LEFT or RIGHT always names the hand being massaged: LEFT means massage your left hand, "
    "working on it with the right. The voice says it that way too."
)


Table = tuple[str, tuple[tuple[str, str], ...]]


def help_tables(during_routine: bool = False) -> list[Table]:
    """Every key and tone, table by table; the keys of where the help was opened from come
    first, then the ones that work anywhere."""
    picker = ("Choosing a routine", PICKER_KEYS)
    player = ("During a routine", PLAYER_KEYS)
    first, second = (player, picker) if during_routine else (picker, player)
    return [
        first,
        ("Anywhere", ANYWHERE_KEYS),
        second,
        ("Before and after", AROUND_KEYS),
        ("What the tones mean", cue_legend()),
    ]


def help_text(during_routine: bool = False) -> str:
    """The help as plain lines, key and meaning on each."""
    lines: list[str] = []
    for title, rows in help_tables(during_routine):
        lines += [title, *(f"  {key}  {meaning}" for key, meaning in rows), ""]
    return "\n".join([*lines, SIDE_NOTE, "", HAND_NOTE])


class HelpScreen(ModalScreen[None]):
    """Keys and tones; opened from the player (`during_routine`), the player's keys first."""

    CSS_PATH = "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f1,ctrl+c", "dismiss", "Close", key_display="esc"),
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
                for title, rows in help_tables(self.during_routine):
                    yield Static(Content.styled(title, "bold $accent"), classes="title")
                    # A grid keeps each meaning in its own column when it wraps.
                    with Grid(classes="keys"):
                        for key, meaning in rows:
                            yield Static(Content.styled(key, "bold"), classes="key")
                            yield Static(Content(meaning), classes="meaning")
                yield Static(Content.styled(SIDE_NOTE, "dim"), classes="note")
                yield Static(Content.styled(HAND_NOTE, "bold"), classes="note")
