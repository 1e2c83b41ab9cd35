"""Plain mode through a pseudo-terminal (keys, terminal restored), through a pipe, with a voice."""

from __future__ import annotations

import io
import os
import pty
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support.eyesfree import REPO, FakeSpeech, small_routine
from support.user_data import NothingKept

from handcue.audio.bank import Sound, SoundBank
from handcue.audio.player import BackgroundPlayer, SilentPlayer
from handcue.cli.play_plain import run_plain
from handcue.cli.streams import Streams
from handcue.core.cues import Cue
from handcue.services.listening import Listening

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "plain_script.py"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(HERE.parent)])
    return env


class Terminal:
    """A child process on a pseudo-terminal, read until a text shows up."""

    def __init__(self, argv: list[str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child
            # Start like a shell's foreground job. A child inherits ignored signals, and this
            # test process can have SIGINT and SIGQUIT ignored for a moment (seen in a full
            # run: both ignored together, as C's system() leaves them while it waits), which
            # would make the child deaf to Ctrl-C.
            for number in (signal.SIGINT, signal.SIGQUIT):
                signal.signal(number, signal.SIG_DFL)
            os.execve(sys.executable, [sys.executable, *argv], _env())
        self.pid, self.fd = pid, fd
        self.text = ""

    def expect(self, wanted: str, limit: float = 30.0) -> str:
        end = time.monotonic() + limit
        while wanted not in self.text:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(
                    f"never saw {wanted!r} in:\n{self.text}\n{self.signal_state()}"
                )
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"ended before {wanted!r}:\n{self.text}")
                self.text += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return self.text

    def signal_state(self) -> str:
        """The child's blocked, ignored and caught signals, to tell why a key did nothing."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return ""
        return "\n".join(line for line in status.splitlines() if line.startswith("Sig"))

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def close(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def test_keys_pause_skip_and_quit_on_a_terminal() -> None:
    terminal = Terminal([str(SCRIPT), "8"])
    try:
        terminal.expect("keys: space pause/resume, n next, p previous, r restart step, ")
        terminal.expect("step 1/3  Massage your left hand. Thumb circles.")
        terminal.send("+")
        terminal.expect("10s more for Thumb circles: ")
        terminal.send("m")
        terminal.expect("tones muted (m turns them on)")
        terminal.send(" ")
        terminal.expect("paused (space to resume)")
        terminal.send(" ")
        terminal.expect("resumed")
        terminal.send("n")
        terminal.expect("skipped  Thumb circles")
        terminal.expect("Switch hands. Massage your right hand next.")
        terminal.send("n")
        terminal.expect("step 1/3  The same on this hand. Eighteen seconds.")  # + gave ten more
        terminal.send("q")
        text = terminal.expect("terminal restored:")
        terminal.expect("\n", limit=5)
    finally:
        code = terminal.close()
    assert code == 0
    assert "stopped" in text
    assert "0 of 3 steps done, 1 skipped" in text
    assert "terminal restored: yes" in terminal.text
    # Keys were read one at a time, not echoed: no stray "n" or "q" lines.
    assert not [line for line in text.splitlines() if line.strip() in {"n", "q"}]


def test_ctrl_c_restores_the_terminal_and_prints_the_summary() -> None:
    terminal = Terminal([str(SCRIPT), "8"])
    try:
        terminal.expect("step 1/3")
        terminal.send("\x03")
        terminal.expect("terminal restored:")
        terminal.expect("\n", limit=5)
    finally:
        code = terminal.close()
    assert code == 130
    assert "steps done" in terminal.text
    assert "terminal restored: yes" in terminal.text
    assert "Traceback" not in terminal.text


def test_piped_output_is_one_line_per_event_to_the_end() -> None:
    """The words are printed as they would be said (no voice here), once each."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "2"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith("start  Eyes test: 3 steps, 0:10")
    assert [line.split("  ", 1)[1] for line in lines[1:-1]] == [
        "step 1/3  Massage your left hand. Thumb circles. Two seconds. Circle the thumb.",
        "Switch hands. Massage your right hand next.",
        "step 1/3  The same on this hand. Two seconds.",
        "step 2/3  Both hands. Palm strokes. Two seconds. Stroke the palm.",
        "step 3/3  Massage your left hand. Shake out. Two seconds. Shake both hands.",
        "The routine is over.",
    ]
    assert lines[-1] == "played 0:10, 3 of 3 steps done, 0 skipped"
    assert "keys:" not in done.stdout  # no keys without a terminal
    assert done.stderr == ""


@dataclass
class ClockPlayer:
    """A player that notes when each cue was asked for, on the shared monotonic clock."""

    name: str = "clock"
    on_error: object = None
    volume: int = 100
    muted: bool = False
    last_error: str | None = None
    played: list[tuple[float, Cue]] = field(default_factory=list)

    def play(self, cue: Cue) -> None:
        self.played.append((time.monotonic(), cue))

    def stop(self) -> None:
        return None

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def close(self) -> None:
        return None


def test_voice_says_steps_and_next_up_and_never_talks_over_tones(
    fake_speech: FakeSpeech, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPEECH_SECONDS", "1.0")
    player = ClockPlayer()
    out, err = io.StringIO(), io.StringIO()
    code = run_plain(
        small_routine(),
        {0: 3.0, 1: 4.0, 2: 3.0},
        Listening(voice=True, announce_next=2.0),
        player=player,  # type: ignore[arg-type]
        streams=Streams(None, out, err),
        user=NothingKept(),
    )
    assert code == 0, err.getvalue()
    records = fake_speech.records()
    texts = [record["text"] for record in records]
    # No history: a first play, so guided; the step's clock waits while the words are said.
    assert texts[0] == "Massage your left hand. Thumb circles. Three seconds. Circle the thumb."
    assert "Both hands. Palm strokes. Four seconds. Stroke the palm." in texts
    assert texts[-1] == "The routine is over."
    assert all(record["argv"][-1] == "--stdin" for record in records)  # type: ignore[index]
    assert "Next: massage your left hand. Shake out." in out.getvalue()
    assert "Next: massage your left hand. Shake out." in texts
    for at, cue in player.played:
        for record in records:
            start, end = float(record["start"]), float(record["end"])  # type: ignore[arg-type]
            assert not start < at < end, (cue, at, start, end)
    assert err.getvalue() == ""


def test_voice_without_an_engine_says_so_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDCUE_SPEECH", "espeak-ng")
    monkeypatch.setenv("PATH", str(Path("/nonexistent")))
    out, err = io.StringIO(), io.StringIO()
    code = run_plain(
        small_routine(),
        {0: 0.5, 1: 0.5, 2: 0.5},
        Listening(voice=True),
        streams=Streams(None, out, err),
        user=NothingKept(),
    )
    assert code == 0
    assert err.getvalue() == (
        "handcue: voice: speech engine espeak-ng is not installed; carrying on with tones\n"
    )
    assert out.getvalue().splitlines()[-1].endswith("3 of 3 steps done, 0 skipped")


def test_the_opening_line_counts_one_step_as_one_step() -> None:
    from handcue.cli.plain_mode import event_line
    from handcue.core.engine import Session
    from handcue.core.events import EventKind

    whole = small_routine()
    routine = whole.__class__(id="one", title="One", steps=whole.steps[2:])
    session = Session(routine)
    events = session.start(0.0)
    started = next(event for event in events if event.kind is EventKind.ROUTINE_STARTED)
    assert (event_line(started, session, 0.0) or "").endswith("start  One: 1 step, 0:05")


class FlakyDevice(BackgroundPlayer):
    """A backend whose device fails for the cues numbered in `failing` (from 1) and works for
    the rest, the way an unplugged and replugged card does."""

    name = "flaky"

    def __init__(self, failing: range) -> None:
        self.failing = failing
        self.started = 0
        super().__init__(SoundBank())

    def _start(self, sound: Sound) -> None:
        self.started += 1
        if self.started in self.failing:
            raise OSError("the device was unplugged")


def test_sound_that_fails_and_comes_back_is_said_once_each_on_stderr() -> None:
    player = FlakyDevice(failing=range(2, 5))
    out, err = io.StringIO(), io.StringIO()
    try:
        code = run_plain(
            small_routine(),
            {0: 0.4, 1: 0.4, 2: 0.4},
            player=player,
            streams=Streams(None, out, err),
            user=NothingKept(),
        )
    finally:
        player.close()
    assert code == 0
    assert player.started > 5, "the routine must go on playing after the failure"
    assert err.getvalue().splitlines() == [
        "handcue: no sound: flaky: the device was unplugged. The routine goes on without tones; "
        "`handcue doctor` shows what to fix.",
        "handcue: sound is back: cues can be heard again.",
    ]
    assert out.getvalue().splitlines()[-1].endswith("3 of 3 steps done, 0 skipped")


def test_a_player_that_could_not_open_any_device_is_said_before_the_first_step() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run_plain(
        small_routine(),
        {0: 0.2, 1: 0.2, 2: 0.2},
        player=SilentPlayer(reason="cannot open the default sound device"),
        streams=Streams(None, out, err),
        user=NothingKept(),
    )
    assert code == 0
    assert err.getvalue().count("no sound: cannot open the default sound device") == 1
    assert out.getvalue().splitlines()[-1].endswith("3 of 3 steps done, 0 skipped")


def test_the_opening_line_gives_the_length_as_list_does() -> None:
    """A routine of 14m06.4s is 14:06 when it starts, as `list` calls it 14m06s."""
    from dataclasses import replace

    from handcue.cli.plain_mode import event_line
    from handcue.core.durations import format_short
    from handcue.core.engine import Session
    from handcue.core.events import EventKind
    from handcue.core.routine import Hand

    whole = small_routine()
    step = replace(whole.steps[0], duration=846.4, hand=Hand.BOTH)
    routine = whole.__class__(id="long", title="Long", steps=(step,))
    session = Session(routine)
    started = next(e for e in session.start(0.0) if e.kind is EventKind.ROUTINE_STARTED)
    assert format_short(routine.total_seconds) == "14m06s"
    assert (event_line(started, session, 0.0) or "").endswith("start  Long: 1 step, 14:06")


class StampedLines(io.StringIO):
    """Keeps each line written with the fake clock's reading at the moment it was written."""

    def __init__(self, clock: list[float]) -> None:
        super().__init__()
        self.clock = clock
        self.lines: list[tuple[float, str]] = []

    def write(self, text: str) -> int:
        self.lines.extend((self.clock[0], line) for line in text.splitlines() if line)
        return super().write(text)


def test_the_words_are_printed_once_at_the_moment_they_are_said() -> None:
    """A screen reader reading the lines hears each sentence when the voice says it, and never
    twice: the instruction is not printed at the step's tone and again with the voice."""
    from handcue.cli import plain_mode
    from handcue.core.engine import Session
    from handcue.core.guided_text import VoiceMode
    from handcue.core.routine import Routine, Step
    from handcue.services.conductor import conduct
    from handcue.services.guided_time import TimedVoice

    clock = [0.0]

    class Waiting(plain_mode.Keys):
        """No keys; waiting moves the fake clock on."""

        def wait(self, timeout: float | None) -> str | None:
            assert timeout is not None
            clock[0] += max(0.0, timeout)
            return None

    halves = (
        "First half: stroke from the wrist to the fingertips. "
        "After the bell: turn the hand over. Ease off if it feels tender."
    )
    routine = Routine(
        id="said-once",
        title="Said once",
        steps=(Step("Strokes", halves, 30.0), small_routine().steps[0]),
        switch_seconds=2.0,
    )
    session = Session(routine)
    voice = TimedVoice(lambda text: 0.2 * len(text.split()))
    conductor = conduct(session, Listening(voice=True), VoiceMode.GUIDED, voice=voice)
    out = StampedLines(clock)
    plain_mode.run(session, conductor, Waiting(None), out, clock=lambda: clock[0])
    printed = out.lines
    assert voice.said
    for at, _, text in voice.said:
        lines = [(when, line) for when, line in printed if text in line]
        assert len(lines) == 1, (text, lines)
        assert lines[0][0] == at
    every = "\n".join(line for _, line in printed)
    assert every.count("Ease off if it feels tender.") == 1
    assert every.count("Stroke from the wrist to the fingertips.") == 1
    assert every.count("Circle the thumb.") == 1


def test_with_a_screen_reader_the_voice_stays_quiet_and_the_lines_carry_the_words(
    fake_speech: FakeSpeech,
) -> None:
    from handcue.core.guided_text import VoiceMode

    out, err = io.StringIO(), io.StringIO()
    code = run_plain(
        small_routine(),
        {0: 1.5, 1: 1.5, 2: 1.5},
        Listening(voice=True, mode=VoiceMode.BRIEF),
        streams=Streams(None, out, err),
        user=NothingKept(),
        speak_by="screen-reader",
    )
    assert code == 0, err.getvalue()
    assert fake_speech.records() == [] and not fake_speech.started(limit=0.0)
    assert "Massage your left hand. Thumb circles." in out.getvalue()
    assert err.getvalue() == ""
