"""What a person sets in the app is there next time: the theme, and the tones' loudness; and
the palette can play a test tone and say whether it was heard."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from support.notices import KeepsNotices
from support.shell import make_library
from textual.pilot import Pilot

from handcue.app.app import HandcueApp
from handcue.app.preferences import play_test_tone, set_volume
from handcue.audio.player import SilentPlayer
from handcue.core.cues import Cue, CueKind
from handcue.services import user_data
from handcue.services.launch import Launch
from handcue.storage.user_database import UserDatabase


class Tones:
    """A sound player that keeps what it was asked to play, and at what loudness."""

    def __init__(self, last_error: str | None = None, volume: int = 100) -> None:
        self.volume = volume
        self.muted = False
        self.last_error = last_error
        self.played: list[tuple[Cue, int]] = []

    def play(self, cue: Cue) -> None:
        self.played.append((cue, self.volume))

    def wait(self, timeout: float | None = None) -> bool:
        return True


class App_(KeepsNotices, HandcueApp):
    def __init__(self, player: Any, volume: int | None = None) -> None:
        super().__init__(Launch(make_library(), volume=volume), player=player)


async def _settled(pilot: Pilot[Any]) -> None:
    """Once what the app reads or writes after its first frame is done."""
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


async def test_a_theme_chosen_is_the_theme_next_time() -> None:
    first = App_(Tones())
    async with first.run_test() as pilot:
        await _settled(pilot)
        assert first.theme != "handcue-high-contrast"
        first.theme = "handcue-high-contrast"
        await pilot.pause()
        await _settled(pilot)
    again = App_(Tones())
    async with again.run_test() as pilot:
        await _settled(pilot)
        await pilot.pause()
        assert again.theme == "handcue-high-contrast"


async def test_a_loudness_set_in_the_palette_is_kept_unless_the_command_line_says() -> None:
    tones = Tones()
    first = App_(tones)
    async with first.run_test() as pilot:
        await _settled(pilot)
        set_volume(first, 50)
        assert tones.volume == 50, "heard from the next tone on"
        await _settled(pilot)
        assert any("Tones at 50%; kept" in notice.message for notice in first.notices)
    later = Tones()
    again = App_(later)
    async with again.run_test() as pilot:
        await _settled(pilot)
        assert later.volume == 50
    told = Tones(volume=80)  # as the command line's --volume 80 opens it
    asked = App_(told, volume=80)
    async with asked.run_test() as pilot:
        await _settled(pilot)
        assert told.volume == 80, "--volume wins for this run"


async def test_quick_choices_are_kept_in_the_order_they_were_made() -> None:
    """Three loudness choices in a row, before any is written: the last is heard, kept, and
    the only one said to be kept."""
    tones = Tones()
    app = App_(tones)
    async with app.run_test() as pilot:
        await _settled(pilot)
        for level in (25, 50, 75):
            set_volume(app, level)
        await _settled(pilot)
        assert tones.volume == 75
    kept = [notice.message for notice in app.notices if "kept for next time" in notice.message]
    assert kept == ["Tones at 75%; kept for next time."]
    later = Tones()
    async with App_(later).run_test() as pilot:
        await _settled(pilot)
        assert later.volume == 75


async def test_a_loudness_not_yet_written_is_never_said_to_be_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another program holds the data file locked: the tones are louder at once, and the
    screen says the loudness is not kept yet, never that it was."""
    monkeypatch.setattr(user_data, "FORGET_WAIT", 0.3)
    tones = Tones()
    app = App_(tones)
    async with app.run_test() as pilot:
        await _settled(pilot)
        other = sqlite3.connect(UserDatabase().path, timeout=0)
        other.execute("BEGIN IMMEDIATE")
        try:
            set_volume(app, 30)
            await _settled(pilot)
        finally:
            other.rollback()
            other.close()
        assert tones.volume == 30
    messages = [notice.message for notice in app.notices]
    assert not any("kept for next time" in message for message in messages), messages
    assert any("Tones at 30% now; not kept yet" in message for message in messages), messages


async def test_the_sound_test_plays_the_opening_tone_and_says_what_it_found() -> None:
    tones = Tones()
    app = App_(tones)
    async with app.run_test() as pilot:
        await _settled(pilot)
        play_test_tone(app)
        await _settled(pilot)
        assert [cue for cue, _ in tones.played] == [Cue(CueKind.START)]
        assert any("three rising notes" in notice.message for notice in app.notices)
    silent = App_(SilentPlayer(reason="cannot open the default sound device"))
    async with silent.run_test() as pilot:
        await _settled(pilot)
        play_test_tone(silent)
        await _settled(pilot)
        assert any(
            "No sound: cannot open the default sound device" in notice.message
            for notice in silent.notices
        )


async def test_a_screenshot_says_where_it_went_in_plain_words(tmp_path: Path) -> None:
    app = App_(Tones())
    async with app.run_test() as pilot:
        await _settled(pilot)
        app.action_screenshot("shot.svg", str(tmp_path))
        [notice] = [n for n in app.notices if n.title == "Screenshot"]
        assert notice.message == f"Saved a picture of the screen as {tmp_path / 'shot.svg'}"
        assert (tmp_path / "shot.svg").read_text().startswith("<svg")
        app.action_screenshot("no-such-folder/shot.svg", str(tmp_path))
        said = [n.message for n in app.notices if n.title == "Screenshot"][-1]
        assert said == f"Could not save the picture in {tmp_path}: No such file or directory."
