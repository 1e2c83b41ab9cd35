"""A small modal question with one button (and its keys) per answer.

Used wherever a choice must not be made by accident: stopping a routine, leaving unsaved
step times. Each question is a subclass whose `BINDINGS` map keys to `answer(N)`, N being the
answer's place; Escape always gives the safe answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Answer(Generic[T]):
    value: T
    label: str
    variant: ButtonVariant = "default"


class Question(ModalScreen[T]):
    """Dismisses with the chosen answer's value; the first answer has the focus."""

    DEFAULT_CSS = """
    Question { align: center middle; }
    Question > Vertical {
        width: 50; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    Question VerticalScroll { height: auto; }
    Question Static { width: 100%; margin-bottom: 1; }
    /* Docked, the answers keep their rows and a long text scrolls in what is left. */
    Question Horizontal { dock: bottom; height: auto; align-horizontal: center; }
    Question Button { margin: 0 1; min-width: 10; }
    Question.-small Horizontal { layout: vertical; }
    Question.-small Button { width: 100%; margin: 0; min-width: 0; }
    Question.-small Static { margin-bottom: 0; }
    """

    SMALL_WIDTH = 40
    SMALL_HEIGHT = 14
    """Below either, the answers lose their borders and stack, still all in view."""

    def __init__(self, title: str, text: str, answers: Sequence[Answer[T]]) -> None:
        super().__init__()
        self.question_title = title
        self.text = text
        self.answers = tuple(answers)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.question_title
            with VerticalScroll():
                yield Static(self.text)
            with Horizontal():
                for index, answer in enumerate(self.answers):
                    yield Button(answer.label, id=f"answer-{index}", variant=answer.variant)

    def on_mount(self) -> None:
        self.query_one("#answer-0", Button).focus()
        self._fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        small = width < self.SMALL_WIDTH or height < self.SMALL_HEIGHT
        self.set_class(small, "-small")
        if small:
            for button in self.query(Button):
                button.compact = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        index = int((event.button.id or "answer-0").removeprefix("answer-"))
        self.dismiss(self.answers[index].value)

    def action_answer(self, index: int) -> None:
        self.dismiss(self.answers[index].value)
