"""libasound's own messages must never reach the terminal the UI draws on."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from support.capture import BROKEN_PCM, DEVICE_VAR, run_python

pytestmark = pytest.mark.audio

SNIPPET = """
import sys
if sys.argv[-1:] == ["quiet"] or {quiet}:
    from handcue.audio.alsa_quiet import silence_alsa_errors
    assert silence_alsa_errors()
import simpleaudio
try:
    simpleaudio.play_buffer(bytes(400), 2, 2, 44100)
except Exception as error:
    print(type(error).__name__)
"""


def run(tmp_path: Path, quiet: bool) -> tuple[str, str]:
    done = run_python(
        textwrap.dedent(SNIPPET.format(quiet=quiet)), tmp_path, env={DEVICE_VAR: BROKEN_PCM}
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip(), done.stderr


def test_a_bad_device_makes_alsa_print_without_the_handler(tmp_path: Path) -> None:
    stdout, stderr = run(tmp_path, quiet=False)
    assert stdout == "SimpleaudioError"
    assert "ALSA lib" in stderr


def test_the_handler_silences_alsa(tmp_path: Path) -> None:
    stdout, stderr = run(tmp_path, quiet=True)
    assert stdout == "SimpleaudioError"
    assert stderr == ""


def test_probe_reports_the_bad_device_quietly(tmp_path: Path) -> None:
    done = run_python(
        "from handcue.audio.alsa_quiet import probe_default_device, alsa_version\n"
        "print(probe_default_device()); print(alsa_version())\n",
        tmp_path,
        env={DEVICE_VAR: BROKEN_PCM},
    )
    problem, version = done.stdout.splitlines()
    assert problem.startswith("cannot open the default sound device")
    assert version[0].isdigit()
    assert done.stderr == ""
