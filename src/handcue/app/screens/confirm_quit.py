"""The question before a routine in progress is thrown away: stop, or keep going."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from handcue.app.screens.question import Answer, Question


class ConfirmQuit(Question[bool]):
    """Asks before throwing away a routine in progress; keeping on is the safe answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,escape", "answer(0)", "Keep going", show=False),
        Binding("y,q,ctrl+c", "answer(1)", "Stop", show=False),
    ]

    def quit_app(self) -> None:
        """Ctrl+Q again, while asked: as q (and Ctrl+C) here, stop."""
        self.action_answer(1)

    def __init__(self) -> None:
        super().__init__(
            "Stop the routine?",
            "The routine is paused. Stop it here? (y / n)",
            [
                Answer(False, "Keep going", "primary"),
                Answer(True, "Stop", "warning"),
            ],
        )
