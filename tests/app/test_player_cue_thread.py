"""The player's cue thread: cues come from their own thread, so a stuck screen is no excuse.

The tests block the app's event loop across a step boundary, the way a slow repaint would, and
check that the step's tone was asked for before the block ended; then that the screen catches
up with what the thread did.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App
from textual.widgets import Static

from handcue.app.screens.player import PlayerScreen
from handcue.app.widgets.instructions import HandBanner
from handcue.core.cues import Cue, CueKind, CueSide
from handcue.core.engine import Session
from handcue.core.routine import Hand, Routine, Step

ROUTINE = Routine(
    id="real-clock",
    title="Real clock",
    steps=(
        Step("Palm strokes", "Stroke the palm.", 0.4),
        Step("Thumb circles", "Circle the thumb.", 0.6, hand=Hand.RIGHT),
    ),
)


class StampedPlayer:
    def __init__(self) -> None:
        self.played: list[tuple[float, Cue]] = []
        self.muted = False

    def play(self, cue: Cue) -> None:
        self.played.append((time.monotonic(), cue))


class RealClockApp(App[None]):
    """The player with its cue thread running on the given clock."""

    def __init__(self, routine: Routine = ROUTINE, *, clock: Callable[[], float]) -> None:
        super().__init__()
        self.routine = routine
        self.clock = clock
        self.player = StampedPlayer()
        self.results: list[Session | None] = []

    async def on_mount(self) -> None:
        screen = PlayerScreen(
            Session(self.routine),
            player=self.player,  # type: ignore[arg-type]
            clock=self.clock,
            cue_thread=True,
        )
        await self.push_screen(screen, self.results.append)

    def kinds(self) -> list[CueKind]:
        return [cue.kind for _, cue in self.player.played]


async def test_a_cue_is_not_held_up_by_a_blocked_screen() -> None:
    """The step boundary passes while the event loop is stuck: the thread sounds it anyway."""
    clock = FakeClock()
    app = RealClockApp(clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.threaded and screen.cues.running
        clock.now = 0.45  # past the first step's end, with the event loop held from here on
        screen.cues.changed()
        deadline = time.monotonic() + 10
        while not app.kinds().count(CueKind.STEP) and time.monotonic() < deadline:
            time.sleep(0.01)
        step_cues = [cue for _, cue in app.player.played if cue.kind is CueKind.STEP]
        assert step_cues, "no step cue while the screen was blocked"
        assert step_cues[0].side is CueSide.RIGHT
        clock.now = 2.0  # past the end of the routine
        screen.cues.changed()
        deadline = time.monotonic() + 10
        while not app.results and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert app.results and app.results[0] is not None and app.results[0].finished
        assert not screen.cues.running
        assert app.kinds() == [CueKind.START, CueKind.STEP, CueKind.FINISH]


async def test_the_screen_catches_up_with_what_the_thread_heard() -> None:
    """The thread moves the session on while the screen's loop is held; the screen then shows
    where the thread went. A fake clock decides when the step ends, so nothing races."""
    longer = Routine(
        id="longer",
        title="Longer",
        steps=(Step("Palm strokes", "Stroke the palm.", 20), Step("Rest", "Rest.", 60)),
    )
    clock = FakeClock()
    app = RealClockApp(longer, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen) and screen.cues.running
        await pilot.press("space")  # pause, then let the step's old end go by
        clock.now = 30.0
        screen.cues.changed()
        await pilot.pause()
        assert screen.session.position == 0 and screen.session.paused
        await pilot.press("space")  # resumed at 30 s: the step now ends at 50 s
        clock.now = 50.5
        screen.cues.changed()
        deadline = time.monotonic() + 10
        while _position(screen) == 0 and time.monotonic() < deadline:
            time.sleep(0.01)  # the event loop is held: only the thread can move the session
        assert _position(screen) == 1
        assert app.kinds()[-1] is CueKind.STEP
        await pilot.pause()  # the screen handles what the thread posted
        assert screen.query_one(HandBanner).words == "BOTH HANDS"
        assert "Rest" in str(screen.query_one("#step-title", Static).render())


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _position(screen: PlayerScreen) -> int:
    with screen.cues.lock:
        return screen.session.position
