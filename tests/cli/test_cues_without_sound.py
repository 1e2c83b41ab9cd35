"""`handcue cues` with no working sound: one line and exit 1 before the first cue when the
device does not open (or at the first cue that fails), never seventeen cues into silence; and
`doctor` names the device's failure as the last error.

The device is ALSA's default, pointed under a private HOME at a card that does not exist, as
the audio tests do (`support.capture`).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from support.capture import BROKEN_PCM, DEVICE_VAR, run_command
from support.in_process import handcue


def _needs(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        if os.environ.get("HANDCUE_REQUIRE_AUDIO") == "1":
            pytest.fail(f"HANDCUE_REQUIRE_AUDIO=1 but {program} is not installed", pytrace=False)
        pytest.skip(f"{program} is not installed")
    return found


def _only(tmp_path: Path, *programs: str) -> str:
    """A PATH that finds these programs and no other player."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for program in programs:
        (folder / program).symlink_to(_needs(program))
    return str(folder)


def _device(tmp_path: Path, backend: str, *, broken: bool = True) -> dict[str, str]:
    """The environment of a run through `backend`, its ALSA device one that cannot open (or,
    not `broken`, the capturing one)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the device is faked through ALSA")
    if backend == "simpleaudio" and importlib.util.find_spec("simpleaudio") is None:
        if os.environ.get("HANDCUE_REQUIRE_AUDIO") == "1":
            pytest.fail("HANDCUE_REQUIRE_AUDIO=1 but simpleaudio is not installed", pytrace=False)
        pytest.skip("simpleaudio is not installed")
    return {
        **({DEVICE_VAR: BROKEN_PCM} if broken else {}),
        "HANDCUE_AUDIO": backend,
        "PATH": _only(tmp_path, "aplay"),
        "HANDCUE_DATA_DIR": str(tmp_path / "data"),
        "HANDCUE_CONFIG_DIR": str(tmp_path / "config"),
        "HANDCUE_CACHE_DIR": str(tmp_path / "cache"),
    }


@pytest.mark.parametrize("backend", ["simpleaudio", "system"])
def test_cues_stop_before_the_first_cue_when_the_device_does_not_open(
    tmp_path: Path, backend: str
) -> None:
    env = _device(tmp_path, backend)
    run = run_command([sys.executable, "-m", "handcue", "cues"], tmp_path, env=env)
    assert run.returncode == 1
    assert run.stdout == ""  # not one cue's line: none was played
    [line] = run.stderr.splitlines()
    assert line.startswith("handcue: no sound: cannot open the default sound device: ")
    assert line.endswith(
        "'handcue doctor' shows what to fix; 'handcue cues --list' prints the legend"
    )
    assert run.captures == []


def test_with_a_device_that_opens_every_cue_is_heard(tmp_path: Path) -> None:
    """The check before the first cue holds nothing back when sound works."""
    env = _device(tmp_path, "system", broken=False)
    run = run_command([sys.executable, "-m", "handcue", "cues"], tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 17
    assert len(run.captures) == 17
    assert run.stderr == ""


def test_doctor_names_the_device_that_does_not_open_as_the_last_error(tmp_path: Path) -> None:
    env = _device(tmp_path, "system")
    run = run_command([sys.executable, "-m", "handcue", "doctor"], tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    rows = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in run.stdout.splitlines())
    assert rows["audio program"] == "aplay", run.stdout
    assert rows["audio last error"].startswith("cannot open the default sound device: ")


FAILING_PLAYER = """\
#!/bin/sh
echo "pw-play: cannot connect to the sound server" >&2
exit 1
"""


def test_cues_stop_at_the_first_cue_that_fails(tmp_path: Path) -> None:
    """A sound server's player says nothing before it plays: its first failure stops them."""
    folder = tmp_path / "bin"
    folder.mkdir()
    player = folder / "pw-play"
    player.write_text(FAILING_PLAYER, encoding="utf-8")
    player.chmod(0o755)
    result = handcue("cues", env={"HANDCUE_AUDIO": "system", "PATH": str(folder)})
    assert result.returncode == 1
    played = result.stdout.splitlines()
    assert played[0].startswith("start ")
    assert len(played) < 17  # stopped, not played to the end into silence
    [line] = result.stderr.splitlines()
    assert line.startswith(
        "handcue: sound failed: pw-play failed: pw-play: cannot connect to the sound server; "
        "the other cues were not played."
    )


def test_cues_with_sound_turned_off_say_so_and_how_to_turn_it_on() -> None:
    result = handcue("cues", env={"HANDCUE_AUDIO": "silent"})
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "handcue: sound is turned off by HANDCUE_AUDIO=silent, so there is nothing to hear; "
        "unset it to hear the cues ('handcue cues --list' prints the legend)\n"
    )
