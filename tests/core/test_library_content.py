"""Properties of the bundled routine library, so a careless edit to `routines/` fails loudly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handcue.core import safety
from handcue.core.articles import SECTIONS
from handcue.core.library import Library
from handcue.core.routine import Hand, Intensity, Pressure, Routine, Source
from handcue.core.vocabulary import ARTICLES, GOALS, PRECAUTIONS
from handcue.storage.routine_files import load_library

BUNDLED = Path(__file__).resolve().parents[2] / "routines"
QUICK_LIMIT = 120.0
"""Seconds a quick routine (a desk break) may take at most."""
SHORT_LIMIT = 5 * 60.0
"""A short routine, to repeat through the day or fit into a morning, lasts at most this."""
USUAL_RANGE = (5 * 60.0, 15 * 60.0)
MIN_ROUTINES = 22
WELL_SERVED_GOALS = (
    "sleep",
    "stiffness",
    "arthritis",
    "carpal-tunnel",
    "desk-work",
    "grip",
    "stress",
    "swelling",
    "headache",
    "neuropathy",
)
"""Goals people look for most: each needs a choice of routines, one of them short."""
MAX_TITLE = 32
"""Characters in a step title, so it is spoken in a breath and fits the player's title line."""
BELL_MIN_SECONDS = 40.0
"""A step that splits at the bell must still have one at half pace (the bell needs 20 s)."""
KNOWN_STUDIES = {
    "Hand pain is reduced by massage therapy": ("pubmed", "21982138"),
    "The Immediate Effects of Manual Massage of Forearm on Power-Grip Strength and Endurance "
    "in Healthy Young Men": ("pmc", "PMC4913123"),
    "Benefits of hand massage on anxiety in preoperative outpatient: A quasi-experimental "
    "study with pre- and post-tests": ("pubmed", "32919894"),
    "Effectiveness of acupressure for residents of long-term care facilities with insomnia: "
    "a randomized controlled trial": ("pubmed", "20056221"),
}
"""The studies the articles give with their PubMed or PMC numbers: cited, they carry them."""
SCHEMA_LINE = "# yaml-language-server: $schema=../src/handcue/schema/routine.schema.json"

ROUTINE_FILES = sorted(BUNDLED.glob("*.yaml"))


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(bundled_dir=BUNDLED)


@pytest.fixture(scope="module")
def routines(library: Library) -> tuple[Routine, ...]:
    return library.routines


def test_every_bundled_file_loads(library: Library) -> None:
    assert ROUTINE_FILES, "no routine files found in routines/"
    assert [str(problem) for problem in library.problems] == []
    assert len(library.routines) == len(ROUTINE_FILES)


def test_library_is_big_enough(routines: tuple[Routine, ...]) -> None:
    assert len(routines) >= MIN_ROUTINES


@pytest.mark.parametrize("goal", WELL_SERVED_GOALS)
def test_a_well_served_goal_has_a_choice_and_a_short_routine(
    routines: tuple[Routine, ...], goal: str
) -> None:
    serving = [routine for routine in routines if goal in routine.goals]
    assert len(serving) >= 2, [routine.id for routine in serving]
    short = [routine.id for routine in serving if routine.total_seconds <= SHORT_LIMIT]
    assert short, f"no routine for {goal} of {SHORT_LIMIT / 60:g} minutes or less"


def test_every_goal_has_a_routine(routines: tuple[Routine, ...]) -> None:
    covered = {goal for routine in routines for goal in routine.goals}
    assert sorted(set(GOALS) - covered) == []


@pytest.mark.parametrize("goal", sorted(GOALS))
def test_every_goal_has_a_routine_of_five_minutes_or_less(
    routines: tuple[Routine, ...], goal: str
) -> None:
    serving = {routine.id: routine.total_seconds for routine in routines if goal in routine.goals}
    short = [key for key, seconds in serving.items() if seconds <= SHORT_LIMIT]
    assert short, f"no routine for {goal} of {SHORT_LIMIT / 60:g} minutes or less: {serving}"


def test_there_is_a_quick_routine(routines: tuple[Routine, ...]) -> None:
    assert any(routine.total_seconds <= QUICK_LIMIT for routine in routines)


def test_routines_are_short_or_last_five_to_fifteen_minutes(
    routines: tuple[Routine, ...],
) -> None:
    low, high = USUAL_RANGE
    assert [r.id for r in routines if r.total_seconds > high] == []
    usual = [r for r in routines if low <= r.total_seconds <= high]
    assert len(usual) * 2 >= len(routines), "most routines should be full sessions"


