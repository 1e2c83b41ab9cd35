"""`handcue tweak ID` without options: the step times screen as an app of its own."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from handcue.app.plain_notices import PlainNotices
from handcue.app.screens.tweak import TweakScreen
from handcue.core.routine import Routine
from handcue.core.safe_text import visible_routine
from handcue.services.user_data import UserData


class TweakApp(PlainNotices, App[bool]):
    """The tweak screen on its own; Escape, q, Ctrl+C and Ctrl+Q leave, asking first about
    unsaved changes."""

    CSS_PATH = Path(__file__).with_name("handcue.tcss")
    TITLE = "handcue"
    SUB_TITLE = "step times"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "interrupt", show=False, system=True),
        Binding("ctrl+q", "interrupt", "Quit", show=False, priority=True),
    ]

    def __init__(self, routine: Routine, user: UserData) -> None:
        super().__init__()
        self.routine = visible_routine(routine)
        self.user = user
        user.on_problem = self._problem

    def _problem(self, text: str) -> None:
        self.call_later(self.notify, text, severity="warning", timeout=10)

    def on_mount(self) -> None:
        self.push_screen(TweakScreen(self.routine, self.user), self.exit)

    def action_interrupt(self) -> None:
        quit_app = getattr(self.screen, "quit_app", None)
        if callable(quit_app):
            quit_app()
        else:
            self.exit()
