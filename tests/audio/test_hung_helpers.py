"""Player and speech programs that hang: each has a deadline, a hang is said once, the routine
goes on, and nothing waits after the end; a terminal that hangs up leaves no traceback."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import time
from pathlib import Path

from support.user_data import NothingKept

from handcue.audio.player import SilentPlayer
from handcue.audio.speech import SpeechEngine
from handcue.audio.system_player import SystemPlayer
from handcue.cli import plain_mode
from handcue.cli.play_plain import run_plain
from handcue.cli.streams import Streams
from handcue.core.cues import all_cues
from handcue.core.routine import Routine, Step
from handcue.services.listening import Listening

CUES = {cue.sound_name: cue for cue in all_cues()}
PATIENCE = 30.0
"""Far beyond a deadline of a fraction of a second on a loaded machine: only a hang reaches it."""


def hanging_program(tmp_path: Path, name: str) -> Path:
    program = tmp_path / name
    program.write_text("#!/bin/sh\nexec sleep 600\n")
    program.chmod(0o755)
    return program


def test_a_player_program_that_hangs_is_stopped_and_said_once(tmp_path: Path) -> None:
    player = SystemPlayer(command=str(hanging_program(tmp_path, "paplay")))
    player.hang_grace = 0.2
    said: list[str] = []
    player.on_error = said.append
    try:
        for name in ("step-left", "finish"):
            player.play(CUES[name])
            deadline = time.monotonic() + PATIENCE
            while not player.hung or player._process is not None:
                assert time.monotonic() < deadline, "the hang was never noticed"
                time.sleep(0.02)
        assert player.wait(PATIENCE), "waiting ends once the program is stopped"
    finally:
        player.close()
    assert len(said) == 1 and "paplay stopped answering" in said[0]
    assert subprocess.run(["pgrep", "-f", str(tmp_path)], check=False).returncode == 1


class Waits:
    """Counts the waits made on a helper that has hung."""

    def __init__(self) -> None:
        self.calls = 0

    def wait(self, timeout: float | None = None) -> bool:
        self.calls += 1
        return True


class HungTones(SilentPlayer):
    hung = True

    def __init__(self) -> None:
        super().__init__()
        self.waits = Waits()

    def wait(self, timeout: float | None = None) -> bool:
        return self.waits.wait(timeout)


class HungVoice(SpeechEngine):
    name = "fake"

    def __init__(self) -> None:
        super().__init__("true")
        self.hung = True
        self.waits = Waits()

    def speak_command(self, text: str) -> tuple[list[str], str | None]:
        return ["true"], None

    def wait(self, timeout: float | None = None) -> bool:
        return self.waits.wait(timeout)


def test_nothing_waits_after_the_end_once_a_helper_has_hung() -> None:
    routine = Routine(
        id="quick",
        title="Quick",
        goals=("stress",),
        steps=(Step(title="Warm", instruction="Rub the palms together.", duration=0.2),),
    )
    tones, voice = HungTones(), HungVoice()
    out, err = io.StringIO(), io.StringIO()
    code = run_plain(
        routine,
        None,
        Listening(voice=True),
        player=tones,
        streams=Streams(None, out, err),
        engine=voice,
        user=NothingKept(),
    )
    assert code == 0
    assert "The routine is over." in out.getvalue()
    assert (tones.waits.calls, voice.waits.calls) == (0, 0)


def test_a_terminal_that_hangs_up_in_plain_mode_leaves_no_traceback() -> None:
    master, follower = pty.openpty()
    with os.fdopen(follower, "r") as stream, plain_mode.key_input(stream) as keys:
        assert keys.fd is not None
        os.close(master)  # the terminal goes away, as when an ssh connection drops