def test_titles_are_unique(routines: tuple[Routine, ...]) -> None:
    titles = [routine.title.casefold() for routine in routines]
    duplicates = sorted({title for title in titles if titles.count(title) > 1})
    assert duplicates == []


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda path: path.stem)
def test_file_opens_with_the_schema_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_LINE


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda path: path.stem)
def test_id_is_the_file_stem(library: Library, path: Path) -> None:
    routine = library.get(path.stem)
    assert routine is not None, f"{path.name} sets an id that differs from its file name"
    assert routine.path is not None and routine.path.name == path.name


def routine_ids() -> list[str]:
    return [path.stem for path in ROUTINE_FILES]


@pytest.fixture(params=routine_ids())
def routine(request: pytest.FixtureRequest, library: Library) -> Routine:
    found = library.get(request.param)
    assert found is not None, f"{request.param} did not load"
    return found


def test_routine_describes_itself(routine: Routine) -> None:
    assert routine.summary.strip()
    assert routine.prepare.strip()
    assert routine.sources
    assert routine.goals
    assert set(routine.cautions) <= set(PRECAUTIONS)


def test_routine_names_every_caution_its_steps_call_for(routine: Routine) -> None:
    assert [str(finding.problem(Path(routine.id))) for finding in safety.missing(routine)] == []


def test_sources_name_the_articles_by_title(routine: Routine) -> None:
    articles = [source.article for source in routine.sources if source.article]
    assert articles, "no source names an article"
    assert set(articles) <= set(ARTICLES)
    for source in routine.sources:
        assert source.article or source.outside, f"{source} is neither an article nor outside"
        assert "seed" not in (source.article + source.note + source.outside).casefold()


def _section_problem(source: Source) -> str:
    """Why `source` names a section its article does not have, or '' when it names a real one."""
    if not source.section:
        return ""
    if source.section in SECTIONS.get(source.article, ()):
        return ""
    return f"{source.article!r} has no section {source.section!r}"


def test_cited_sections_exist_in_their_article(routine: Routine) -> None:
    problems = [_section_problem(source) for source in routine.sources]
    assert [problem for problem in problems if problem] == []


def test_the_precautions_cite_sections_that_exist() -> None:
    problems = [
        f"{key}: {_section_problem(source)}"
        for key, precaution in PRECAUTIONS.items()
        for source in precaution.sources
        if _section_problem(source)
    ]
    assert problems == []


def test_every_step_is_sourced_to_a_section_or_marked_outside(routine: Routine) -> None:
    """Each step is named by a source that says where it comes from: the section of an
    article that describes it, or a reason it comes from outside the articles."""
    backed: set[str] = set()
    for source in routine.sources:
        if source.outside.strip() or (source.article and source.section):
            backed.update(source.steps)
    assert [step.key for step in routine.steps if step.key not in backed] == []


def test_a_source_for_steps_names_the_section_it_rests_on(routine: Routine) -> None:
    """Every article has headings (the how-to article its numbered steps), so a source that
    stands behind steps can say which part of the article describes them."""
    vague = [
        f"{source.article}: {', '.join(source.steps)}"
        for source in routine.sources
        if source.article and source.steps and not source.section
    ]
    assert vague == []


def test_every_article_is_catalogued_with_its_headings() -> None:
    assert set(SECTIONS) == set(ARTICLES)
    for article, headings in SECTIONS.items():
        assert headings and len(set(headings)) == len(headings), article


def test_studies_the_articles_number_carry_their_numbers(routine: Routine) -> None:
    for source in routine.sources:
        if source.study is None or source.study.title not in KNOWN_STUDIES:
            continue
        field, value = KNOWN_STUDIES[source.study.title]
        assert getattr(source.study, field) == value, source.study


def test_step_titles_are_short_and_distinct(routine: Routine) -> None:
    long = [step.title for step in routine.steps if len(step.title) > MAX_TITLE]
    assert long == []
    # a routine for someone else's hands repeats its steps, once per hand
    named = [(step.title.casefold(), step.hand) for step in routine.steps]
    assert len(named) == len(set(named)), f"repeated titles in {routine.id}"


def test_a_step_split_at_the_bell_says_both_halves_and_keeps_its_bell(routine: Routine) -> None:
    for step in routine.steps:
        text = step.instruction
        if not re.search(r"\bbell\b|first half", text, re.IGNORECASE):
            continue
        assert "after the bell" in text.casefold() or "until the bell" in text.casefold(), text
        assert step.duration >= BELL_MIN_SECONDS, f"{step.title}: {step.duration:g}s"


_FIRM_WORDS = re.compile(r"\b(firm|firmly|hard)\b", re.IGNORECASE)
_LIGHT_WORDS = re.compile(r"\b(light|lightly|soft|softly|feather-light|gently)\b", re.IGNORECASE)


