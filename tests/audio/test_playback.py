"""Cues played through the real backends, heard on captured ALSA output."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from support.capture import (
    BROKEN_PCM,
    DEVICE_VAR,
    CaptureRun,
    check_cue,
    run_python,
    wav_frames,
)

from handcue.audio.simpleaudio_build import installed_build
from handcue.resources import sounds_dir

pytestmark = pytest.mark.audio

PRELUDE = """
import json, sys, time
from handcue.audio.bank import SoundBank
from handcue.core.cues import Cue, CueKind, CueSide, all_cues
CUES = {c.sound_name: c for c in all_cues()}
errors = []
"""


def play(code: str, tmp_path: Path, env: dict[str, str] | None = None) -> CaptureRun:
    run = run_python(PRELUDE + textwrap.dedent(code), tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    return run


def test_every_cue_arrives_whole_in_order_on_its_side(
    tmp_path: Path, make_sounds: ModuleType
) -> None:
    run = play(
        """
        from handcue.audio.simpleaudio_player import SimpleaudioPlayer
        player = SimpleaudioPlayer()
        for name in CUES:
            player.play(CUES[name])
            assert player.wait(5)
            time.sleep(0.05)
        player.close()
        print(json.dumps(list(CUES)))
        """,
        tmp_path,
    )
    names = json.loads(run.stdout)
    assert len(run.captures) == len(names)
    for capture, name in zip(run.captures, names, strict=True):
        assert capture.raw == wav_frames(name), name
        check_cue(capture, name, make_sounds)


ON_TIME = 0.25
"""How long after `play` is called a capture may arrive on a busy machine: each stream starts
a process (the capture's pacer), which a loaded machine can delay. `bench/audio_latency.py`
measures the real figures."""


def test_onsets_follow_the_schedule(tmp_path: Path, make_sounds: ModuleType) -> None:
    """Each cue sounds in order, shortly after the player was asked for it.

    Measured from the moment `play` was called, never from the plan: a loaded machine may wake
    the script late, which is no fault of the player's.
    """
    plan = [
        (0.0, "start"),
        (0.8, "step-left"),
        (1.3, "pip-right"),
        (1.6, "switch-right"),
        (2.3, "halfway-left"),
        (3.1, "finish"),
    ]
    run = play(
        f"""
        from handcue.audio.simpleaudio_player import SimpleaudioPlayer
        player = SimpleaudioPlayer()
        plan = {plan!r}
        t0 = time.monotonic() + 0.2
        called = []
        for offset, name in plan:
            time.sleep(max(0.0, t0 + offset - time.monotonic()))
            called.append(time.monotonic())
            player.play(CUES[name])
        player.wait(5)
        player.close()
        print(json.dumps(called))
        """,
        tmp_path,
    )
    called = json.loads(run.stdout)
    assert len(run.captures) == len(plan)
    arrivals = [capture.arrival for capture in run.captures]
    assert arrivals == sorted(arrivals)
    for capture, asked, (_, name) in zip(run.captures, called, plan, strict=True):
        assert 0.0 <= capture.arrival - asked <= ON_TIME, name
        check_cue(capture, name, make_sounds)


def test_a_new_cue_cuts_off_the_one_still_sounding(tmp_path: Path) -> None:
    run = play(
        """
        from handcue.audio.simpleaudio_player import SimpleaudioPlayer
        player = SimpleaudioPlayer()
        player.play(CUES["finish"])
        time.sleep(0.1)
        player.play(CUES["pip-left"])
        player.wait(5)
        player.close()
        """,
        tmp_path,
    )
    finish, pip = run.captures
    whole = wav_frames("finish")
    assert len(finish.raw) < len(whole) * 0.8
    assert whole.startswith(finish.raw)
    assert pip.raw == wav_frames("pip-left")


def test_a_tick_never_cuts_off_another_cue(tmp_path: Path) -> None:
    run = play(
        """
        from handcue.audio.simpleaudio_player import SimpleaudioPlayer
        player = SimpleaudioPlayer()
        player.play(CUES["step-right"])
        time.sleep(0.05)
        player.play(CUES["tick"])
        player.wait(5)
        time.sleep(0.05)
        player.play(CUES["tick"])
        player.wait(5)
        player.close()
        """,
        tmp_path,
    )
    assert [c.raw for c in run.captures] == [wav_frames("step-right"), wav_frames("tick")]


def test_volume_and_mute_change_what_is_heard(tmp_path: Path) -> None:
    run = play(
        """
        from handcue.audio.simpleaudio_player import SimpleaudioPlayer
        player = SimpleaudioPlayer(volume=50)
        player.play(CUES["pip-centre"]); player.wait(5); time.sleep(0.05)
        player.muted = True
        player.play(CUES["pip-left"]); player.wait(5); time.sleep(0.05)
        player.muted = False
        player.volume = 100
        player.play(CUES["pip-right"]); player.wait(5)
        player.close()
        """,
        tmp_path,
    )
    quiet, loud = run.captures
    original = np.frombuffer(wav_frames("pip-centre"), dtype="<i2").astype(float)
    heard = np.frombuffer(quiet.raw, dtype="<i2").astype(float)
    assert np.max(np.abs(heard - original * 0.25)) <= 0.5
    assert loud.raw == wav_frames("pip-right")


def test_playing_never_reads_a_file(tmp_path: Path, make_sounds: ModuleType) -> None:
    folder = tmp_path / "sounds"
    shutil.copytree(sounds_dir(), folder)
    run = play(
        f"""
        from handcue.audio.simpleaudio_player import SimpleaudioPlayer
        import shutil
        player = SimpleaudioPlayer(SoundBank({str(folder)!r}))
        shutil.rmtree({str(folder)!r})
        opened = []
        sys.addaudithook(lambda event, args: opened.append(args[0]) if event == "open" else None)
        for name in ("step-left", "halfway-right", "finish"):
            player.play(CUES[name]); player.wait(5)
        player.close()
        print(json.dumps([str(o) for o in opened]))
        """,
        tmp_path,
    )
    assert json.loads(run.stdout) == []
    assert [c.raw for c in run.captures] == [
        wav_frames(n) for n in ("step-left", "halfway-right", "finish")
    ]


BROKEN = {DEVICE_VAR: BROKEN_PCM}


def test_a_missing_device_is_reported_once_and_never_raises(tmp_path: Path) -> None:
    run = play(
        """
        from handcue.audio.simpleaudio_player import SimpleaudioPlayer
        player = SimpleaudioPlayer()
        player.on_error = errors.append
        slowest = 0.0
        for name in ("start", "step-left", "pip-right", "finish"):
            began = time.perf_counter()
            player.play(CUES[name])
            slowest = max(slowest, time.perf_counter() - began)
            player.wait(2)
        player.close()
        print(json.dumps({"errors": errors, "last": player.last_error, "slowest": slowest}))
        """,
        tmp_path,
        env=BROKEN,
    )
    result = json.loads(run.stdout)
    assert len(result["errors"]) == 1
    assert "PCM device" in result["errors"][0]
    assert result["last"]
    assert result["slowest"] < 0.5  # never waits on the device, which can block for seconds
    assert run.captures == []
    assert "ALSA lib" not in run.stderr


def test_a_device_that_fails_mid_session_goes_on_and_recovers(tmp_path: Path) -> None:
    run = play(
        f"""
        import os
        from handcue.audio.simpleaudio_player import SimpleaudioPlayer
        player = SimpleaudioPlayer()
        player.on_error = errors.append
        player.on_recovered = lambda: errors.append("recovered")
        player.play(CUES["step-left"]); player.wait(5)
        os.environ[{DEVICE_VAR!r}] = {BROKEN_PCM!r}  # the card goes away
        for name in ("pip-left", "pip-centre", "pip-right"):
            began = time.perf_counter()
            player.play(CUES[name])
            assert time.perf_counter() - began < 0.5  # never waits on the failing device
            player.wait(2)
        failed = list(errors)
        del os.environ[{DEVICE_VAR!r}]  # and comes back
        player.play(CUES["finish"]); player.wait(5)
        player.close()
        print(json.dumps([failed, errors[len(failed):]]))
        """,
        tmp_path,
    )
    failed, after = json.loads(run.stdout)
    assert len(failed) == 1 and failed[0] != "recovered"
    assert after == ["recovered"]
    assert [c.raw for c in run.captures] == [wav_frames("step-left"), wav_frames("finish")]
    assert "ALSA lib" not in run.stderr


def test_system_player_runs_aplay_and_its_output_is_right(
    tmp_path: Path, make_sounds: ModuleType
) -> None:
    names = ["switch-left", "resume", "pip-right"]
    run = play(
        f"""
        from handcue.audio.system_player import SystemPlayer
        player = SystemPlayer(command="aplay")
        player.on_error = errors.append
        for name in {names!r}:
            player.play(CUES[name]); assert player.wait(5); time.sleep(0.05)
        player.close()
        print(json.dumps([player.program, errors]))
        """,
        tmp_path,
    )
    assert json.loads(run.stdout) == ["aplay", []]
    assert len(run.captures) == len(names)
    for capture, name in zip(run.captures, names, strict=True):
        # aplay pads the last period with silence.
        frames = wav_frames(name)
        assert capture.raw[: len(frames)] == frames
        assert not any(capture.raw[len(frames) :])
        check_cue(capture, name, make_sounds)


def test_system_player_reports_a_failing_aplay_once(tmp_path: Path) -> None:
    run = play(
        """
        from handcue.audio.system_player import SystemPlayer
        player = SystemPlayer(command="aplay")
        player.on_error = errors.append
        for name in ("step-left", "step-right", "finish"):
            player.play(CUES[name]); player.wait(2); time.sleep(0.15)
        player.close()
        print(json.dumps(errors))
        """,
        tmp_path,
        env=BROKEN,
    )
    errors = json.loads(run.stdout)
    assert len(errors) == 1 and errors[0].startswith("aplay failed")
    assert run.captures == []


def test_choose_player_prefers_simpleaudio_and_honours_the_variable(tmp_path: Path) -> None:
    run = play(
        """
        import os
        from handcue.audio.choose import choose_player, describe
        names = [choose_player().name]
        for forced in ("silent", "system", "simpleaudio", "nonsense"):
            os.environ["HANDCUE_AUDIO"] = forced
            names.append(choose_player().name)
        names.append(choose_player("silent").name)
        print(json.dumps([names, describe(choose_player())]))
        """,
        tmp_path,
    )
    names, facts = json.loads(run.stdout)
    assert names == ["simpleaudio", "silent", "system", "simpleaudio", "simpleaudio", "silent"]
    assert facts["backend"] == "simpleaudio"
    assert facts["default device"] == "opens"
    build = installed_build()
    assert build is not None
    assert facts["simpleaudio"].split()[0] == build.version


def test_without_a_device_choose_player_falls_back_quietly(tmp_path: Path) -> None:
    run = play(
        """
        from handcue.audio.choose import choose_player, describe
        player = choose_player()
        for cue in all_cues():
            player.play(cue)
        player.close()
        print(json.dumps([player.name, describe(player)]))
        """,
        tmp_path,
        env=BROKEN,
    )
    name, facts = json.loads(run.stdout)
    assert name == "system"
    assert "cannot open the default sound device" in facts["default device"]
    assert "ALSA lib" not in run.stderr
