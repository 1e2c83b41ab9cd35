"""Fixed routines and a scripted player for the shell's tests and snapshot apps.

The routines are built in code, not read from `routines/`, so edits to the bundled library never
change a snapshot. The scripted player stands in for the real one: it plays the engine's session
against a fake clock when told to, so the shell's routing is tested without waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input, Static

from handcue.app.app import HandcueApp
from handcue.core.engine import Session
from handcue.core.library import Library
from handcue.core.routine import Area, Hand, Intensity, Routine, Step, Technique
from handcue.services.launch import Launch
from handcue.services.play_flow import Play
from handcue.services.timing import Timing
from handcue.services.user_data import AcknowledgementStore, UserData
from support.acknowledgements import MemoryAcknowledgements
from support.notices import KeepsNotices


def _routines() -> tuple[Routine, ...]:
    bedtime = Routine(
        id="bedtime",
        title="Bedtime wind-down",
        summary="Slow, light strokes to settle before sleep.",
        goals=("sleep", "stress"),
        prepare="Sit up in bed with the lights low.",
        steps=(
            Step("Settle with your breath", "Breathe slowly.", 60, Technique.BREATHING),
            Step(
                "Slow strokes",
                "Stroke from the fingertips to the wrist.",
                75,
                Technique.EFFLEURAGE,
                Hand.EACH,
                (Area.BACK, Area.PALM),
            ),
        ),
    )
    joints = Routine(
        id="joints",
        title="Gentle warm-up for arthritic joints",
        summary="Warm sore joints without forcing them.",
        goals=("arthritis", "stiffness", "pain"),
        intensity=Intensity.GENTLE,
        cautions=("arthritis-flare", "acute-injury"),
        prepare="Warm your hands in water first.",
        steps=(
            Step("Warm the palms", "Rub the palms together.", 30, Technique.FRICTION),
            Step("Circle each knuckle", "Small circles.", 45, Technique.FRICTION, Hand.EACH),
            Step("Wrist circles", "Slow circles both ways.", 40, Technique.WRIST_CIRCLES),
        ),
    )
    desk = Routine(
        id="desk",
        title="Two-minute desk break",
        summary="A short break for hands that type all day.",
        goals=("desk-work", "stiffness"),
        intensity=Intensity.MODERATE,
        steps=(
            Step("Shake out", "Shake both hands loosely.", 20, Technique.SHAKE_OUT),
            Step("Finger pulls", "Pull each finger gently.", 30, Technique.FINGER_PULL, Hand.EACH),
        ),
    )
    grip = Routine(
        id="grip",
        title="Grip and finger flexibility",
        summary="Loosen the muscles you hold things with.",
        goals=("grip", "stiffness"),
        intensity=Intensity.FIRM,
        cautions=("osteoporosis",),
        steps=(Step("Squeeze and release", "Squeeze a soft ball.", 60, Technique.SQUEEZE),),
    )
    return tuple(sorted((bedtime, joints, desk, grip), key=lambda r: r.title.casefold()))


ROUTINES = _routines()


def make_library(problems: tuple[Any, ...] = ()) -> Library:
    return Library(ROUTINES, problems)


class ScriptedPlayer(Screen[Session | None]):
    """Plays the real engine on a fake clock: `f` plays to the end (10 s longer on the first
    step), `s` skips the first side, `+` gives the first step 10 s more and plays on, `q` stops
    there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "finish", "Finish"),
        Binding("s", "skip_then_finish", "Skip"),
        Binding("plus", "longer", "+10s"),
        Binding("q", "quit_session", "Stop"),
    ]

    def __init__(self, session: Session, durations: dict[int, float]) -> None:
        super().__init__()
        self.session = session
        self.routine = session.routine
        self.durations = durations
        """The step times the play flow asked for, by step index."""

    def compose(self) -> ComposeResult:
        yield Static(f"Playing {self.routine.title}", id="playing")

    def action_finish(self) -> None:
        self.session.start(0.0)
        self.session.adjust(1.0, 10.0)
        self.session.advance(100_000.0)
        self.dismiss(self.session)

    def action_skip_then_finish(self) -> None:
        self.session.start(0.0)
        self.session.next(5.0)
        self.session.advance(100_000.0)
        self.dismiss(self.session)

    def action_longer(self) -> None:
        if not self.session.started:
            self.session.start(0.0)
        self.session.adjust(1.0, 10.0)

    def action_quit_session(self) -> None:
        self.dismiss(None)


_MEMORY: Any = object()
"""The default acknowledgement store: one in memory. Pass None for the real database."""


class ShellApp(KeepsNotices, HandcueApp):
    """The real app with the scripted player and, unless told otherwise, acknowledgements kept
    in memory; the options are `Launch`'s, with `first_screen` for its `screen`."""

    def __init__(
        self,
        *,
        library: Library | None = None,
        acknowledgements: AcknowledgementStore | None = _MEMORY,
        timing: Timing | Callable[[], Timing] | None = None,
        clock: Callable[[], float] = lambda: 100_000.0,
        checkin: bool = False,
        first_screen: str | None = None,
        **options: Any,
    ) -> None:
        launch = Launch(
            library or make_library(),
            timing=timing,
            checkin=checkin,
            screen=first_screen,
            **options,
        )
        if acknowledgements is _MEMORY:
            acknowledgements = MemoryAcknowledgements()
        user = UserData(timing=timing, acknowledgements=acknowledgements)
        super().__init__(launch, user=user, clock=clock)
        self.players: list[ScriptedPlayer] = []

    def make_player_screen(self, play: Play) -> Screen[Any]:
        assert self.journey is not None
        player = ScriptedPlayer(play.session, self.journey.flow.durations)
        self.players.append(player)
        return player


class SteadyShellApp(ShellApp):
    """For snapshots: no blinking text cursor, so the frame never depends on timing."""

    def on_mount(self) -> None:
        for widget in self.screen.query(Input):
            widget.cursor_blink = False
