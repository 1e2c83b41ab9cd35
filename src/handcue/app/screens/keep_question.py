"""The question "keep the times you changed?", asked when a routine is stopped early with changes,
or when the finish screen is left before answering it.

Its keys (k, l, d) mean nothing in the player, so a key meant for the routine that lands here
as it ends cannot save by accident.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Button
from textual.widgets.button import ButtonVariant

from handcue.app.screens.question import Answer, Question
from handcue.core.durations import format_short
from handcue.core.wording import counted
from handcue.services.keeping import Keep, KeepOffer


def choices_text(offer: KeepOffer) -> str:
    """Each answer with the time the routine takes you after it, one line each."""
    keys = {Keep.STEPS: "k", Keep.LENGTH: "l", Keep.NOTHING: "d"}
    return "\n".join(f"  {key}  {offer.label(choice)}" for choice, key in keys.items())


NARROW = 64
"""Below this width an answer with its time would not fit on one line."""
SHORT = ("Step times (k)", "Length (l)", "Don't keep (d)", "Not now (esc)")

_PRIMARY: ButtonVariant = "primary"
_DEFAULT: ButtonVariant = "default"


class KeepQuestion(Question[Keep | None]):
    """Dismisses with the `Keep` chosen; with `can_stay`, Escape gives None (stay where you
    were), else Escape means don't keep."""

    DEFAULT_CSS = """
    KeepQuestion > Vertical { width: 64; }
    KeepQuestion Horizontal { layout: vertical; height: auto; }
    KeepQuestion Button { width: 100%; margin: 0; content-align: left middle; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "answer(0)", "Step times", show=False),
        Binding("l", "answer(1)", "Overall length", show=False),
        Binding("d", "answer(2)", "Don't keep", show=False),
        Binding("escape,q,ctrl+c", "escape", show=False),
    ]

    def __init__(self, offer: KeepOffer, changes: int, *, can_stay: bool) -> None:
        self.can_stay = can_stay
        answers: list[Answer[Keep | None]] = [
            Answer(choice, f"{offer.label(choice)}  ({key})", variant)
            for choice, key, variant in (
                (Keep.STEPS, "k", _PRIMARY),
                (Keep.LENGTH, "l", _DEFAULT),
                (Keep.NOTHING, "d", _DEFAULT),
            )
        ]
        if can_stay:
            answers.append(Answer(None, "Not now: back to the finish screen  (Esc)"))
        super().__init__(
            "Keep your changed times?",
            f"You changed {counted(changes, 'step time')} in this session. Keep "
            f"{'it' if changes == 1 else 'them'} for next time? As written, the routine "
            f"takes {format_short(offer.routine.total_seconds)}.",
            answers,
        )
        self.offer = offer

    def on_mount(self) -> None:
        super().on_mount()
        for button in self.query(Button):
            button.compact = True  # one line each: the question fits small terminals
        if self.offer.length is None:
            self.query_one("#answer-1").disabled = True

    def _fit(self, width: int, height: int) -> None:
        """On a narrow terminal the answers drop their times, so each stays on one line."""
        super()._fit(width, height)
        narrow = width < NARROW
        for index, button in enumerate(self.query(Button)):
            button.label = SHORT[index] if narrow else self.answers[index].label

    def action_answer(self, index: int) -> None:
        if index == 1 and self.offer.length is None:
            return
        super().action_answer(index)

    def action_escape(self) -> None:
        self.dismiss(None if self.can_stay else Keep.NOTHING)
