"""The player on the real clock: cues come from their own thread, so a stuck screen is no excuse.

The test blocks the app's event loop across a step boundary, the way a slow repaint would, and
checks that the step's tone was asked for before the block ended; then that the screen catches
up and the routine finishes on its own.
"""

from __future__ import annotations

import time

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
    def __init__(self, routine: Routine = ROUTINE) -> None:
        super().__init__()
        self.routine = routine
        self.player = StampedPlayer()
        self.results: list[Session | None] = []

    async def on_mount(self) -> None:
        screen = PlayerScreen(self.routine, player=self.player)  # type: ignore[arg-type]
        await self.push_screen(screen, self.results.append)


async def test_a_cue_is_not_held_up_by_a_blocked_screen() -> None:
    app = RealClockApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.threaded and screen.cues.running
        time.sleep(1.2)  # the event loop is stuck; the step boundary falls 0.4 s in
        unblocked = time.monotonic()
        step_cues = [(at, cue) for at, cue in app.player.played if cue.kind is CueKind.STEP]
        assert step_cues, "no step cue while the screen was blocked"
        at, cue = step_cues[0]
        assert cue.side is CueSide.RIGHT and at < unblocked
        deadline = time.monotonic() + 10
        while not app.results and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert app.results and app.results[0] is not None and app.results[0].finished
        assert not screen.cues.running
        kinds = [cue.kind for _, cue in app.player.played]
        assert kinds == [CueKind.START, CueKind.STEP, CueKind.FINISH]


async def test_the_screen_catches_up_with_what_the_thread_heard() -> None:
    longer = Routine(
        id="longer", title="Longer", steps=(ROUTINE.steps[0], Step("Rest", "Rest.", 60))
    )
    app = RealClockApp(longer)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        await pilot.press("space")  # pause in the first step, then wait past its old end
        time.sleep(0.6)
        await pilot.pause()
        assert screen.session.position == 0
        await pilot.press("space")
        deadline = time.monotonic() + 10
        while screen.session.position == 0 and time.monotonic() < deadline:
            await pilot.pause(0.05)
        await pilot.pause(0.05)
        assert screen.query_one(HandBanner).words == "BOTH HANDS"
        assert "Rest" in str(screen.query_one("#step-title", Static).render())
