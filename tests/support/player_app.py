"""A fixed routine, a fake clock and a recording player around the player screen.

Used by the player's Pilot tests and its snapshot apps. The clock only moves when a test moves
it, so what the screen shows is decided by the test, never by how fast the machine is.
"""

from __future__ import annotations

from dataclasses import replace

from handcue.app.screens.player import PlayerScreen
from handcue.audio.bank import Sound
from handcue.core.cues import Cue
from handcue.core.engine import Session
from handcue.core.routine import Area, Hand, Pressure, Routine, Step, Technique
from handcue.services.listening import Listening
from support.notices import KeepsNotices

ROUTINE = Routine(
    id="test-player",
    title="Thumb and palm care",
    summary="A short routine for the player's tests.",
    steps=(
        Step(
            "Warm the hands",
            "Rub the palms together briskly, then stroke the backs of the hands.",
            30,
            Technique.EFFLEURAGE,
            Hand.BOTH,
            (Area.PALM, Area.BACK),
            Pressure.LIGHT,
        ),
        Step(
            "Thumb circles",
            "Press small circles into the fleshy base of the thumb, then along the web.",
            40,
            Technique.THUMB_PRESS,
            Hand.EACH,
            (Area.THUMB, Area.THENAR, Area.WEB),
            Pressure.FIRM,
            reps=10,
        ),
        Step(
            "Finger pulls",
            "Hold each finger at its base and slide gently to the tip.",
            30,
            Technique.FINGER_PULL,
            Hand.EACH,
            (Area.INDEX, Area.MIDDLE, Area.RING, Area.LITTLE),
            Pressure.MODERATE,
        ),
        Step(
            "Wrist and forearm",
            "Knead from the wrist halfway up the forearm and back.",
            45,
            Technique.PETRISSAGE,
            Hand.RIGHT,
            (Area.WRIST, Area.FOREARM, Area.HYPOTHENAR),
        ),
        Step("Shake out", "Let both hands hang and shake them loosely.", 15, Technique.SHAKE_OUT),
    ),
)


class FakeClock:
    """A monotonic clock that stands still until `advance` moves it."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingPlayer:
    """Keeps the cues it is asked to play, and whether it was muted when asked."""

    def __init__(self) -> None:
        self.played: list[tuple[Cue, bool]] = []
        self.sounds: list[Sound] = []
        self.muted = False
        self.volume = 100

    def play(self, cue: Cue) -> None:
        self.played.append((cue, self.muted))

    def play_sound(self, sound: Sound) -> None:
        """Speech made ahead, played as the sound player plays it."""
        self.sounds.append(sound)

    def stop(self) -> None:
        return None

    @property
    def audible(self) -> list[Cue]:
        return [cue for cue, muted in self.played if not muted]


class PlayerApp(KeepsNotices):
    """Opens the player at once and keeps what it dismissed with, and every notification."""

    CSS = "Screen { scrollbar-size: 0 0; }"

    def __init__(
        self,
        routine: Routine = ROUTINE,
        clock: FakeClock | None = None,
        player: RecordingPlayer | None = None,
        seconds_in: float = 0.0,
        listening: Listening | None = None,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.listening = listening
        self.clock = clock or FakeClock()
        self.player = player or RecordingPlayer()
        self.seconds_in = seconds_in
        self.results: list[Session | None] = []

    @property
    def screen_under_test(self) -> PlayerScreen:
        screen = self.screen
        assert isinstance(screen, PlayerScreen)
        return screen

    async def on_mount(self) -> None:
        screen = PlayerScreen(
            Session(self.routine),
            player=self.player,  # type: ignore[arg-type]
            clock=self.clock,
            listening=self.listening,
        )
        await self.push_screen(screen, self.results.append)
        if self.seconds_in:
            self.clock.advance(self.seconds_in)
            screen.tick()


LONGEST_INSTRUCTION = (
    "Hold the hand palm up. With the thumb of your other hand, knead the palm in small firm "
    "circles, working from the heel of the hand up to the base of each finger and back down, "
    "then along the fleshy mound below the little finger."
)
"""As long as the longest instruction in the bundled routines (226 characters)."""


def with_pacer_and_long_instruction() -> Routine:
    """The test routine with a stroke tempo and a long instruction on its second step."""
    steps = list(ROUTINE.steps)
    steps[1] = replace(steps[1], instruction=LONGEST_INSTRUCTION, tempo=30.0)
    return replace(ROUTINE, steps=tuple(steps))
