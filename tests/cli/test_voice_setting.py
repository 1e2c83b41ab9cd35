"""`handcue voice`: the voice's settings on the command line, kept in the user database where
the app's palette and plain mode read them; `doctor` names the voice live play speaks with."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import in_process

from handcue.core.guided_text import VoiceMode
from handcue.services.user_data import UserData


def kept() -> tuple[VoiceMode | None, str, str]:
    user = UserData()
    try:
        return user.voice_choice(), user.voice_engine(), user.speak_by()
    finally:
        user.close()


def test_without_a_mode_it_says_the_settings_and_changes_nothing() -> None:
    done = in_process.handcue("voice")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "The voice guides: auto: the whole instruction for a routine's first 3 plays, then "
        "only each step's hand, name and length."
    )
    assert lines[1].startswith("Voice engine: auto: ")
    assert lines[2] == "In plain mode the words are said by the voice."
    assert kept() == (None, "auto", "voice")


def test_each_setting_is_kept_and_said_back() -> None:
    done = in_process.handcue(
        "voice", "guided", "--engine", "system", "--speak-by", "screen-reader"
    )
    assert done.returncode == 0, done.stderr
    assert kept() == (VoiceMode.GUIDED, "system", "screen-reader")
    assert "The voice guides: guided: every step's whole instruction" in done.stdout
    assert "Voice engine: system: " in done.stdout
    assert "said by your screen reader" in done.stdout
    assert in_process.handcue("voice", "auto").returncode == 0
    assert kept() == (None, "system", "screen-reader")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["voice", "guidd"],
            "handcue: MODE guidd: no such voice mode; did you mean 'guided'? "
            "(choose from guided, brief, auto)\n",
        ),
        (
            ["voice", "--engine", "natrual"],
            "handcue: --engine natrual: no such voice engine; did you mean 'natural'? "
            "(choose from natural, system, auto)\n",
        ),
        (
            ["play", "desk-break", "--plain", "--speak-by", "reader"],
            "handcue: --speak-by reader: no such speaker; did you mean 'screen-reader'? "
            "(choose from voice, screen-reader)\n",
        ),
    ],
)
def test_a_wrong_value_is_one_line_naming_the_choices(args: list[str], message: str) -> None:
    done = in_process.handcue(*args)
    assert (done.returncode, done.stderr, done.stdout) == (2, message, "")
    assert kept() == (None, "auto", "voice")


def test_a_setting_that_cannot_be_kept_is_said_and_not_claimed() -> None:
    # A folder where the database file should be: it cannot be opened, whoever runs this.
    (Path(os.environ["HANDCUE_DATA_DIR"]) / "handcue.sqlite3").mkdir(parents=True)
    done = in_process.handcue("voice", "brief")
    assert done.returncode == 1
    assert "The voice guides" not in done.stdout
    assert done.stderr.startswith("handcue: ") and "handcue.sqlite3" in done.stderr


def test_doctor_names_the_voice_live_play_speaks_with(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDCUE_SPEECH", "espeak-ng")
    done = in_process.handcue("doctor")
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("voice "))
    assert "live play speaks with espeak-ng" in line or "no voice" in line
    assert "as HANDCUE_SPEECH says" in line or "no voice" in line
    assert "(engine setting: auto)" in line


LONG_WORDS = """\
title: Long words
goals: [grip]
steps:
  - title: Press
    instruction: >-
      Press slowly along the thumb and breathe out as you press. Let go as you breathe in.
      Move a finger's width along and press again. Keep the pressure light. Ease off at once
      if anything tingles or hurts.
    hand: left
    areas: [thumb]
    duration: 10
  - title: Rest
    instruction: Rest.
    duration: 30
"""


def _expected_guided(folder: Path) -> float:
    from handcue.services.guided_time import PACES, guided_seconds
    from handcue.services.voices import bank_tone_lengths
    from handcue.storage.routine_files import load_folder

    routines, _ = load_folder(folder)
    routine = next(r for r in routines if r.id == "long-words")
    return guided_seconds(
        routine, None, PACES["espeak-ng"].seconds, tone_seconds=bank_tone_lengths()
    )


def test_list_and_show_give_the_time_with_the_voice_guiding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock waits while the long instruction is said: list and show say how long that
    makes the routine, beside its time; routines the guidance does not lengthen show none."""
    from handcue.core.durations import format_short

    monkeypatch.setenv("HANDCUE_SPEECH", "espeak-ng")  # its measured pace, no natural voice
    folder = Path(os.environ["HANDCUE_ROUTINES"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "long-words.yaml").write_text(LONG_WORDS, encoding="utf-8")
    guided = _expected_guided(folder)
    assert guided > 45  # 40 s of steps, and the words run past the first one's 10 s
    listed = in_process.handcue("list", "--goal", "grip")
    assert listed.returncode == 0, listed.stderr
    header = listed.stdout.splitlines()[0]
    assert "GUIDED" in header
    row = next(line for line in listed.stdout.splitlines() if line.startswith("long-words"))
    assert row.split()[-2:] == ["40s", format_short(guided)]
    assert "the clock waits while each instruction is said" in listed.stdout
    data = json.loads(in_process.handcue("list", "--json").stdout)
    long = next(entry for entry in data if entry["id"] == "long-words")
    assert long["guided_seconds"] == pytest.approx(guided, abs=0.05)
    shown = in_process.handcue("show", "long-words")
    assert f"time: 40s, {format_short(guided)} with the voice guiding" in shown.stdout


def test_a_routine_the_guidance_does_not_lengthen_shows_no_guided_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HANDCUE_SPEECH", "espeak-ng")
    shown = in_process.handcue("show", "bedtime-wind-down")
    assert shown.returncode == 0
    time_line = next(line for line in shown.stdout.splitlines() if line.startswith("time: "))
    assert "guiding" not in time_line
