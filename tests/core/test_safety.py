"""The table of cautions a routine calls for: each rule, the wording of a warning, and what
does not count (moving a hand is not pressing on it; "no lotion" asks for none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handcue.core import safety
from handcue.core.loader import parse_routine
from handcue.core.routine import Routine
from handcue.core.vocabulary import PRECAUTIONS

HEAD = """\
title: Test
goals: [{goals}]
cautions: [{cautions}]
prepare: {prepare}
steps:
"""
STEP = """\
  - title: {title}
    instruction: {instruction}
    technique: {technique}
    hand: each
    areas: [{areas}]
    pressure: {pressure}
    duration: 30
"""


def routine(
    *steps: dict[str, str], goals: str = "pain", cautions: str = "", prepare: str = "Sit."
) -> Routine:
    text = HEAD.format(goals=goals, cautions=cautions, prepare=prepare)
    defaults = {"title": "A step", "instruction": "Do it.", "technique": "petrissage"}
    text += "".join(STEP.format(**{**defaults, **step}) for step in steps)
    return parse_routine(text, Path("mine.yaml"))


def missing(item: Routine) -> list[str]:
    return [finding.caution for finding in safety.missing(item)]


def test_every_rule_names_a_caution_in_the_catalogue() -> None:
    named = {rule.caution for rule in safety.STEP_RULES}
    named |= {rule.caution for rule in safety.GOAL_RULES}
    named |= {rule.caution for rule in safety.WORD_RULES}
    assert named <= set(PRECAUTIONS)


def test_firm_forearm_kneading_without_circulatory_is_named_by_step() -> None:
    item = routine(
        {"title": "Warm up", "areas": "palm", "pressure": "light"},
        {"title": "Knead the forearm", "areas": "forearm", "pressure": "firm"},
        cautions="osteoporosis, arthritis-flare, blood-thinners",
    )
    [finding] = safety.missing(item)
    assert finding.caution == "circulatory"
    assert finding.step == 2 and finding.line == item.steps[1].line
    problem = str(finding.problem(Path("mine.yaml")))
    assert problem.startswith(
        f"mine.yaml:{item.steps[1].line}: warning: step 2 'Knead the forearm'"
    )
    assert "add 'circulatory' (Circulatory disorders) to its cautions" in problem


def test_any_forearm_massage_counts_but_stretches_do_not() -> None:
    assert missing(routine({"areas": "forearm", "pressure": "moderate"})) == ["circulatory"]
    assert missing(routine({"areas": "forearm", "pressure": "light"})) == ["circulatory"]
    assert (
        missing(routine({"areas": "forearm", "pressure": "moderate", "technique": "stretch"})) == []
    )


def test_firm_pressure_anywhere_calls_for_bones_and_flare_ups() -> None:
    found = missing(routine({"areas": "palm", "pressure": "firm"}))
    assert found == ["osteoporosis", "arthritis-flare", "blood-thinners"]


def test_pressure_held_on_the_web_calls_for_pregnancy() -> None:
    item = routine(
        {
            "title": "Press the web",
            "areas": "web",
            "pressure": "moderate",
            "technique": "thumb-press",
        }
    )
    assert missing(item) == ["pregnancy"]
    assert missing(routine({"areas": "web", "pressure": "light"})) == []


def test_goals_call_for_their_cautions() -> None:
    assert missing(routine({"areas": "palm", "pressure": "light"}, goals="swelling")) == [
        "swelling-red-flags",
        "circulatory",
        "acute-injury",
        "cancer",
        "arthritis-flare",
        "pregnancy-swelling",
    ]
    assert missing(routine({"areas": "palm", "pressure": "light"}, goals="stiffness")) == [
        "arthritis-flare"
    ]


@pytest.mark.parametrize(
    ("prepare", "expected"),
    [
        ("Hold a warm compress over the hands.", ["heat"]),
        ("Soak your hands in warm water first.", ["heat"]),
        ("Hold a warm mug for a minute.", ["heat"]),
        ("Rub your palms together to warm them.", []),
        ("Skip it when joints are hot and swollen.", []),
        ("Smooth on a little lotion.", ["skin"]),
        ("No lotion needed.", []),
        ("Use it without oil.", []),
    ],
)
def test_the_preparation_calls_for_heat_and_skin_cautions(
    prepare: str, expected: list[str]
) -> None:
    assert missing(routine({"areas": "palm", "pressure": "light"}, prepare=prepare)) == expected


def test_a_named_caution_silences_its_rule_and_more_steps_are_counted() -> None:
    steps = [{"areas": "forearm", "pressure": "moderate", "title": f"Step {n}"} for n in range(3)]
    [finding] = safety.missing(routine(*steps))
    assert finding.reason.endswith("(so do steps 2 and 3)")
    assert safety.missing(routine(*steps, cautions="circulatory")) == []


ROUND_1 = Path(__file__).resolve().parents[1] / "data" / "library-round-1"
BUNDLED = Path(__file__).resolve().parents[2] / "routines"


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("carpal-tunnel-forearm", "presses on the wrist crease"),
        ("bedtime-wind-down", "add 'circulatory'"),
        ("swelling-drainage", "add 'arthritis-flare'"),
        ("desk-break", "let go if the fingers tingle"),
        ("overuse-pain-relief", "add 'cold'"),
        ("bedtime-wind-down", "uses light pressure but the study it cites (PubMed 20056221)"),
        ("gentle-joint-warm-up", "moderate pressure of the study it cites (PubMed 21982138)"),
        ("gentle-grip-older-hands", "no step works the forearm"),
        ("fifteen-minute-calm", "was given by volunteers"),
        ("grip-and-flexibility", "add 'blood-thinners'"),
    ],
)
def test_the_rules_catch_what_the_previous_library_missed(stem: str, expected: str) -> None:
    path = ROUND_1 / f"{stem}.yaml"
    item = parse_routine(path.read_text(encoding="utf-8"), path)
    assert any(expected in str(problem) for problem in safety.warnings(item))


@pytest.mark.parametrize("path", sorted(BUNDLED.glob("*.yaml")), ids=lambda path: path.stem)
def test_the_bundled_library_raises_no_warning(path: Path) -> None:
    item = parse_routine(path.read_text(encoding="utf-8"), path)
    assert [str(problem) for problem in safety.warnings(item)] == []
