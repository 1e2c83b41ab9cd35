"""Sound bank and player rules that hold without any sound device."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from handcue.audio.bank import Sound, SoundBank, gain_for
from handcue.audio.choose import choose_player, describe
from handcue.audio.player import BackgroundPlayer, Player, SilentPlayer
from handcue.core.cues import Cue, CueKind, CueSide, all_cues
from handcue.resources import sounds_dir


def ints(frames: bytes) -> np.ndarray:
    return np.frombuffer(frames, dtype="<i2").astype(np.int64)


def test_bank_holds_every_cue_at_full_volume_unchanged() -> None:
    bank = SoundBank()
    assert bank.problems == []
    for cue in all_cues():
        sound = bank.get(cue.sound_name)
        assert sound is not None
        with wave.open(str(sounds_dir() / f"{cue.sound_name}.wav"), "rb") as source:
            assert sound.frames == source.readframes(source.getnframes())
        assert sound.duration == pytest.approx(len(sound.frames) / 4 / 44_100)


@pytest.mark.parametrize("volume", [0, 7, 50, 99])
def test_volume_scales_every_sample(volume: int) -> None:
    full = SoundBank()
    bank = SoundBank(volume=volume)
    gain = (volume / 100) ** 2
    for name in full.names:
        before, after = full.get(name), bank.get(name)
        assert before is not None and after is not None
        assert np.max(np.abs(ints(after.frames) - ints(before.frames) * gain)) <= 0.5


def test_volume_curve_is_monotonic_and_clamped() -> None:
    gains = [gain_for(v) for v in range(-5, 106)]
    assert gains == sorted(gains)
    assert gain_for(-5) == 0.0 and gain_for(150) == 1.0 and gain_for(50) == 0.25


def test_changing_volume_back_restores_the_original() -> None:
    bank = SoundBank()
    original = bank.get("finish")
    bank.volume = 30
    assert bank.get("finish") != original
    bank.volume = 100
    assert bank.get("finish") == original


def test_bank_survives_missing_and_broken_files(tmp_path: Path) -> None:
    assert SoundBank(tmp_path / "nowhere").problems
    folder = tmp_path / "sounds"
    shutil.copytree(sounds_dir(), folder)
    (folder / "pip-left.wav").write_bytes(b"RIFF-not-really")
    with wave.open(str(folder / "eight-bit.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(bytes(100))
    bank = SoundBank(folder)
    assert bank.get("pip-left") is None and bank.get("eight-bit") is None
    assert bank.get("pip-right") is not None
    assert any("pip-left" in p for p in bank.problems)
    assert any("eight-bit" in p for p in bank.problems)


def test_sound_wav_bytes_round_trip() -> None:
    sound = SoundBank().get("step-left")
    assert sound is not None
    assert sound.wav_bytes() == (sounds_dir() / "step-left.wav").read_bytes()


def test_silent_player_accepts_everything() -> None:
    player: Player = SilentPlayer()
    player.volume = 250
    assert player.volume == 100
    player.muted = True
    for cue in all_cues():
        player.play(cue)
    player.stop()
    assert player.wait(0)
    player.close()
    player.play(Cue(CueKind.FINISH))
    assert player.last_error is None


class RecordingPlayer(BackgroundPlayer):
    """A backend whose 'device' is a list, or raises when told to."""

    name = "recording"

    def __init__(self, fail: bool = False, bank: SoundBank | None = None) -> None:
        self.fail = fail
        self.started: list[str] = []
        self.halts = 0
        self.event = threading.Event()
        super().__init__(bank)

    def _start(self, sound: Sound) -> None:
        if self.fail:
            self.event.set()
            raise OSError("device unplugged")
        self.started.append(sound.name)
        self.event.set()

    def _halt(self) -> None:
        self.halts += 1


def test_failures_are_reported_once_and_never_raise() -> None:
    player = RecordingPlayer(fail=True)
    reports: list[str] = []
    player.on_error = reports.append
    for cue in (Cue(CueKind.START), Cue(CueKind.PIP, CueSide.LEFT), Cue(CueKind.FINISH)):
        player.event.clear()
        player.play(cue)
        assert player.event.wait(2)
        player.stop()
        assert player.wait(2)
    assert reports == ["recording: device unplugged"]
    assert player.last_error == "recording: device unplugged"
    recoveries: list[str] = []
    player.on_recovered = lambda: recoveries.append("back")
    player.fail = False
    player.play(Cue(CueKind.STEP))
    assert player.wait(2)
    player.play(Cue(CueKind.STEP))
    assert player.wait(2)
    assert recoveries == ["back"]  # said once, however many cues play after
    assert player.last_error is None
    player.fail = True
    player.event.clear()
    player.play(Cue(CueKind.STEP))
    assert player.event.wait(2)
    player.close()
    assert len(reports) == 2  # reporting resumes after a cue that played


def test_a_broken_callback_and_a_missing_sound_do_not_raise(tmp_path: Path) -> None:
    folder = tmp_path / "sounds"
    shutil.copytree(sounds_dir(), folder)
    (folder / "halfway-left.wav").unlink()
    player = RecordingPlayer(bank=SoundBank(folder))

    def explode(message: str) -> None:
        raise RuntimeError(message)

    player.on_error = explode
    player.play(Cue(CueKind.HALFWAY, CueSide.LEFT))
    assert player.last_error == "no sound for the halfway-left cue"
    player.play(Cue(CueKind.HALFWAY, CueSide.RIGHT))
    assert player.wait(2)
    player.close()
    assert player.started == ["halfway-right"]


def test_muted_and_closed_players_start_nothing() -> None:
    player = RecordingPlayer()
    player.muted = True
    player.play(Cue(CueKind.START))
    player.muted = False
    player.play(Cue(CueKind.PIP, CueSide.RIGHT))
    assert player.wait(2)
    player.close()
    player.play(Cue(CueKind.FINISH))
    assert player.started == ["pip-right"]


def test_choose_player_variable_and_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDCUE_AUDIO", "silent")
    assert choose_player().name == "silent"
    monkeypatch.setenv("HANDCUE_AUDIO", "nonsense")
    chosen = choose_player("silent")
    assert chosen.name == "silent"
    chosen.close()


def test_without_simpleaudio_the_system_player_or_silence_is_chosen(tmp_path: Path) -> None:
    # A child process where importing simpleaudio fails, as on a machine without it.
    code = (
        "import sys; sys.modules['simpleaudio'] = None\n"
        "from handcue.audio.choose import choose_player, describe\n"
        "p = choose_player(); print(p.name); print(describe(p)['simpleaudio']); p.close()\n"
    )
    env = {"PATH": "", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    name = done.stdout.split()[0]
    assert name == "silent"  # no simpleaudio and no player program on an empty PATH
    assert done.stderr == ""


def test_describe_lists_backend_and_state() -> None:
    player = SilentPlayer(volume=40, reason="no device")
    player.muted = True
    facts = describe(player)
    assert facts["backend"] == "silent"
    assert facts["volume"] == "40 (muted)"
    assert facts["last error"] == "no device"


def test_the_audio_layer_imports_neither_numpy_nor_textual() -> None:
    code = (
        "import sys, handcue.audio, handcue.audio.system_player, handcue.audio.simpleaudio_player\n"
        "print(sorted(m for m in ('numpy', 'textual') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_system_player_removes_its_temporary_files(tmp_path: Path) -> None:
    from handcue.audio.system_player import SystemPlayer, find_command

    if find_command() is None:
        pytest.skip("no player program on PATH")
    player = SystemPlayer()
    folder = player._folder
    assert sorted(p.stem for p in folder.glob("*.wav")) == player.bank.names
    player.close()
    assert not folder.exists()
