"""A whole routine followed by ear: `handcue play --plain` through simpleaudio, captured.

The routine has three two-second steps, the middle one done on each hand, so every kind of
transition sounds: the opening, countdown pips, a step on each side, the switch of hands and
the finish. The capture must hold exactly the cues the timeline calls for, in order, each the
right sound on the right channel at the right pitch, and each arriving on schedule (within a
bound that holds on a busy machine). A second routine starts on one hand, so the opening tone
is followed by that hand's step tone.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest
from support.capture import check_cue, run_command, wav_frames

from handcue.services.conductor import TONE_GAP

pytestmark = pytest.mark.audio

ROUTINE = """\
title: By ear
goals: [grip]
switch_seconds: 1
steps:
  - {title: Warm, instruction: Rub the palms together., duration: 2}
  - {title: Thumb, instruction: Circle the thumb pad., hand: each, areas: [thumb], duration: 2}
  - {title: Wrist, instruction: Circle the left wrist., hand: left, areas: [wrist], duration: 2}
"""

# (seconds from the start, sound): what the timeline above must sound like.
SCHEDULE = [
    (0.0, "start"),  # the first step is for both hands, so the opening tone stands for it
    (1.0, "pip-centre"),  # a 2 s step counts down from 1
    (2.0, "step-left"),
    (3.0, "pip-left"),
    (4.0, "switch-right"),  # the one-second change of hands, towards the right
    (5.0, "step-right"),
    (6.0, "pip-right"),
    (7.0, "step-left"),
    (8.0, "pip-left"),
    (9.0, "finish"),
]

ONE_HANDED_FIRST = """\
title: By ear, left first
goals: [grip]
switch_seconds: 1
steps:
  - {title: Thumb, instruction: Circle the thumb pad., hand: each, areas: [thumb], duration: 2}
  - {title: Warm, instruction: Rub the palms together., duration: 2}
"""

OPENING = len(wav_frames("start")) / (44_100 * 4)
"""Seconds the opening tone rings: 16-bit stereo frames at 44.1 kHz."""

ONE_HANDED_SCHEDULE = [
    (0.0, "start"),
    (OPENING + TONE_GAP, "step-left"),  # queued after the opening: the first hand is named
    (1.0, "pip-left"),
    (2.0, "switch-right"),
    (3.0, "step-right"),
    (4.0, "pip-right"),
    (5.0, "step-centre"),
    (6.0, "pip-centre"),
    (7.0, "finish"),
]
TOLERANCE = 0.25
"""On a busy machine each capture's own process can start late; order and sound are exact, and
`bench/` measures how close to the schedule the cues really are."""


@pytest.mark.parametrize(
    ("text", "schedule", "steps"),
    [(ROUTINE, SCHEDULE, 3), (ONE_HANDED_FIRST, ONE_HANDED_SCHEDULE, 2)],
    ids=["both-hands-first", "one-hand-first"],
)
def test_a_routine_sounds_every_cue_in_order_on_time(
    tmp_path: Path,
    make_sounds: ModuleType,
    text: str,
    schedule: list[tuple[float, str]],
    steps: int,
) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "by-ear.yaml").write_text(text, encoding="utf-8")
    run = run_command(
        [sys.executable, "-m", "handcue", "play", "by-ear", "--plain", "--yes"],
        tmp_path,
        env={
            "HANDCUE_ROUTINES": str(routines),
            "HANDCUE_AUDIO": "simpleaudio",
            "HANDCUE_DATA_DIR": str(tmp_path / "data"),
            "HANDCUE_CONFIG_DIR": str(tmp_path / "config"),
            "HANDCUE_CACHE_DIR": str(tmp_path / "cache"),
        },
    )
    assert run.returncode == 0, run.stderr
    assert f"{steps} of {steps} steps done" in run.stdout, run.stdout

    names = [name for _, name in schedule]
    assert len(run.captures) == len(schedule), f"expected {names}, got {len(run.captures)} sounds"
    first = run.captures[0].arrival
    for capture, (offset, name) in zip(run.captures, schedule, strict=True):
        expected = wav_frames(name)
        # a cue may be cut short by the next one, never changed
        assert capture.raw == expected[: len(capture.raw)], f"{name} is not the sound played"
        check_cue(capture, name, make_sounds)
        late = capture.arrival - first - offset
        assert abs(late) <= TOLERANCE, f"{name} arrived {late * 1000:+.0f} ms off schedule"
