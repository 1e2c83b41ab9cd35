"""The voice in the app: guided or brief from the palette (kept) and from g in the player (this
play); the voice engine from the palette; the natural voice's words made while the precautions
show, then played through the sound player."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.acknowledgements import MemoryAcknowledgements
from support.eyesfree import FakePiper
from support.notices import KeepsNotices
from support.player_app import ROUTINE, FakeClock, RecordingPlayer
from textual.pilot import Pilot

from handcue.app.app import HandcueApp
from handcue.app.screens.player import PlayerScreen
from handcue.app.screens.precautions import PrecautionsScreen
from handcue.audio import natural_voice
from handcue.core.guided_text import VoiceMode
from handcue.core.library import Library
from handcue.services.launch import Launch
from handcue.services.listening import Listening
from handcue.services.user_data import UserData
from handcue.services.voice_output import ClipVoice

SIZE = (100, 30)


class VoiceApp(KeepsNotices, HandcueApp):
    """The real app and player on a fake clock, the routine started at once."""

    def __init__(self, *, listening: Listening | None = None, yes: bool = True) -> None:
        self.fake_clock = FakeClock()
        self.recording = RecordingPlayer()
        super().__init__(
            Launch(
                Library((ROUTINE,), ()),
                play_id=ROUTINE.id,
                yes=yes,
                checkin=False,
                listening=listening,
            ),
            user=UserData(acknowledgements=MemoryAcknowledgements()),
            player=self.recording,
            clock=self.fake_clock,
        )

    @property
    def player_screen(self) -> PlayerScreen:
        return next(s for s in self.screen_stack if isinstance(s, PlayerScreen))


async def run_command(app: HandcueApp, pilot: Pilot[None], title: str) -> None:
    """Choose `title` in the command palette, as a person would."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    for key in title:
        await pilot.press(key if key != " " else "space")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_palette_keeps_guided_or_brief_and_the_routine_playing_follows() -> None:
    app = VoiceApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.player_screen.conductor.mode is VoiceMode.GUIDED  # a first play
        await run_command(app, pilot, "Voice: brief")
        assert app.user.voice_choice() is VoiceMode.BRIEF
        assert app.player_screen.conductor.mode is VoiceMode.BRIEF
        assert any(n.message == "The voice is brief." for n in app.notices)
        await run_command(app, pilot, "Voice: guided at first")
        assert app.user.voice_choice() is None


async def test_the_palette_keeps_the_voice_engine() -> None:
    app = VoiceApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(app, pilot, "Voice engine: system")
        assert app.user.voice_engine() == "system"
        assert any(n.title == "Voice engine" for n in app.notices)


async def test_g_in_the_player_switches_guided_and_brief_for_this_play() -> None:
    app = VoiceApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.player_screen
        await pilot.press("g")
        assert screen.conductor.mode is VoiceMode.BRIEF
        assert app.user.voice_choice() is None  # this play only
        await pilot.press("g")
        assert screen.conductor.mode is VoiceMode.GUIDED


async def test_the_natural_voice_is_made_while_the_precautions_show_then_played(
    tmp_path: Path, fake_piper: FakePiper, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HANDCUE_SPEECH", raising=False)
    engine = natural_voice.PiperEngine(
        str(fake_piper.program), tmp_path / "m.onnx", tmp_path / "m.json"
    )
    monkeypatch.setattr(natural_voice, "natural_engine", lambda: engine)
    app = VoiceApp(listening=Listening(voice=True), yes=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PrecautionsScreen)
        journey = app.journey
        assert journey is not None and journey._voice is not None
        voice = journey._voice[0]
        assert isinstance(voice, ClipVoice)
        assert voice.clips.wait(30)  # made before anything plays
        assert len(fake_piper.runs()) == 1
        await pilot.press("enter")
        await pilot.pause()
        screen = app.player_screen
        assert screen.conductor.voice is voice
        app.fake_clock.advance(2.0)
        screen.tick()
        await pilot.pause()
        assert app.recording.sounds, "the first step's words play through the sound player"
        assert (voice.made, voice.live) == (1, 0)


def test_the_finish_report_gives_the_time_with_the_voice_guiding_where_it_differs() -> None:
    from handcue.app.screens.finish import report_text
    from handcue.services.guided_time import GuidedTime
    from handcue.services.report import SessionReport

    report = SessionReport(ROUTINE, 100.0, done=("Warm the hands",))
    longer = report_text(report, GuidedTime(100.0, 130.0)).plain
    assert "At these times it takes 1m40s, 2m10s with the voice guiding" in longer
    same = report_text(report, GuidedTime(100.0, 100.2)).plain
    assert "guiding" not in same and same == report_text(report).plain


async def test_the_finish_screen_is_given_the_guided_time_of_the_times_played(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from handcue.app.screens.finish import FinishScreen
    from handcue.services.guided_time import guided_time
    from handcue.services.voices import bank_tone_lengths, spoken_lengths

    monkeypatch.setenv("HANDCUE_SPEECH", "espeak-ng")
    app = VoiceApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.player_screen
        await pilot.press("plus")  # the first step 10 s longer: the guided time follows
        for _ in range(40):
            app.fake_clock.advance(10.0)
            screen.tick()
            await pilot.pause()
            if isinstance(app.screen, FinishScreen):
                break
        finish = app.screen
        assert isinstance(finish, FinishScreen)
        expected = guided_time(ROUTINE, {0: 40.0}, spoken_lengths("auto"), bank_tone_lengths())
        assert finish.guided == expected
