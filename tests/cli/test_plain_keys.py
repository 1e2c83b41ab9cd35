"""Plain mode's keys beyond pause, next, previous and quit, as the full-screen player has them:
+ and - give the step ten seconds more or less, m mutes the tones, r restarts the step, ? lists
the keys; each says in one line what it did. Driven on a fake clock with scripted keys."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from support.eyesfree import small_routine

from handcue.cli import plain_mode as plain
from handcue.core.cues import Cue
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode
from handcue.services.conductor import conduct
from handcue.services.listening import Listening


@dataclass
class FakeClock:
    now: float = 100.0

    def __call__(self) -> float:
        return self.now


@dataclass
class ScriptedKeys(plain.Keys):
    """Keys pressed at given times on the fake clock; waiting moves the clock on."""

    clock: FakeClock = field(default_factory=FakeClock)
    script: list[tuple[float, str]] = field(default_factory=list)

    def wait(self, timeout: float | None) -> str | None:
        if not self.script:
            raise AssertionError("the script ran out of keys before q")
        at, key = self.script[0]
        if timeout is None or self.clock.now + timeout >= at:
            self.clock.now = max(self.clock.now, at)
            self.script.pop(0)
            return key
        self.clock.now += timeout
        return None


@dataclass
class MutablePlayer:
    """A player that keeps the cues it was asked to play while not muted."""

    name: str = "recording"
    on_error: object = None
    on_recovered: object = None
    volume: int = 100
    muted: bool = False
    last_error: str | None = None
    heard: list[tuple[float, str]] = field(default_factory=list)
    clock: FakeClock = field(default_factory=FakeClock)

    def play(self, cue: Cue) -> None:
        if not self.muted:
            self.heard.append((self.clock.now, cue.sound_name))

    def stop(self) -> None:
        return None

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def close(self) -> None:
        return None


def play(script: list[tuple[float, str]]) -> tuple[list[str], Session, MutablePlayer]:
    """The small routine (its first step 30 s a hand) with keys pressed at times from 100 s."""
    clock = FakeClock()
    player = MutablePlayer(clock=clock)
    session = Session(small_routine(), {0: 30.0, 1: 30.0, 2: 30.0})
    conductor = conduct(session, Listening(), VoiceMode.BRIEF, tones=player)
    keys = ScriptedKeys(fd=-1, clock=clock, script=[(100.0 + at, key) for at, key in script])
    out = io.StringIO()
    plain.run(session, conductor, keys, out, clock=clock, tones=player)  # type: ignore[arg-type]
    return out.getvalue().splitlines(), session, player


def test_the_keys_line_names_every_key() -> None:
    lines, _, _ = play([(1, "?"), (2, "q")])
    assert lines[0] == (
        "keys: space pause/resume, n next, p previous, r restart step, + / - 10 s more / less, "
        "m mute, ? keys, q quit"
    )
    assert lines.count(lines[0]) == 2  # ? says them again
    assert lines[-1] == "0:02  stopped"


def test_plus_and_minus_change_the_step_by_ten_seconds_and_say_so() -> None:
    lines, session, _ = play([(5, "+"), (6, "="), (7, "-"), (8, "q")])
    said = [line for line in lines if " for Thumb circles" in line]
    assert said == [
        "0:05  10s more for Thumb circles: 0:35 left",
        "0:06  10s more for Thumb circles: 0:44 left",
        "0:07  10s less for Thumb circles: 0:33 left",
    ]
    assert session.timeline[0].duration == 40.0
    assert session.timeline[2].duration == 40.0  # the right hand gets the same


def test_minus_never_leaves_under_five_seconds_and_says_so() -> None:
    lines, _, _ = play([(1, "-"), (2, "-"), (3, "-"), (4, "-"), (5, "q")])
    assert [line for line in lines if "Thumb circles:" in line] == [
        "0:01  10s less for Thumb circles: 0:19 left",
        "0:02  10s less for Thumb circles: 0:08 left",
        "0:03  2s less for Thumb circles: 0:05 left",
        "0:04  Thumb circles: 0:04 left, the least a step keeps",
    ]


def test_the_switch_of_hands_keeps_its_time() -> None:
    lines, _, _ = play([(31, "+"), (32, "q")])  # the first hand ends at 30 s
    assert "0:31  the switch of hands keeps its time; + and - change a step" in lines


def test_m_mutes_and_unmutes_the_tones() -> None:
    # The first hand ends at 30 s, the switch at 32 s: muted from 20 s to 31 s.
    lines, _, player = play([(20, "m"), (31, "m"), (40, "q")])
    assert "0:20  tones muted (m turns them on)" in lines
    assert "0:31  tones on" in lines
    heard_at = [at - 100.0 for at, _ in player.heard]
    assert not [at for at in heard_at if 20 <= at < 31], player.heard
    assert any(at >= 31 for at in heard_at), "the tones come back"


def test_r_restarts_the_step() -> None:
    lines, session, _ = play([(10, "r"), (11, "q")])
    assert "0:10  restart  Thumb circles" in lines
    assert session.remaining(111.0) == 29.0
