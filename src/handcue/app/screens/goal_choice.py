"""The goals to filter by, as a list of their own, for a terminal too narrow for the column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class GoalChoice(ModalScreen[str | None]):
    """Dismisses with the goal chosen (the "all goals" entry's id included), or None when
    left with Escape, q or Ctrl+C."""

    DEFAULT_CSS = """
    GoalChoice { align: center middle; }
    GoalChoice > Vertical {
        width: 40; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface;
    }
    GoalChoice OptionList { height: auto; max-height: 100%; border: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,ctrl+c", "dismiss(None)", "Back", key_display="esc"),
    ]

    def __init__(self, options: Sequence[Option], current: str) -> None:
        super().__init__()
        self.options = list(options)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Choose a goal"
            yield OptionList(*self.options, id="goal-choice")

    def on_mount(self) -> None:
        listed = self.query_one(OptionList)
        listed.highlighted = listed.get_option_index(self.current)
        listed.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)
