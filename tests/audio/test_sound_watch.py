"""Silence is said once and its end once, whatever reports it and from whichever thread."""

from __future__ import annotations

import threading

from handcue.audio.bank import Sound, SoundBank
from handcue.audio.deferred import DeferredPlayer
from handcue.audio.player import BackgroundPlayer, SilentPlayer
from handcue.audio.watch import SoundNotice, SoundWatch
from handcue.core.cues import Cue, CueKind


class Backend:
    """Just the attributes a watch reads and sets, like any player."""

    def __init__(self, name: str = "fake", last_error: str | None = None) -> None:
        self.name = name
        self.last_error = last_error
        self.on_error = None
        self.on_recovered = None


def watch(player: object) -> tuple[SoundWatch, list[SoundNotice]]:
    notices: list[SoundNotice] = []
    return SoundWatch(player, notices.append), notices  # type: ignore[arg-type]


def test_a_failure_then_a_recovery_are_each_said_once() -> None:
    player = Backend()
    sound, notices = watch(player)
    assert sound.working
    player.on_error("cannot open the PCM device")  # type: ignore[misc]
    player.on_error("cannot open the PCM device")  # type: ignore[misc]
    sound.failed(RuntimeError("the conductor failed too"))
    assert notices == [SoundNotice(False, "cannot open the PCM device")]
    assert not sound.working
    player.on_recovered()
    player.on_recovered()
    assert notices[1:] == [SoundNotice(True)]
    assert sound.working


def test_a_recovery_without_a_failure_says_nothing() -> None:
    player = Backend()
    sound, notices = watch(player)
    sound.recovered()
    assert notices == []


def test_a_player_that_fell_back_to_silence_is_said_at_start() -> None:
    sound, notices = watch(SilentPlayer(reason="simpleaudio: no device; system: no player"))
    sound.check_start()
    sound.check_start()
    assert notices == [SoundNotice(False, "simpleaudio: no device; system: no player")]


def test_silence_asked_for_is_not_a_failure() -> None:
    sound, notices = watch(SilentPlayer())
    sound.check_start()
    assert notices == [] and sound.working


def test_the_notice_names_the_reason_and_where_to_look() -> None:
    down = SoundNotice(False, "cannot open the default sound device.")
    assert down.text.startswith("No sound: cannot open the default sound device. The routine")
    assert "handcue doctor" in down.text
    assert down.line.startswith("no sound: ")
    assert SoundNotice(True).line.startswith("sound is back")


def test_failures_from_many_threads_at_once_are_said_once() -> None:
    player = Backend()
    sound, notices = watch(player)
    start = threading.Barrier(8)

    def fail() -> None:
        start.wait()
        for _ in range(200):
            sound.failed("device gone")

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert notices == [SoundNotice(False, "device gone")]


def test_a_player_that_already_failed_is_known_silent_and_not_said_again() -> None:
    """A routine played again after the device failed: the new screen's watch shows NO SOUND
    from the start, and the failure is not said a second time."""
    player = Backend()
    player.failure_reported = True  # type: ignore[attr-defined]
    sound, notices = watch(player)
    assert not sound.working
    player.on_error("cannot open the PCM device")  # type: ignore[misc]
    assert notices == []
    player.on_recovered()  # type: ignore[misc]
    assert notices == [SoundNotice(True)] and sound.working


def test_silence_chosen_is_told_apart_from_silence_that_failed() -> None:
    assert watch(SilentPlayer())[0].chosen_silence
    assert not watch(SilentPlayer(reason="no device"))[0].chosen_silence
    assert not watch(Backend())[0].chosen_silence


class DeadDevice(BackgroundPlayer):
    """A backend whose device never opens."""

    name = "dead"

    def _start(self, sound: Sound) -> None:
        raise OSError("cannot open the PCM device")


def test_a_routine_played_again_after_a_failure_knows_it_from_the_start() -> None:
    """The app plays through a deferred player: after "Again", the new player screen's watch
    must see through it that the device already failed (it said "sound on" before)."""
    player = DeferredPlayer(lambda: DeadDevice(SoundBank()))
    try:
        first, notices = watch(player)
        player.play(Cue(CueKind.START))
        player.wait(10.0)
        assert not first.working and len(notices) == 1
        again, told = watch(player)
        assert not again.working, "known silent from the start"
        assert told == []
    finally:
        player.close()
