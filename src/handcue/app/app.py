"""The application shell: opens the picker (or the player), and routes between the screens.

Kept thin on purpose: each screen owns its own state and reports back through a message or
its dismiss value; the app only decides which screen comes next.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from handcue.app.palette import RoutineCommands
from handcue.app.screens.picker import PickerScreen
from handcue.core import briefing
from handcue.core.library import Library
from handcue.core.problems import Problem
from handcue.core.routine import Routine
from handcue.core.safe_text import visible, visible_routine

if TYPE_CHECKING:
    from collections.abc import Sequence

    from handcue.app.screens.checkin import CheckInResult
    from handcue.app.screens.finish import FinishChoice
    from handcue.core.checkin import Question, Rating
    from handcue.core.engine import DurationChange, Session
    from handcue.services.history import Recording
    from handcue.services.keeping import Keep, KeepOffer
    from handcue.services.listening import Listening
    from handcue.services.timing import Timing
    from handcue.storage.history import History, RoutineUse
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


CHECKPOINT_SECONDS = 15.0
"""How often the history row of a session playing is brought up to date."""


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


class HandcueApp(App[None]):
    """Guided hand-massage routines with tone cues."""

    CSS_PATH = [  # noqa: RUF012 (Textual's own type for it is a list)
        Path(__file__).with_name("handcue.tcss"),
        Path(__file__).parent / "screens" / "history.tcss",
    ]
    """Absolute, so subclasses defined elsewhere (tests, snapshot apps) find them too. Textual
    reads a screen's own stylesheet only when it is pushed, so the styles of the screens that
    can come first (the picker, and the History screen for `history --screen`) live here."""
    TITLE = "handcue"
    SUB_TITLE = "hand massage, step by step"
    COMMANDS = App.COMMANDS | {RoutineCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        # Ctrl+C does what q does where you are, as people expect of a terminal program; and
        # Ctrl+Q, Textual's quit, asks too while a routine plays.
        Binding("ctrl+c", "interrupt", show=False, system=True),
        Binding("ctrl+q", "interrupt(True)", "Quit", show=False, priority=True),
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
        checkin: bool = True,
        first_screen: str | None = None,
    ) -> None:
        super().__init__()
        self.checkin = checkin
        """False with `--no-checkin`: no check-in this time, whatever the setting."""
        self.first_screen = first_screen
        """"history" opens on the History screen."""
        self._recording: Recording | None = None
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
        self._checkpoints: Timer | None = None
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
    def history(self) -> History:
        """Sessions and check-ins, in the shared database."""
        from handcue.storage.history import History

        return History(self.database)

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
        if self._recording is not None and not self._recording.ended:
            # Closed mid-routine (the terminal went away): the session is kept as stopped.
            self._recording.end(self.clock())
        if self._database is not None:
            self._database.close()
            self.unsaid += self._database.problems[self._database_said :]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification, from any screen, as plain text with control characters written
        out: many carry file names and what files say, whose square brackets are not styles.
        (A screen's `notify` asks for markup by default; handcue's messages have none.)"""
        super().notify(
            visible(message, lines=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_default_screen(self) -> Screen[Any]:
        if self.first_screen == "history":
            # Opened on the History screen: the picker is made only when it is asked for.
            from handcue.app.screens.history import HistoryScreen

            return HistoryScreen(self.history, self.today())
        return PickerScreen(self.library.routines, goal=self.goal)

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.first_screen != "history":  # else the picker's figures are read when it shows
            self.call_after_refresh(self._show_uses)
            self.call_after_refresh(self.show_your_times)
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

        self.push_screen(
            TweakScreen(message.routine, self.timing.store), lambda _: self.show_your_times()
        )

    def show_your_times(self) -> None:
        """The picker shows the time each routine takes you; read after the first frame, and
        again whenever times may have been saved."""
        timing = self.timing
        if timing is None:
            return
        from handcue.services.timing import load_all
        from handcue.services.your_time import your_times

        times = your_times(self.library.routines, load_all(timing.store, self._warn))
        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.times = MappingProxyType(times)

    def today(self) -> date:
        """The day the History screen counts streaks and weeks to."""
        return date.today()

    def leave_history(self) -> None:
        """Back from the History screen to the picker: the one under it, or a new one over it
        when the app opened on the History screen (Textual cannot swap out the first screen)."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.push_screen(PickerScreen(self.library.routines, goal=self.goal))
        self.call_after_refresh(self.show_your_times)
        self.call_after_refresh(self._show_uses)

    def action_history(self) -> None:
        """The History screen: calendar, streaks, minutes per week, check-ins."""
        from handcue.app.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.history, self.today()))

    def action_checkins(self, mode: str) -> None:
        from handcue.services.history import set_checkin_mode

        try:
            set_checkin_mode(self.history, mode)
        except (OSError, ValueError) as error:
            self.notify(f"Could not save the setting: {error}", severity="warning")
            return
        self.say_database_problems()
        words = {"on": "on", "off": "off", "per-hand": "on, for each hand"}[mode]
        self.notify(f"Check-ins are {words}.", title="Check-ins", timeout=4)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "History", "Your sessions: calendar, streaks, minutes, check-ins", self.action_history
        )
        yield SystemCommand(
            "Check-ins: on",
            "Ask how your hands feel before and after a routine",
            partial(self.action_checkins, "on"),
        )
        yield SystemCommand(
            "Check-ins: per hand",
            "Ask for each hand where a routine works them one at a time",
            partial(self.action_checkins, "per-hand"),
        )
        yield SystemCommand(
            "Check-ins: off", "Never ask before or after", partial(self.action_checkins, "off")
        )

    def _show_uses(self) -> None:
        """Fill the picker's "last done" and "what helps" once the first frame is up."""
        self.run_worker(self._read_uses, thread=True, exclusive=True, group="uses")

    def _read_uses(self) -> None:
        from handcue.core.vocabulary import GOALS
        from handcue.services.history import all_effects

        try:
            history = self.history
            uses = history.uses()
            effects = all_effects(history, GOALS) if uses else {}
        except OSError:
            return
        self.call_from_thread(self._set_uses, uses, effects)

    def _set_uses(self, uses: Mapping[str, RoutineUse], effects: Mapping[str, Any]) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.uses = dict(uses)
                screen.effects = dict(effects)
        self.say_database_problems()

    def action_help(self) -> None:
        from handcue.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_interrupt(self, whole_app: bool = False) -> None:
        """Ctrl+C / Ctrl+Q: the screen on top decides when it holds something to answer for
        (`quit_app`); a routine that plays asks before it stops (and with Ctrl+Q, `whole_app`,
        the app then quits); anywhere else, quit."""
        quit_app = getattr(self.screen, "quit_app", None)
        if callable(quit_app):
            quit_app()
        elif self._is_playing():
            assert self._player_screen is not None
            self._player_screen.quit_routine(then_quit=whole_app)  # type: ignore[attr-defined]
        else:
            self.exit()

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
        """Ask the check-in (when wanted), then play; the check-in costs at most its keys."""
        if durations is None and self.timing is not None:
            durations = self.timing.durations_for(
                routine, lambda text: self.notify(text, severity="warning", timeout=10)
            )
        questions = self._questions(routine)
        if not questions:
            self._begin(routine, durations, ())
            return
        from handcue.app.screens.checkin import CheckInScreen
        from handcue.core.checkin import Moment

        self.push_screen(
            CheckInScreen(questions, Moment.BEFORE, routine.title),
            partial(self._after_checkin_before, routine, durations),
        )

    def _questions(self, routine: Routine) -> tuple[Question, ...]:
        if not self.checkin:
            return ()
        from handcue.core.checkin import questions
        from handcue.services.history import checkin_mode

        mode = checkin_mode(self.history)
        self.say_database_problems()
        return () if mode == "off" else questions(routine, per_hand=mode == "per-hand")

    def _after_checkin_before(
        self, routine: Routine, durations: dict[int, float] | None, result: CheckInResult | None
    ) -> None:
        if result == "back":
            self._leave_if_direct()
            return
        if result == "off":
            self._checkins_off()
            result = ()
        self._begin(routine, durations, result or ())

    def _checkins_off(self) -> None:
        from handcue.services.history import set_checkin_mode

        try:
            set_checkin_mode(self.history, "off")
        except OSError as error:
            self.notify(f"Could not save the setting: {error}", severity="warning")
            return
        self.notify(
            "Check-ins are off. Turn them on again from the command palette, or with "
            "'handcue checkins on'.",
            title="Check-ins",
            timeout=8,
        )

    def _begin(
        self, routine: Routine, durations: dict[int, float] | None, before: Sequence[Rating]
    ) -> None:
        self._started[routine.id] = durations
        screen = self.make_player_screen(routine, durations)
        self._player_screen = screen
        session = getattr(screen, "session", None)
        self._recording = None
        if session is not None:
            from handcue.services.history import Recording

            try:
                self._recording = Recording(self.history, session, before, now=self.clock())
            except (OSError, ValueError) as error:
                self.notify(
                    f"Could not add this routine to your history: {error}", severity="warning"
                )
            if self._checkpoints is None:
                self._checkpoints = self.set_interval(CHECKPOINT_SECONDS, self._checkpoint)
        self.push_screen(screen, partial(self._after_player, routine))

    def _checkpoint(self) -> None:
        """Keep the history row of the session playing up to date, against a crash."""
        recording = self._recording
        if recording is not None and not recording.ended and recording.session.started:
            with contextlib.suppress(OSError, ValueError):
                recording.checkpoint(self.clock())
            self.say_database_problems()

    def _after_player(self, routine: Routine, session: Session | None) -> None:
        player, self._player_screen = self._player_screen, None
        recording = self._recording
        if recording is not None and not recording.ended:
            try:
                recording.end(self.clock())
            except (OSError, ValueError) as error:
                self.notify(
                    f"Could not add this routine to your history: {error}", severity="warning"
                )
            self.say_database_problems()
        self._show_uses()
        if session is None:
            stopped = getattr(player, "session", None)
            offer = self._keep_offer(routine, stopped.changes if stopped is not None else ())
            if offer is None:
                self._leave_if_direct()
            else:
                self._ask_to_keep(offer, len(stopped.changes) if stopped is not None else 0)
            return
        from handcue.app.screens.finish import FinishScreen
        from handcue.services.report import SessionReport

        report = SessionReport.from_session(session, self.clock())
        started = self._started.get(routine.id) or {}
        self._last_durations[routine.id] = {**started, **report.durations}
        store = self.timing.store if self.timing is not None else None
        self.push_screen(
            FinishScreen(report, store, self._keep_offer(routine, report.changes)),
            partial(self._after_finish, routine),
        )
        if recording is not None and recording.record.checkins:
            self._ask_after(routine, recording)

    def _keep_offer(self, routine: Routine, changes: Sequence[DurationChange]) -> KeepOffer | None:
        """What keeping a session's time changes would save; None when there is nothing to
        keep or nowhere to keep it."""
        if not changes or self.timing is None:
            return None
        from handcue.services.keeping import offer
        from handcue.services.timing import load_tweaks

        timing = self.timing
        saved = load_tweaks(timing.store, routine.id, self._warn)
        started = self._started.get(routine.id) or {}
        return offer(routine, saved, started, changes, timing.exact_steps(routine.id))

    def _ask_to_keep(self, offer: KeepOffer, changes: int) -> None:
        """After stopping early with changed times: keep them? Then on as after any stop."""
        from handcue.app.screens.keep_question import KeepQuestion

        def answered(answer: Keep | None) -> None:
            from handcue.services.keeping import Keep, keep
            from handcue.storage.tweaks_file import StorageError

            choice = answer or Keep.NOTHING
            try:
                message = keep(self.timing.store, offer, choice) if self.timing else ""
            except (StorageError, OSError) as error:
                message = str(error)
                self.notify(message, severity="error", timeout=10)
            else:
                if choice is not Keep.NOTHING:
                    self.notify(message, timeout=6)
            if self.play_id is not None and message and choice is not Keep.NOTHING:
                self.unsaid.append(message)  # the app closes now: said on the terminal
            self.show_your_times()
            self._leave_if_direct()

        self.push_screen(KeepQuestion(offer, changes, can_stay=False), answered)

    def _warn(self, text: str) -> None:
        self.notify(text, severity="warning", timeout=10)

    def _ask_after(self, routine: Routine, recording: Recording) -> None:
        """The same questions as before, over the finish screen; only after a rated start."""
        questions = self._questions(routine)
        if not questions:
            return
        from handcue.app.screens.checkin import CheckInScreen
        from handcue.core.checkin import Moment

        def answered(result: CheckInResult | None) -> None:
            if result == "back":
                return
            if result == "off":
                self._checkins_off()
            elif result:
                try:
                    recording.rate_after(result)
                except (OSError, ValueError) as error:
                    self.notify(f"Could not save the check-in: {error}", severity="warning")
                self.say_database_problems()
                self._show_uses()

        self.push_screen(CheckInScreen(questions, Moment.AFTER, routine.title), answered)

    def _after_finish(self, routine: Routine, choice: FinishChoice | None) -> None:
        self.play_id = None
        self.show_your_times()
        if choice == "repeat":
            self._play(routine, self._last_durations.get(routine.id) or None)
        elif choice == "quit":
            self.exit()

    def _leave_if_direct(self) -> None:
        """`handcue play ID` ends with its routine; from the picker, we return to the picker."""
        if self.play_id is not None:
            self.exit()
