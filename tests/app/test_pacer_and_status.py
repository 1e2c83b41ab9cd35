"""The stroke pacer seen as well as heard, and a status line that says what is on."""

from __future__ import annotations

import pytest
from support.player_app import FakeClock, PlayerApp, with_pacer_and_long_instruction
from textual.pilot import Pilot

from handcue.app.screens import player_voice
from handcue.app.widgets.countdown import PacerBar, StatusLine, sweep_fraction
from handcue.audio.player import SilentPlayer
from handcue.core.cues import CueKind
from handcue.services.listening import Listening

SIZE = (100, 30)
STEP_START = 30.0
"""The second step (left thumb circles, 30 strokes a minute) starts 30 s in."""


async def at(app: PlayerApp, pilot: Pilot[None], seconds: float) -> None:
    """Move the fake clock to `seconds` into the routine and let the screen look."""
    app.clock.now = 1000.0 + seconds
    app.screen_under_test.tick()
    await pilot.pause()


def test_the_bar_fills_during_one_stroke_and_empties_during_the_next() -> None:
    assert [sweep_fraction(s) for s in (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 2.75)] == [
        0.0,
        0.25,
        0.5,
        1.0,
        0.5,
        0.0,
        0.75,
    ]


async def test_the_pacer_bar_sweeps_in_time_with_the_ticks() -> None:
    """30 strokes a minute: a tick every 2 s; the bar is empty or full on each tick and half
    full halfway between."""
    app = PlayerApp(
        with_pacer_and_long_instruction(), clock=FakeClock(), listening=Listening(pacer=True)
    )
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one(PacerBar)
        await at(app, pilot, 10.0)
        assert not bar.display  # the first step has no tempo
        fill: dict[float, float] = {}
        for offset in (1.0, 2.0, 3.0, 4.0, 4.5):
            await at(app, pilot, STEP_START + offset)
            shows = bar.shows
            assert bar.display and shows.of > 0 and shows.tempo == 30
            fill[offset] = shows.halves / shows.of
        # to the half cell the bar can show
        assert fill == pytest.approx({1.0: 0.5, 2.0: 1.0, 3.0: 0.5, 4.0: 0.0, 4.5: 0.25}, abs=0.03)
        ticks = [cue for cue, _ in app.player.played if cue.kind is CueKind.TICK]
        assert len(ticks) == 2  # at 2 s and 4 s: the bar turned on each
        await pilot.press("t")
        assert not bar.display
        assert "pacer off" in app.screen.query_one(StatusLine).text


async def test_the_screen_looks_often_enough_to_sweep_only_while_the_pacer_is_on() -> None:
    app = PlayerApp(with_pacer_and_long_instruction(), clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await at(app, pilot, STEP_START + 0.3)
        screen = app.screen_under_test
        timer = screen._timer
        assert timer is not None and timer._interval > 0.5  # the next second, no sooner
        await pilot.press("t")
        timer = screen._timer
        assert timer is not None and timer._interval < 0.2  # the next step of the sweep


@pytest.mark.parametrize("key", ["m", "t", "v"])
async def test_the_status_line_says_what_each_key_turned_on_or_off(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    class SilentVoice:
        def say(self, text: str, now: float) -> None: ...

        def busy(self, now: float) -> bool:
            return False

        def ends_at(self, now: float) -> float | None:
            return None

        def stop(self, now: float) -> None: ...

    monkeypatch.setattr(
        player_voice, "find_voice", lambda player, engine="auto": (SilentVoice(), {})
    )
    app = PlayerApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = app.screen.query_one(StatusLine)
        assert status.text == "sound on · voice off · pacer off"
        await pilot.press(key)
        after = {
            "m": "MUTED  voice off · pacer off",
            "t": "sound on · voice off · pacer on",
            "v": "sound on · voice on · pacer off",
        }
        assert status.text == after[key]
        await pilot.press(key)
        assert status.text == "sound on · voice off · pacer off"


async def test_the_status_line_shortens_to_fit_and_keeps_every_setting() -> None:
    app = PlayerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        status = app.screen.query_one(StatusLine)
        assert status.text == "PAUSED  sound✓ voice✗ pacer✗"
        assert len(status.text) <= status.content_size.width


@pytest.mark.parametrize(
    ("player", "shown"),
    [
        (SilentPlayer(), "sound off · voice off · pacer off"),
        (SilentPlayer(reason="no device"), "NO SOUND  voice off · pacer off"),
    ],
    ids=["chosen", "failed"],
)
async def test_the_status_line_tells_silence_chosen_from_silence_that_failed(
    player: SilentPlayer, shown: str
) -> None:
    app = PlayerApp(player=player)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(StatusLine).text == shown