def test_pressure_labels_agree_with_the_words(routine: Routine) -> None:
    for step in routine.steps:
        if step.pressure is None:
            continue
        firm = bool(_FIRM_WORDS.search(step.instruction))
        light = bool(_LIGHT_WORDS.search(step.instruction))
        said = "firm" if firm else "light" if light else "moderate"
        assert (firm and light) is False, step.title
        assert said == step.pressure.value, f"{step.title}: labelled {step.pressure}, says {said}"


def test_a_routine_for_someone_else_says_their_in_every_step(routine: Routine) -> None:
    if not routine.partner:
        return
    assert [s.title for s in routine.steps if "their" not in s.instruction.split()] == []


def test_every_step_names_its_areas(routine: Routine) -> None:
    assert [step.title for step in routine.steps if not step.areas] == []


def test_step_keys_are_present_and_unique(routine: Routine) -> None:
    keys = [step.key for step in routine.steps]
    assert None not in keys, "every bundled step should have a key"
    assert len(keys) == len(set(keys)), f"repeated keys: {keys}"


def test_self_massage_mostly_works_one_hand_at_a_time(routine: Routine) -> None:
    if routine.total_seconds <= QUICK_LIMIT:
        return
    if "scars" in routine.goals:
        return  # a scar is on one hand, and which one the routine cannot know
    assert any(step.hand is not Hand.BOTH for step in routine.steps)


def test_firm_pressure_warns_about_fragile_bones(routine: Routine) -> None:
    if any(step.pressure is Pressure.FIRM for step in routine.steps):
        assert "osteoporosis" in routine.cautions


@pytest.mark.parametrize(
    ("goal", "caution"),
    [
        ("arthritis", "arthritis-flare"),
        ("swelling", "circulatory"),
        ("swelling", "acute-injury"),
        ("neuropathy", "neuropathy"),
    ],
)
def test_goal_carries_its_caution(routines: tuple[Routine, ...], goal: str, caution: str) -> None:
    missing = [r.id for r in routines if goal in r.goals and caution not in r.cautions]
    assert missing == []


def test_sleep_routines_slow_their_strokes(routines: tuple[Routine, ...]) -> None:
    for routine in routines:
        if "sleep" not in routine.goals:
            continue
        slowing = [
            step
            for step in routine.steps
            if step.tempo is not None and step.tempo_end is not None and step.tempo_end < step.tempo
        ]
        assert slowing, f"{routine.id} has no step whose pacer slows down"


def test_gentle_routines_stay_off_firm_pressure(routines: tuple[Routine, ...]) -> None:
    for routine in routines:
        if routine.intensity is Intensity.GENTLE:
            assert all(step.pressure is not Pressure.FIRM for step in routine.steps), routine.id


_PUTS_ON = next(rule.pattern for rule in safety.WORD_RULES if rule.caution == "skin")
_SAYS_WHEN = re.compile(r"before (?:the first step|you start|you begin)", re.IGNORECASE)


def test_a_routine_with_lotion_says_when_to_put_it_on(routine: Routine) -> None:
    """With closed eyes there is no moment to look for it: the preparation says "before the
    first step", or a step says it as it comes."""
    if not safety.mentions(_PUTS_ON, routine.prepare):
        return
    in_a_step = any(_PUTS_ON.search(step.instruction) for step in routine.steps)
    assert in_a_step or _SAYS_WHEN.search(routine.prepare), routine.prepare


PROPS = {
    "sock": ("sock",),
    "towel": ("towel",),
    "cushion": ("cushion", "pillow"),
    "pillow": ("pillow", "cushion"),
    "ball": ("ball",),
    "mug": ("mug",),
    "table": ("table", "desk"),
    "desk": ("desk", "table"),
}
"""Things a step may ask the hands to use, and the words a preparation may use for them."""


def test_what_a_step_uses_is_in_the_preparation(routine: Routine) -> None:
    """Someone following with closed eyes cannot go and fetch a sock mid-routine."""
    prepare = routine.prepare.casefold()
    missing = [
        f"{step.title}: {thing}"
        for step in routine.steps
        for thing, words in PROPS.items()
        if re.search(rf"\b{thing}s?\b", step.instruction, re.IGNORECASE)
        and not any(re.search(rf"\b{word}", prepare) for word in words)
    ]
    assert missing == []


BREATHS_PER_MINUTE = 6.0
"""The slowest pace the breathing steps set; a press held for each out-breath needs as long."""


def test_presses_timed_to_the_breath_leave_time_to_breathe(routine: Routine) -> None:
    for step in routine.steps:
        if step.reps is None or not re.search(r"breathe out|out-breath", step.instruction):
            continue
        seconds_per_press = step.duration / step.reps
        assert seconds_per_press >= 60 / BREATHS_PER_MINUTE, f"{step.title}: {step.reps} presses"
