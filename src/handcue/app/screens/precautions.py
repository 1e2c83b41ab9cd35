"""What to know before a routine: the precautions its file names, and how to prepare.

Shown before any routine's first use; the app remembers what was acknowledged, text by text,
so a routine someone already knows starts straight away, and one whose cautions or preparation
changed since is shown again with the new parts marked. With the spoken introduction asked for
(`--voice-intro`), the screen is read aloud, ending with which key starts, so it can be
followed with the eyes closed.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from handcue.core import briefing, citing, speech_text
from handcue.core.routine import Routine

if TYPE_CHECKING:
    from handcue.audio.speech import SpeechEngine

log = logging.getLogger(__name__)

SMALL_WIDTH = 48
SMALL_HEIGHT = 16

SPOKEN_KEYS = "Press Enter to start, or Escape to go back."


def _marked(key: str, new: Collection[str]) -> Content:
    if key not in new:
        return Content("")
    return Content.from_markup("[reverse $warning] $mark [/] ", mark=briefing.NEW_MARK)


def precautions_text(
    routine: Routine, new: Collection[str] = (), *, changed: bool = False
) -> Content:
    """The body of the screen: the routine's precautions in full, its preparation, its sources.

    Items whose keys are in `new` are marked, for a routine shown again after a change.
    """
    lines: list[Content] = []
    if changed:
        lines += [Content.from_markup("[i]$note[/]", note=briefing.CHANGED_NOTE), Content("")]
    cautions = [item for item in briefing.items(routine) if item.key != briefing.PREPARE]
    if cautions:
        lines.append(
            Content.from_markup(
                "[b $warning]$heading[/]", heading=briefing.caution_heading(routine)
            )
        )
        for item in cautions:
            lines.append(Content(""))
            lines.append(
                _marked(item.key, new) + Content.from_markup("[b]• $title[/]", title=item.title)
            )
            lines.append(Content.from_markup("  $advice", advice=item.text))
    else:
        lines.append(Content.from_markup("[b]This routine names no particular cautions.[/]"))
    lines += [Content(""), Content(briefing.GENERAL_ADVICE)]
    if routine.prepare:
        lines += [
            Content(""),
            _marked(briefing.PREPARE, new) + Content.from_markup("[b $accent]Preparation[/]"),
            Content(routine.prepare),
        ]
    sources = citing.source_lines(routine)
    if sources:
        lines += [Content(""), Content.from_markup("[b]Sources[/]")]
        lines += [Content.from_markup("[dim]• $text[/]", text=text) for text in sources]
    return Content("\n").join(lines)


class PrecautionsScreen(ModalScreen[bool]):
    """Dismisses with True when the person chooses to go ahead, False to go back."""

    CSS_PATH = "precautions.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so the footer names it and Enter starts from anywhere; on Back it goes back.
        Binding("enter", "enter", "Start", key_display="⏎", priority=True),
        Binding("escape", "go_back", "Back"),
        Binding("q,ctrl+c", "go_back", "Back", show=False),
    ]

    def __init__(
        self,
        routine: Routine,
        *,
        read_aloud: bool = False,
        new: Collection[str] = (),
        changed: bool = False,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.read_aloud = read_aloud
        self.new = frozenset(new)
        """Keys of the items (caution keys, or "prepare") that changed since last read."""
        self.changed = changed
        self.speaker: SpeechEngine | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = f"Before you start: {self.routine.title}"
            with VerticalScroll(id="body"):
                yield Static(
                    precautions_text(self.routine, self.new, changed=self.changed), id="text"
                )
                yield Static(
                    "Starting confirms you have read this; it is shown again only if it changes.",
                    id="remember",
                )
            with Horizontal(id="buttons"):
                yield Button("Back", id="back")
                yield Button("I understand, start", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        # The text has the focus, so the arrows and Page Down scroll it at once; Enter starts.
        self.query_one("#body").focus()
        self._fit(self.app.size.width, self.app.size.height)
        if self.read_aloud:
            self.call_after_refresh(self._read_aloud)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """Below the size where bordered buttons side by side fit, draw them small."""
        small = width < SMALL_WIDTH or height < SMALL_HEIGHT
        self.set_class(small, "-small")
        for button in self.query(Button):
            button.compact = small

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

    def action_enter(self) -> None:
        focused = self.focused
        if focused is not None and focused.id == "back":
            self.action_go_back()
        else:
            self.action_go_ahead()

    @on(Button.Pressed, "#start")
    def action_go_ahead(self) -> None:
        self._hush()
        self.dismiss(True)

    @on(Button.Pressed, "#back")
    def action_go_back(self) -> None:
        self._hush()
        self.dismiss(False)
