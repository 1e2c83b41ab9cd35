"""Every mistake on the command line is one line that names the option and the fix: an option
given to the wrong command says where it belongs (never "did you mean" the same option), a
word chosen from a set gets "did you mean", and no command answers with a traceback or
argparse's own wording."""

from __future__ import annotations

import argparse

import pytest
from support.in_process import Finished, handcue

from handcue.cli.commands import COMMANDS
from handcue.cli.parser import build_parser


def one_line_refusal(result: Finished) -> str:
    assert result.returncode == 2, (result.args, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("handcue: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    for argparse_words in ("usage:", "Traceback", "invalid choice", "unrecognized arguments"):
        assert argparse_words not in result.stderr, result.stderr
    return result.stderr.strip()


@pytest.mark.parametrize(
    ("args", "belongs"),
    [
        (["show", "desk-break", "--json", "--yes"], "it belongs to 'play' and 'history'"),
        (["cues", "--list", "--json"], "it belongs to 'list', 'show' and 'history'"),
        (["goals", "--voice"], "it belongs to 'play' and 'render'"),
    ],
)
def test_an_option_of_another_command_says_where_it_belongs(args: list[str], belongs: str) -> None:
    line = one_line_refusal(handcue(*args))
    option = next(arg for arg in reversed(args) if arg.startswith("--"))
    assert f"{option} is not an option of 'handcue {args[0]}'; {belongs}" in line
    assert "did you mean" not in line


def test_an_option_of_handcue_itself_after_the_command_says_to_put_it_before() -> None:
    line = one_line_refusal(handcue("show", "desk-break", "--routines", "mine"))
    assert "--routines is not an option of 'handcue show'" in line
    assert "it goes before the command: handcue --routines DIR show ..." in line


def test_a_mistyped_option_is_matched_within_its_command_first() -> None:
    line = one_line_refusal(handcue("history", "--lmit", "3"))
    assert "no option --lmit for 'handcue history'; did you mean '--limit'?" in line
    # Close only to an option of other commands: named with where it belongs.
    line = one_line_refusal(handcue("cues", "--jsno"))
    assert "the nearest, --json, belongs to 'list', 'show' and 'history'" in line


def test_a_misspelt_check_in_mode_is_one_line_with_did_you_mean() -> None:
    line = one_line_refusal(handcue("checkins", "of"))
    assert (
        line == "handcue: checkins of: no such mode; did you mean 'off'? (modes: on, off, per-hand)"
    )


REQUIRED: dict[str, list[str]] = {
    "play": ["desk-break"],
    "render": ["desk-break", "out.wav"],
    "list": [],
    "show": ["desk-break"],
    "tweak": ["desk-break"],
    "new": ["mine"],
    "edit": ["desk-break"],
    "check": [],
    "goals": [],
    "schema": [],
    "cues": [],
    "doctor": [],
    "history": [],
    "checkins": [],
    "remind": [],
    "voice": [],
}
"""What each command needs before an option can be wrong."""


def test_every_command_is_tried() -> None:
    assert set(REQUIRED) == set(COMMANDS)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_an_unknown_option_is_one_line_naming_it(command: str | None) -> None:
    args = [command, *REQUIRED[command]] if command else []
    line = one_line_refusal(handcue(*args, "--no-such-option"))
    where = f"handcue {command}" if command else "handcue"
    assert f"no option --no-such-option for '{where}'" in line
    assert f"(see '{where} --help')" in line


MISSPELT: dict[tuple[str, str], tuple[list[str], str]] = {
    ("", "--goal"): (["--goal", "slep"], "--goal slep: no such goal; did you mean 'sleep'?"),
    ("", "COMMAND"): (["shwo"], "no command 'shwo'; did you mean 'show'?"),
    ("list", "--goal"): (
        ["list", "--goal", "stifness"],
        "--goal stifness: no such goal; did you mean 'stiffness'?",
    ),
    ("history", "--goal"): (
        ["history", "--goal", "carpal"],
        "--goal carpal: no such goal; did you mean 'carpal-tunnel'?",
    ),
    ("remind", "--goal"): (
        ["remind", "--goal", "desk-wrok", "--status"],
        "--goal desk-wrok: no such goal; did you mean 'desk-work'?",
    ),
    ("checkins", "MODE"): (["checkins", "per-han"], "did you mean 'per-hand'?"),
    ("voice", "MODE"): (["voice", "gidued"], "MODE gidued: no such voice mode; did you mean"),
    ("voice", "--engine"): (["voice", "--engine", "natral"], "did you mean 'natural'?"),
    ("voice", "--speak-by"): (["voice", "--speak-by", "screen-reder"], "'screen-reader'?"),
    ("play", "--speak-by"): (
        ["play", "desk-break", "--plain", "--speak-by", "voise"],
        "--speak-by voise: no such speaker; did you mean 'voice'?",
    ),
}
"""A misspelt value for every argument whose value is one of a known set."""


def _chosen_from_a_set(parser: argparse.ArgumentParser, owner: str) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.add((owner, "COMMAND"))
            for name, sub in action.choices.items():
                found |= _chosen_from_a_set(sub, name)
        elif (
            action.choices is not None
            or getattr(action.type, "__name__", "") == "goal"
            or getattr(action.type, "choices", None) is not None
        ):
            name = action.option_strings[-1] if action.option_strings else str(action.metavar)
            found.add((owner, name))
    return found


def test_every_argument_chosen_from_a_set_is_tried() -> None:
    assert _chosen_from_a_set(build_parser(), "") == set(MISSPELT)


@pytest.mark.parametrize("which", list(MISSPELT), ids=lambda which: " ".join(which).strip())
def test_a_misspelt_value_is_one_line_with_did_you_mean(which: tuple[str, str]) -> None:
    args, said = MISSPELT[which]
    line = one_line_refusal(handcue(*args))
    assert said in line


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["tweak", "desk-break", "--res"],
            "--res could be --reset or --reset-step; write the whole",
        ),
        (["history", "--since", "tomorrow"], "--since tomorrow: write a date such as 2026-11-01"),
        (["history", "--limit", "many"], "--limit many: write a whole number of sessions"),
        (["new", "mine", "--from", "desk-brake"], "--from desk-brake: no routine with the id"),
    ],
)
def test_other_mistakes_name_the_option_as_typed(args: list[str], said: str) -> None:
    line = one_line_refusal(handcue(*args))
    assert line.startswith(f"handcue: {said}"), line
