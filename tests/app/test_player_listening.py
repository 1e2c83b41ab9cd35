"""The player's voice and stroke pacer: what the command line and the v and t keys switch on."""

from __future__ import annotations

from support.player_app import FakeClock, RecordingPlayer
from textual.app import App

from handcue.app.screens.player import PlayerScreen
from handcue.core import speech_text
from handcue.core.cues import CueKind
from handcue.core.engine import Session
from handcue.core.pacer import quiet_spans, tick_offsets
from handcue.core.routine import Hand, Routine, Step
from handcue.services.conductor import DEFAULT_TONE_SECONDS
from handcue.services.listening import Listening

ROUTINE = Routine(
    id="listening",
    title="Listening",
    steps=(
        Step(
            "Slow strokes", "Stroke from the fingertips to the wrist.", 12, tempo=30, tempo_end=20
        ),
        Step("Thumb circles", "Circle the thumb pad.", 10, hand=Hand.LEFT),
    ),
)


class FakeVoice:
    """Says nothing aloud; keeps what it was asked to say, and is never busy."""

    def __init__(self) -> None:
        self.said: list[tuple[float, str]] = []

    def say(self, text: str, now: float) -> None:
        self.said.append((now, text))

    def busy(self, now: float) -> bool:
        return False

    def ends_at(self, now: float) -> float | None:
        return None

    def stop(self, now: float) -> None:
        pass


class ListeningApp(App[None]):
    def __init__(self, listening: Listening, voice: FakeVoice | None = None) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.player = RecordingPlayer()
        self.listening = listening
        self.voice = voice

    async def on_mount(self) -> None:
        screen = PlayerScreen(
            Session(ROUTINE),
            player=self.player,  # type: ignore[arg-type]
            clock=self.clock,
            listening=self.listening,
        )
        if self.voice is not None:
            screen.conductor.voice = self.voice
        await self.push_screen(screen)

    @property
    def player_screen(self) -> PlayerScreen:
        assert isinstance(self.screen, PlayerScreen)
        return self.screen

    def run_for(self, seconds: float, step: float = 0.05) -> None:
        """Moves the fake clock in small steps, looking each time, as the screen's timer would."""
        for _ in range(round(seconds / step)):
            self.clock.advance(step)
            self.player_screen.tick()


def strokes() -> list[float]:
    """When the first step's ticks fall: its strokes, less those too close to its own tones."""
    quiet = quiet_spans(12, lambda _: DEFAULT_TONE_SECONDS)
    return tick_offsets(12, 30, 20, quiet=quiet)


def ticks(app: ListeningApp) -> int:
    return sum(1 for cue in app.player.audible if cue.kind is CueKind.TICK)


async def test_the_pacer_ticks_each_stroke_of_the_step_when_asked() -> None:
    expected = len(strokes())
    assert expected > 0
    app = ListeningApp(Listening(pacer=True))
    async with app.run_test():
        app.run_for(11.9)
        assert ticks(app) == expected
    quiet = ListeningApp(Listening())
    async with quiet.run_test():
        quiet.run_for(11.9)
        assert ticks(quiet) == 0


async def test_t_turns_the_pacer_on_mid_step() -> None:
    app = ListeningApp(Listening())
    async with app.run_test() as pilot:
        app.run_for(6.0)
        assert ticks(app) == 0
        await pilot.press("t")
        app.run_for(5.9)
        later = [offset for offset in strokes() if offset > 6.0]
        assert ticks(app) == len(later) > 0


async def test_the_voice_names_each_step_after_its_tone() -> None:
    voice = FakeVoice()
    app = ListeningApp(Listening(voice=True), voice)
    async with app.run_test():
        app.run_for(13.0)
        screen = app.player_screen
        texts = [text for _, text in voice.said]
        assert texts[0] == speech_text.step_start(screen.session.timeline[0])
        assert texts[1] == speech_text.step_start(screen.session.timeline[1])
        assert "Massage your left hand" in texts[1]
        # the second step's name comes after its tone has rung, never over it
        assert voice.said[1][0] > 1000.0 + 12


async def test_v_switches_the_voice_off_and_on() -> None:
    voice = FakeVoice()
    app = ListeningApp(Listening(voice=True), voice)
    async with app.run_test() as pilot:
        app.run_for(1.0)
        assert len(voice.said) == 1
        await pilot.press("v")
        app.run_for(12.0)
        assert len(voice.said) == 1, "the voice was off for the second step"
        await pilot.press("v")
        assert app.player_screen.conductor.speak
