"""The check-in: one key per question, before a routine starts or after it ends.

A digit (or `t` for 10) answers and moves on; after the last answer, or at Enter, the screen
closes with what was answered, so the start waits for no more than those keys.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from handcue.core.checkin import KEYS_HELP, Moment, Question, Rating, answer

CheckInResult = tuple[Rating, ...] | Literal["off", "back"]
"""The ratings given (maybe none), "off" when the person asked never to be asked again, or
"back" when, before a routine, they chose not to start it."""


class CheckInScreen(ModalScreen[CheckInResult]):
    """Asks `questions` in turn; dismisses with the ratings given."""

    DEFAULT_CSS = """
    CheckInScreen { align: center middle; }
    CheckInScreen > #checkin {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    CheckInScreen #question { text-style: bold; }
    CheckInScreen #scale, CheckInScreen #keys { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(digit), f"rate({digit})", show=False) for digit in range(10)),
        Binding("t", "rate(10)", show=False),
        Binding("enter", "skip", "Skip", key_display="⏎"),
        # Leaving never starts anything: before a routine it goes back, after one it skips.
        Binding("escape,q,ctrl+c", "leave", "Back", key_display="esc"),
        Binding("o", "off", "Stop asking"),
    ]

    asking: var[int] = var(0)
    """The question being asked, by its place."""

    def __init__(
        self, questions: tuple[Question, ...], moment: Moment, routine_title: str = ""
    ) -> None:
        super().__init__()
        self.routine_title = routine_title
        self.questions = questions
        self.moment = moment
        self.ratings: list[Rating] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin") as box:
            about = f": {self.routine_title}" if self.routine_title else ""
            box.border_title = (
                f"Check-in before you start{about}"
                if self.moment is Moment.BEFORE
                else f"Check-in: and now?{about}"
            )
            yield Static(id="question")
            yield Static(id="scale")
            yield Static(
                Content(f"{KEYS_HELP} the rest · o: stop asking (handcue checkins on)"),
                id="keys",
            )
        yield Footer(compact=True, show_command_palette=False)

    def watch_asking(self, asking: int) -> None:
        if asking >= len(self.questions):
            return
        question = self.questions[asking]
        count = f"  ({asking + 1} of {len(self.questions)})" if len(self.questions) > 1 else ""
        self.query_one("#question", Static).update(Content(question.text + count))
        self.query_one("#scale", Static).update(Content(question.scale))

    def action_rate(self, value: int) -> None:
        if self.asking >= len(self.questions):
            return
        self.ratings.append(answer(self.questions[self.asking], self.moment, value))
        if self.asking + 1 >= len(self.questions):
            self.dismiss(tuple(self.ratings))
        else:
            self.asking += 1

    def action_skip(self) -> None:
        self.dismiss(tuple(self.ratings))

    def action_leave(self) -> None:
        if self.moment is Moment.BEFORE:
            self.dismiss("back")
        else:
            self.action_skip()

    def action_off(self) -> None:
        self.dismiss("off")
