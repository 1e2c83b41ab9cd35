"""The application: opens the first screen and routes a routine's play flow to its screens.

It holds what every screen shares (the library, the person's data, the sound player) and
nothing else: each screen owns its state, the play flow (`services.play_flow`) decides what
comes next, and `Journey` shows it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from handcue.app.messages import DataProblem
from handcue.app.opening import open_app
from handcue.app.palette import RoutineCommands, system_commands
from handcue.app.plain_notices import PlainNotices
from handcue.app.process_signals import end_on_signals, redraw_when_resumed
from handcue.app.screens.picker import PickerScreen
from handcue.app.theme import HIGH_CONTRAST
from handcue.core.library import Library
from handcue.core.routine import Routine
from handcue.core.safe_text import visible_routine
from handcue.services.launch import Launch
from handcue.services.user_data import UserData, app_database

if TYPE_CHECKING:  # the play flow's modules load with the first routine, not the picker
    from handcue.app.journey import Journey
    from handcue.audio.player import Player
    from handcue.services.play_flow import Play, PlayFlow


class HandcueApp(PlainNotices, App[None]):
    """Guided hand-massage routines with tone cues."""

    # Absolute, for subclasses elsewhere; with the styles of the screens that can come first.
    CSS_PATH = [  # noqa: RUF012
        Path(__file__).with_name("handcue.tcss"),
        Path(__file__).parent / "screens" / "history.tcss",
    ]
    TITLE = "handcue"
    SUB_TITLE = "hand massage, step by step"
    COMMANDS = App.COMMANDS | {RoutineCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", key_display="?", show=False),
        # Ctrl+C does what q and Escape do where you are; Ctrl+Q quits, asking while a
        # routine plays; Ctrl+Z goes to the shell, as in any terminal program.
        Binding("ctrl+c", "interrupt", show=False, system=True),
        Binding("ctrl+q", "interrupt(True)", "Quit", show=False, priority=True),
        Binding("ctrl+z", "suspend_process", show=False),
        Binding("ctrl+l", "clear_notifications", "Close notices", show=False),
    ]

    def __init__(
        self,
        launch: Launch,
        *,
        user: UserData | None = None,
        player: Player | Any = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.launch = launch
        self.library = Library(
            tuple(visible_routine(routine) for routine in launch.library.routines),
            tuple(launch.library.problems),
        )
        """What the screens draw: text from files with its control characters written out."""
        self.user = user or UserData(database=app_database, timing=launch.timing)
        self.user.on_problem = self._problem
        self.player = player
        self.clock = clock
        self.journey: Journey | None = None
        self.direct = launch.play_id is not None
        """`handcue play ID`: the app ends with that routine, unless it was played through."""
        self.unsaid: list[str] = []
        """Problems that arose as the app closed, for the command line to print."""

    def get_default_screen(self) -> Screen[Any]:
        if self.launch.screen == "history":
            from handcue.app.screens.history import HistoryScreen

            return HistoryScreen(self.user, self.today())
        return self.picker()

    def on_mount(self) -> None:
        end_on_signals(self)
        redraw_when_resumed(self)
        self.register_theme(HIGH_CONTRAST)
        open_app(self)

    def on_unmount(self) -> None:
        self.keep_what_was_done()

    def keep_what_was_done(self) -> None:
        """A routine playing kept as stopped, and all writes done: at the end, or at a signal."""
        if self.journey is not None:
            self.journey.end_now()
        self.user.on_problem = self.unsaid.append
        self.user.close()

    def _problem(self, text: str) -> None:
        self.post_message(DataProblem(text))  # from any thread

    def on_data_problem(self, message: DataProblem) -> None:
        self.notify(message.text, title="Your data", severity="warning", timeout=20)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from system_commands(self)

    # keys -----------------------------------------------------------------------------------

    def action_help(self) -> None:
        from handcue.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_history(self) -> None:
        from handcue.app.screens.history import HistoryScreen

        if isinstance(self.screen, HistoryScreen):
            return
        cover = getattr(self.screen, "cover", None)  # over a routine: it waits meanwhile
        (cover if callable(cover) else self.push_screen)(HistoryScreen(self.user, self.today()))

    def today(self) -> date:
        """The day the History screen counts streaks and weeks to."""
        return date.today()

    def picker(self) -> PickerScreen:
        """A new picker, for when the app opened on another screen."""
        return PickerScreen(self.library.routines, self.user, goal=self.launch.goal)

    def action_interrupt(self, whole_app: bool = False) -> None:
        """Ctrl+C leaves where you are, as q and Escape do there (`action_leave`). Ctrl+Q
        quits: the screen on top answers first when it holds something to answer for
        (`quit_app`), and a routine that plays asks before it stops."""
        leave = getattr(self.screen, "action_leave", None)
        quit_app = getattr(self.screen, "quit_app", None)
        if not whole_app and callable(leave):
            leave()
        elif callable(quit_app):
            quit_app()
        elif self.journey is not None and self.journey.playing:
            assert self.journey.player is not None
            self.journey.player.quit_routine(then_quit=whole_app)  # type: ignore[attr-defined]
        else:
            self.exit()

    async def action_quit(self) -> None:
        """The palette's Quit asks as Ctrl+Q does."""
        self.action_interrupt(True)

    # routing --------------------------------------------------------------------------------

    def start_routine(self, routine: Routine) -> None:
        """Start `routine` from wherever the person is, unless another one is playing."""
        if self.journey is not None and self.journey.playing:
            self.notify("Stop the current routine first (q).", severity="warning")
            return
        while len(self.screen_stack) > 1 and not isinstance(self.screen, PickerScreen):
            self.pop_screen()
        if isinstance(self.screen, PickerScreen):
            self.screen.highlight(routine)
        from handcue.services.play_flow import PlayFlow

        yes, checkin, listening = self.launch.yes, self.launch.checkin, self.launch.listening
        self.begin(PlayFlow(routine, self.user, yes=yes, checkin=checkin, listening=listening))

    def begin(self, flow: PlayFlow) -> None:
        from handcue.app.journey import Journey

        self.journey = Journey(self, flow)
        self.journey.show()

    def on_picker_screen_start(self, message: PickerScreen.Start) -> None:
        self.start_routine(message.routine)

    def make_player_screen(self, play: Play) -> Screen[Any]:
        """The player for `play`; imported late so the picker opens without it."""
        from handcue.app.screens.player import PlayerScreen

        return PlayerScreen(
            play.session,
            player=self.player,
            clock=self.clock,
            listening=self.launch.listening,
            mode=play.mode,
        )
