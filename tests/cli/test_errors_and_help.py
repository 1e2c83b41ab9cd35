"""Consistent errors and help: one line naming the option, the value and what is allowed, never
the usage block; "did you mean" for every word chosen from a known set; each command listed
once, each with its description; YAML syntax errors in plain words with line and column."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from support.in_process import handcue

from handcue.cli.commands import COMMANDS


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["play", "desk-break", "--volume", "150"],
            "--volume 150: the volume is a whole number from 0 to 100",
        ),
        (["cues", "--volume", "-1"], "--volume -1: the volume is a whole number from 0 to 100"),
        (["list", "--max-minutes", "0"], "--max-minutes 0: the number of minutes must be above 0"),
        (
            ["play", "desk-break", "--minutes", "0"],
            "--minutes 0: the number of minutes must be above 0 and at most 1440",
        ),
        (
            ["play", "desk-break", "--length", "0.05"],
            "--length 0.05: a length must be from 10% to 400%",
        ),
        (
            ["play", "desk-break", "--length", "12"],
            "to fit the routine into 12 minutes, use --minutes 12",
        ),
        (["play", "desk-break", "--scale", "5"], "--scale 5: a length must be from 10% to 400%"),
        (
            ["play", "desk-break", "--announce-next", "0"],
            "--announce-next 0: the number of seconds must be above 0 and at most 3600",
        ),
        (["play", "desk-break", "--volume"], "--volume needs a value (0-100)"),
        (["list", "--json=yes"], "--json takes no value"),
        (
            ["play", "desk-break", "--length", "2", "--minutes", "3"],
            "--minutes and --length cannot be given together",
        ),
        (["play"], "missing ID; see 'handcue play --help'"),
        (
            ["play", "desk-break", "--minutes", "1000"],
            "--minutes 1000: Cannot stretch Two-minute desk break to 1000m",
        ),
        (
            ["play", "desk-break", "--minutes", "-1"],
            "--minutes -1: the number of minutes must be above 0 and at most 1440",
        ),
    ],
)
def test_a_mistake_is_one_line_naming_the_option_and_what_is_allowed(
    args: list[str], said: str
) -> None:
    result = handcue(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("handcue: ")
    assert said in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "usage:" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--goal", "slep"], "--goal slep: no such goal; did you mean 'sleep'?"),
        (["list", "--goal", "Carpal_tunel"], "did you mean 'carpal-tunnel'?"),
        (["lsit"], "no command 'lsit'; did you mean 'list'?"),
        (
            ["play", "desk-break", "--voise"],
            "no option --voise for 'handcue play'; did you mean '--voice'?",
        ),
        (["play", "desk-brake"], "no routine with the id 'desk-brake'; did you mean 'desk-break'?"),
        (
            ["tweak", "desk-break", "--step", "wrist-circle=30s"],
            'no step has the key "wrist-circle" in Two-minute desk break; did you mean "wrist-circles"?',
        ),
        (["tweak", "desk-break", "--reset-step", "web-pres"], 'did you mean "web-press"?'),
    ],
)
def test_a_word_from_a_known_set_gets_did_you_mean(args: list[str], said: str) -> None:
    result = handcue(*args)
    assert result.returncode == 2
    assert said in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


BLINK = """\
id: blink
title: Blink
goals: [stress]
steps:
  - {title: Rest, instruction: Rest both hands., duration: 1}
"""


def test_settings_from_the_environment_get_did_you_mean() -> None:
    speech = handcue("doctor", env={"HANDCUE_SPEECH": "espeak-nh"})
    assert "unknown speech engine 'espeak-nh'; did you mean 'espeak-ng'?" in speech.stdout
    audio = handcue("list", env={"HANDCUE_AUDIO": "slient"})
    assert audio.returncode == 0
    # A one-second routine: the line is said when the player opens, and the routine still plays.
    routines = Path(os.environ["HANDCUE_ROUTINES"])
    routines.mkdir(parents=True, exist_ok=True)
    (routines / "blink.yaml").write_text(BLINK, encoding="utf-8")
    played = handcue("play", "blink", "--plain", "--yes", env={"HANDCUE_AUDIO": "slient"})
    assert "HANDCUE_AUDIO='slient' is not a sound backend; did you mean 'silent'?" in played.stderr
    assert played.returncode == 0, played.stderr
    assert "1 of 1 steps done" in played.stdout


def test_a_misspelt_key_in_tweaks_yaml_gets_did_you_mean() -> None:
    config = Path(os.environ["HANDCUE_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "tweaks.yaml").write_text("desk-break:\n  lenght: 150%\n", encoding="utf-8")
    result = handcue("show", "desk-break")
    assert result.returncode == 0
    assert (
        'tweaks.yaml:2: "desk-break" has "lenght", but only "length" and "steps" are known; did you mean "length"?'
        in result.stderr
    )


def test_help_lists_each_command_once_with_its_description() -> None:
    result = handcue("--help")
    assert result.returncode == 0
    text = result.stdout
    for name, (_, description) in COMMANDS.items():
        lines = [line for line in text.splitlines() if re.match(rf"\s+{name}\b", line)]
        assert len(lines) == 1, (name, lines)
        assert description in lines[0]
    assert "{play," not in text


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_command_has_its_description_line(command: str) -> None:
    result = handcue(command, "--help")
    assert result.returncode == 0
    usage, description, *_ = result.stdout.split("\n\n")
    assert usage.startswith(f"usage: handcue {command}")
    assert description == COMMANDS[command][1].capitalize() + "."


def test_scale_still_works_and_is_not_in_the_help() -> None:
    assert handcue("tweak", "desk-break", "--scale", "2").returncode == 0
    assert "length 200%" in handcue("show", "desk-break").stdout
    shown = handcue("play", "--help").stdout
    assert "--length PERCENT" in shown and "--scale X" not in shown
    assert "--scale is the old name of --length" in " ".join(shown.split())


MISALIGNED = """\
title: Misaligned
goals: [sleep]
steps:
  - title: First
    instruction: Rub the palms.
    duration: 20
   - title: Second
    instruction: Shake out.
    duration: 20
"""


def test_a_yaml_syntax_error_is_said_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(MISALIGNED, encoding="utf-8")
    result = handcue("check", str(path))
    assert result.returncode == 1
    assert (
        f"{path}:7:4: not valid YAML: this line does not line up with the list that starts "
        "on line 4: every '- ' of that list starts in column 3" in result.stdout
    )
    assert "did not find expected" not in result.stdout + result.stderr
