"""The table of cautions a routine calls for: each rule, the wording of a warning, and what
does not count (moving a hand is not pressing on it; "no lotion" asks for none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handcue.core import evidence, safety
from handcue.core.loader import parse_routine
from handcue.core.routine import Routine, Study
from handcue.core.vocabulary import GOALS, PRECAUTIONS

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


def test_every_goal_rule_names_a_goal_people_can_pick() -> None:
    assert sorted({rule.goal for rule in safety.GOAL_RULES} - set(GOALS)) == []


def test_a_dry_skin_routine_calls_for_the_skin_caution() -> None:
    assert missing(routine({"areas": "palm", "pressure": "light"}, goals="dry-skin")) == ["skin"]


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
        ("Lay a chilled towel over the hands afterwards.", ["cold"]),
        ("Hold an iced flannel on the sore spot.", ["cold"]),
        ("Wrap a bag of frozen peas in a cloth.", ["cold"]),
        ("Skip ice on numb skin.", []),
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


def over_the_tunnel(instruction: str, areas: str, pressure: str, goals: str) -> bool:
    item = routine({"instruction": instruction, "areas": areas, "pressure": pressure}, goals=goals)
    return any("over the carpal tunnel" in wording.reason for wording in safety.unsafe_steps(item))


@pytest.mark.parametrize(
    ("instruction", "areas", "pressure"),
    [
        ("Knead firmly at the wrist.", "forearm", "firm"),
        ("Press small circles all over the palm.", "palm", "moderate"),
        ("Press circles on the heel of the hand.", "palm", "moderate"),
        ("Press circles from the wrist crease up the forearm.", "forearm", "moderate"),
    ],
)
def test_pressing_over_the_tunnel_in_a_carpal_tunnel_routine_is_flagged(
    instruction: str, areas: str, pressure: str
) -> None:
    assert over_the_tunnel(instruction, areas, pressure, "carpal-tunnel")
    assert not over_the_tunnel(instruction, areas, "light", "carpal-tunnel")
    assert not over_the_tunnel(instruction, areas, pressure, "pain")


@pytest.mark.parametrize(
    "instruction",
    [
        "Press circles from two finger-widths above the wrist crease up the forearm.",
        "Knead the pad below the thumb out toward the web, keeping off the wrist.",
        "Press circles over the palm. Ease off as you near the heel of the hand.",
        "Stroke over the back of the hand, from the knuckles to the wrist.",
    ],
)
def test_pressing_clear_of_the_tunnel_is_not_flagged(instruction: str) -> None:
    assert not over_the_tunnel(instruction, "palm, forearm", "moderate", "carpal-tunnel")


STUDY_ROUTINE = """\
title: Test
goals: [grip]
sources:
  - article: "How Does Massage Help The Muscles Of The Hand?"
    note: {note}
    study: {{title: "{title}"{number}}}
steps:
  - title: Knead the forearm
    key: knead
    instruction: Knead it.
    technique: petrissage
    hand: each
    areas: [{areas}]
    pressure: {pressure}
    duration: 30
"""


def study_warnings(
    title: str, note: str, *, number: str = "", areas: str = "forearm", pressure: str = "moderate"
) -> list[str]:
    text = STUDY_ROUTINE.format(
        title=title, note=note, number=number, areas=areas, pressure=pressure
    )
    item = parse_routine(text, Path("mine.yaml"))
    return [mismatch.reason for mismatch in evidence.mismatches(item)]


BROOKS = "The immediate effects of manual massage on power-grip performance after maximal exercise"
HILBERT = "The effects of massage on delayed onset muscle soreness (Hilbert and others, 2003)"
GOK_METIN = "Aromatherapy massage for neuropathic pain and quality of life in diabetic patients"
FIELD = "Carpal tunnel syndrome symptoms are lessened following massage therapy"


@pytest.mark.parametrize(
    ("title", "silent", "saying", "expected"),
    [
        (BROOKS, "Grip came back sooner.", "Given by someone else.", "was given by someone else"),
        ("Brooks et al., 2005", "Grip came back.", "Given to them.", "was given by someone else"),
        (
            HILBERT,
            "Less sore two days later, given by someone else.",
            "The hamstrings, given by someone else.",
            "no step works the hamstrings",
        ),
        (GOK_METIN, "Nerve pain eased.", "Given by nurses.", "was given by nurses"),
    ],
)
def test_studies_cited_by_title_are_held_to_what_they_did(
    title: str, silent: str, saying: str, expected: str
) -> None:
    assert any(expected in reason for reason in study_warnings(title, silent))
    assert study_warnings(title, saying) == []


def test_the_carpal_tunnel_trial_had_people_massage_themselves_too() -> None:
    trial = evidence.trial_of(Study(title=f"{FIELD} (Field and others, 2004)"))
    assert trial is not None and trial.self_massage
    assert study_warnings(FIELD, "Sixteen adults, four weeks.") == []


def test_the_grip_study_was_firm_work_on_forearm_and_hand() -> None:
    """PMC4913123 massaged the forearm and the hand with deep strokes and kneading: a light
    step on the hand differs in pressure, not in place."""
    title = "The Immediate Effects of Manual Massage of Forearm on Power-Grip Strength"
    number = ", pmc: PMC4913123"
    light_hand = study_warnings(
        title, "Given by someone else.", number=number, areas="palm", pressure="light"
    )
    assert any("firm pressure" in reason for reason in light_hand)
    assert not any("works the" in reason for reason in light_hand)
    saying = study_warnings(
        title, "Firm, given by someone else.", number=number, areas="palm", pressure="light"
    )
    assert saying == []


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
        ("gentle-grip-older-hands", "no step uses the firm pressure of the study it cites"),
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
