"""The application shell: opens the picker (or the player), and routes between the screens.

Kept thin on purpose: each screen owns its own state and reports back through a message or
its dismiss value; the app only decides which screen comes next.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from handcue.app.palette import RoutineCommands
from handcue.app.screens.picker import PickerScreen
from handcue.core import briefing
from handcue.core.library import Library
from handcue.core.problems import Problem
from handcue.core.routine import Routine
from handcue.core.safe_text import visible, visible_routine

if TYPE_CHECKING:
    from collections.abc import Sequence

    from handcue.app.screens.finish import FinishChoice
    from handcue.core.engine import Session
    from handcue.services.listening import Listening
    from handcue.services.report import SessionReport
    from handcue.services.timing import Timing
    from handcue.storage.user_database import UserDatabase

# The precautions, player, finish and help screens are imported when first shown: the picker's
# first frame should not wait for modules it does not draw.

HIGH_CONTRAST = Theme(
    name="handcue-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#00ffff",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "border": "#ffffff",
        "border-blurred": "#bcbcbc",
        "footer-key-foreground": "#ffff00",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#ffff00 40%",
    },
)
"""Pure black and white with saturated accents, for low vision and washed-out screens."""


class LibraryLike(Protocol):
    """What the app needs from `handcue.core.library.Library`."""

    @property
    def routines(self) -> Sequence[Routine]: ...

    @property
    def problems(self) -> Sequence[Problem]: ...

    def get(self, routine_id: str) -> Routine | None: ...


class AcknowledgementStore(Protocol):
    """Acknowledgements hold for the texts shown (`core.briefing.shown`), so changes show again."""

    def is_acknowledged(self, routine_id: str, shown: Sequence[str] = ()) -> bool: ...

    def unseen(self, routine_id: str, shown: Sequence[str]) -> list[str] | None: ...

    def acknowledge(self, routine_id: str, shown: Sequence[str] = ()) -> None: ...


class MemoryAcknowledgements:
    """Remembers acknowledgements until the app exits; the stand-in when no store can be opened."""

    def __init__(self) -> None:
        self._shown: dict[str, frozenset[str]] = {}

    def is_acknowledged(self, routine_id: str, shown: Sequence[str] = ()) -> bool:
        return self._shown.get(routine_id) == frozenset(shown)

    def unseen(self, routine_id: str, shown: Sequence[str]) -> list[str] | None:
        known = self._shown.get(routine_id)
        return None if known is None else [text for text in shown if text not in known]

    def acknowledge(self, routine_id: str, shown: Sequence[str] = ()) -> None:
        self._shown[routine_id] = frozenset(shown)


class HandcueApp(App[None]):
    """Guided hand-massage routines with tone cues."""

    CSS_PATH = Path(__file__).with_name("handcue.tcss")
    """Absolute, so subclasses defined elsewhere (tests, snapshot apps) find it too."""
    TITLE = "handcue"
    SUB_TITLE = "hand massage, step by step"
    COMMANDS = App.COMMANDS | {RoutineCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(
        self,
        library: LibraryLike,
        goal: str | None = None,
        play_id: str | None = None,
        yes: bool = False,
        player: Any = None,
        clock: Callable[[], float] = time.monotonic,
        acknowledgements: AcknowledgementStore | None = None,
        timing: Timing | Callable[[], Timing] | None = None,
        listening: Listening | None = None,
    ) -> None:
        super().__init__()
        self.listening = listening
        """Voice, next-up and pacer wishes from the command line, for every player screen."""
        self._timing = timing
        self.library: LibraryLike = Library(
            tuple(visible_routine(routine) for routine in library.routines),
            tuple(library.problems),
        )
        """What the screens draw: text from files with its control characters written out."""
        self.goal = goal
        self.play_id = play_id
        self.yes = yes
        self.player = player
        self.clock = clock
        self._acknowledgements = acknowledgements
        self._last_durations: dict[str, dict[int, float]] = {}
        self._started: dict[str, dict[int, float] | None] = {}
        self._player_screen: Screen[Any] | None = None
        self._database: UserDatabase | None = None
        self._database_said = 0
        self.unsaid: list[str] = []
        """Database problems that arose too late to show (as the app closed), for the command
        line to print once the screen is gone."""

    @property
    def timing(self) -> Timing | None:
        """Saved duration tweaks; None plays every routine as written and saves nothing.

        Given as a function, it is made on first use, so the picker opens without it.
        """
        if callable(self._timing):
            self._timing = self._timing()
        return self._timing

    @property
    def acknowledgements(self) -> AcknowledgementStore:
        """Opened on first use, so the database is not on the way to the first frame."""
        if self._acknowledgements is None:
            from handcue.storage.acknowledgements import Acknowledgements

            self._acknowledgements = Acknowledgements(self.database)
        return self._acknowledgements

    @property
    def database(self) -> UserDatabase:
        """History and acknowledgements, shared; its writes never wait on the screen's thread."""
        if self._database is None:
            from handcue.storage.user_database import SCREEN_BUSY_TIMEOUT, UserDatabase

            self._database = UserDatabase(background=True, busy_timeout=SCREEN_BUSY_TIMEOUT)
        return self._database

    def say_database_problems(self) -> None:
        """Each database problem once, as a notification that stays a while."""
        if self._database is None:
            return
        problems = self._database.problems
        for message in problems[self._database_said :]:
            self.notify(
                message,
                title="History and precautions",
                severity="warning",
                timeout=20,
                markup=False,
            )
        self._database_said = len(problems)

    def on_unmount(self) -> None:
        if self._database is not None:
            self._database.close()
            self.unsaid = self._database.problems[self._database_said :]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, from any screen, with control characters written out: many
        carry file names and messages about files."""
        super().notify(
            visible(message, lines=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def get_default_screen(self) -> Screen[Any]:
        return PickerScreen(self.library.routines, goal=self.goal)

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        # The database's writer thread finds some problems later; look for them now and then.
        self.set_interval(1.0, self.say_database_problems)
        self.call_after_refresh(self._prepare_player)
        if self.library.problems:
            count = len(self.library.problems)
            first = str(self.library.problems[0])
            more = f" (and {count - 1} more)" if count > 1 else ""
            self.notify(
                f"{first}{more}. Run `handcue check {self.library.problems[0].path.parent}` "
                "for details.",
                title="Some routine files were skipped",
                severity="warning",
                timeout=10,
            )
        if self.play_id is not None:
            routine = self.library.get(self.play_id)
            if routine is None:
                self.notify(f"There is no routine with the id {self.play_id!r}.", severity="error")
                self.play_id = None
            else:
                self.start_routine(routine)

    def _prepare_player(self) -> None:
        """Settles a deferred player's backend once the first frame is on screen."""
        resolve = getattr(self.player, "resolve", None)
        if callable(resolve):
            resolve()
        from handcue.audio.choose import setting_problem

        if problem := setting_problem():
            self.notify(problem, title="Sound", severity="warning", timeout=10)

    def on_picker_screen_start(self, message: PickerScreen.Start) -> None:
        self.start_routine(message.routine)

    def on_picker_screen_tweak(self, message: PickerScreen.Tweak) -> None:
        if self.timing is None:
            self.notify("Step times cannot be saved here.", severity="warning")
            return
        from handcue.app.screens.tweak import TweakScreen

        self.push_screen(TweakScreen(message.routine, self.timing.store))

    def action_help(self) -> None:
        from handcue.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # Routing

    def needs_precautions(self, routine: Routine) -> bool:
        """Until acknowledged, every routine is introduced once; `--yes` skips it.

        Asking for the spoken introduction shows (and reads) it every time.
        """
        if self.listening is not None and self.listening.intro:
            return True
        if self.yes:
            return False
        try:
            return not self.acknowledgements.is_acknowledged(routine.id, briefing.shown(routine))
        except OSError:
            return True
        finally:
            self.say_database_problems()

    def start_routine(self, routine: Routine) -> None:
        """Start `routine` from wherever the person is, unless another one is playing."""
        if self._is_playing():
            self.notify("Stop the current routine first (q).", severity="warning")
            return
        while len(self.screen_stack) > 1 and not isinstance(self.screen, PickerScreen):
            self.pop_screen()
        if self.needs_precautions(routine):
            from handcue.app.screens.precautions import PrecautionsScreen

            read_aloud = self.listening is not None and self.listening.intro
            try:
                unseen = self.acknowledgements.unseen(routine.id, briefing.shown(routine))
            except OSError:
                unseen = None
            self.push_screen(
                PrecautionsScreen(
                    routine,
                    read_aloud=read_aloud,
                    new=briefing.new_keys(routine, unseen),
                    changed=bool(unseen),
                ),
                partial(self._after_precautions, routine),
            )
        else:
            self._play(routine)

    def _is_playing(self) -> bool:
        return self._player_screen is not None and self._player_screen in self.screen_stack

    def _after_precautions(self, routine: Routine, go_ahead: bool | None) -> None:
        if not go_ahead:
            self._leave_if_direct()
            return
        try:
            self.acknowledgements.acknowledge(routine.id, briefing.shown(routine))
        except OSError as error:
            self.notify(f"Could not save the acknowledgement: {error.strerror}", severity="warning")
        self.say_database_problems()
        self._play(routine)

    def make_player_screen(
        self, routine: Routine, durations: dict[int, float] | None
    ) -> Screen[Any]:
        """The player for `routine`; imported late so the picker opens without it."""
        from handcue.app.screens.player import PlayerScreen

        screen: Screen[Any] = PlayerScreen(
            routine,
            durations=durations,
            player=self.player,
            clock=self.clock,
            listening=self.listening,
        )
        return screen

    def _play(self, routine: Routine, durations: dict[int, float] | None = None) -> None:
        if durations is None and self.timing is not None:
            durations = self.timing.durations_for(
                routine, lambda text: self.notify(text, severity="warning", timeout=10)
            )
        self._started[routine.id] = durations
        self._player_screen = self.make_player_screen(routine, durations)
        self.push_screen(self._player_screen, partial(self._after_player, routine))

    def _after_player(self, routine: Routine, session: Session | None) -> None:
        self._player_screen = None
        if session is None:
            self._leave_if_direct()
            return
        from handcue.app.screens.finish import FinishScreen
        from handcue.services.report import SessionReport

        report = SessionReport.from_session(session, self.clock())
        self._record(report)
        started = self._started.get(routine.id) or {}
        self._last_durations[routine.id] = {**started, **report.durations}
        store = self.timing.store if self.timing is not None else None
        self.push_screen(
            FinishScreen(report, store=store, started=started),
            partial(self._after_finish, routine),
        )

    def _record(self, report: SessionReport) -> None:
        """Adds the routine to the history; a history that cannot be written never stops play."""
        from datetime import datetime, timedelta

        from handcue.storage.history import History, SessionRecord

        finished = datetime.now().astimezone()
        both = report.seconds_by_hand.get("both", 0.0)
        try:
            History(self.database).record(
                SessionRecord(
                    routine_id=report.routine.id,
                    started=finished - timedelta(seconds=report.elapsed),
                    finished=finished,
                    left_seconds=report.seconds_by_hand.get("left", 0.0) + both,
                    right_seconds=report.seconds_by_hand.get("right", 0.0) + both,
                    steps_done=len(report.done),
                    steps_skipped=len(report.skipped),
                )
            )
        except (OSError, ValueError) as error:
            self.notify(f"Could not add this routine to your history: {error}", severity="warning")
        self.say_database_problems()

    def _after_finish(self, routine: Routine, choice: FinishChoice | None) -> None:
        self.play_id = None
        if choice == "repeat":
            self._play(routine, self._last_durations.get(routine.id) or None)
        elif choice == "quit":
            self.exit()

    def _leave_if_direct(self) -> None:
        """`handcue play ID` ends with its routine; from the picker, we return to the picker."""
        if self.play_id is not None:
            self.exit()
