"""What to know before a routine: the precautions its file names, and how to prepare.

Shown before a routine with cautions and before any routine's first use; the app remembers the
acknowledgement per routine, so a routine someone already knows starts straight away. With the
spoken introduction asked for (`--voice-intro`), the screen is read aloud, ending with which
key starts, so it can be followed with the eyes closed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from handcue.core import speech_text
from handcue.core.routine import Routine
from handcue.core.vocabulary import PRECAUTIONS

if TYPE_CHECKING:
    from handcue.audio.speech import SpeechEngine

log = logging.getLogger(__name__)

SPOKEN_KEYS = "Press Enter to start, or Escape to go back."

GENERAL_ADVICE = (
    "Self-massage should feel pleasant. Stop at once if anything hurts, tingles or goes numb, "
    "and ask a clinician about pain that lasts."
)


def precautions_text(routine: Routine) -> Content:
    """The body of the screen: the routine's precautions in full, then its preparation."""
    lines: list[Content] = []
    if routine.cautions:
        lines.append(Content.from_markup("[b $warning]Take care if any of these apply to you[/]"))
        for key in routine.cautions:
            precaution = PRECAUTIONS.get(key)
            title = precaution.title if precaution else key
            advice = precaution.advice if precaution else ""
            lines.append(Content(""))
            lines.append(Content.from_markup("[b]• $title[/]", title=title))
            if advice:
                lines.append(Content.from_markup("  $advice", advice=advice))
    else:
        lines.append(Content.from_markup("[b]This routine names no particular cautions.[/]"))
    lines += [Content(""), Content(GENERAL_ADVICE)]
    if routine.prepare:
        lines += [
            Content(""),
            Content.from_markup("[b $accent]Preparation[/]"),
            Content(routine.prepare),
        ]
    return Content("\n").join(lines)


class PrecautionsScreen(ModalScreen[bool]):
    """Dismisses with True when the person chooses to go ahead, False to go back."""

    DEFAULT_CSS = """
    PrecautionsScreen {
        align: center middle;
    }
    PrecautionsScreen #dialog {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $warning;
        border-title-color: $text;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    PrecautionsScreen #body {
        height: auto;
        max-height: 1fr;
    }
    PrecautionsScreen #text {
        padding: 1 1 0 1;
    }
    PrecautionsScreen #remember {
        color: $text-muted;
        padding: 1 1 0 1;
    }
    PrecautionsScreen #buttons {
        height: auto;
        align-horizontal: right;
        padding: 1 0 0 0;
    }
    PrecautionsScreen Button {
        margin-left: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "go_ahead", "Start"),
        Binding("escape", "go_back", "Back"),
    ]

    def __init__(self, routine: Routine, *, read_aloud: bool = False) -> None:
        super().__init__()
        self.routine = routine
        self.read_aloud = read_aloud
        self.speaker: SpeechEngine | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = f"Before you start: {self.routine.title}"
            with VerticalScroll(id="body"):
                yield Static(precautions_text(self.routine), id="text")
                yield Static(
                    "Starting confirms you have read this; it will not be asked again "
                    "for this routine.",
                    id="remember",
                )
            with Horizontal(id="buttons"):
                yield Button("Back", id="back")
                yield Button("I understand, start", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()
        if self.read_aloud:
            self.call_after_refresh(self._read_aloud)

    def _read_aloud(self) -> None:
        from handcue.audio.speech import speech_status

        engine, about = speech_status()
        if engine is None:
            self.notify(f"No voice: {about}. The text is on the screen.", severity="warning")
            return
        self.speaker = engine
        engine.speak(" ".join([*speech_text.intro(self.routine), SPOKEN_KEYS]))

    def _hush(self) -> None:
        if self.speaker is not None:
            try:
                self.speaker.stop()
            except Exception as error:  # the words are a help; never a reason to get stuck
                log.debug("cannot stop the introduction: %s", error)

    def on_unmount(self) -> None:
        self._hush()

    @on(Button.Pressed, "#start")
    def action_go_ahead(self) -> None:
        self._hush()
        self.dismiss(True)

    @on(Button.Pressed, "#back")
    def action_go_back(self) -> None:
        self._hush()
        self.dismiss(False)
