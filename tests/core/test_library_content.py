"""Properties of the bundled routine library, so a careless edit to `routines/` fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from handcue.core.library import Library, load_library
from handcue.core.routine import Hand, Intensity, Pressure, Routine
from handcue.core.vocabulary import GOALS, PRECAUTIONS

BUNDLED = Path(__file__).resolve().parents[2] / "routines"
QUICK_LIMIT = 120.0
"""Seconds a quick routine (a desk break) may take at most."""
USUAL_RANGE = (5 * 60.0, 15 * 60.0)
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
    assert len(routines) >= 11


def test_every_goal_has_a_routine(routines: tuple[Routine, ...]) -> None:
    covered = {goal for routine in routines for goal in routine.goals}
    assert sorted(set(GOALS) - covered) == []


def test_there_is_a_quick_routine(routines: tuple[Routine, ...]) -> None:
    assert any(routine.total_seconds <= QUICK_LIMIT for routine in routines)


def test_most_routines_last_five_to_fifteen_minutes(routines: tuple[Routine, ...]) -> None:
    low, high = USUAL_RANGE
    outside = [
        (routine.id, routine.total_seconds)
        for routine in routines
        if not low <= routine.total_seconds <= high
    ]
    assert len(outside) * 5 <= len(routines), f"too many outside 5-15 minutes: {outside}"
    assert all(seconds <= high for _, seconds in outside), outside


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


def test_every_step_names_its_areas(routine: Routine) -> None:
    assert [step.title for step in routine.steps if not step.areas] == []


def test_step_keys_are_present_and_unique(routine: Routine) -> None:
    keys = [step.key for step in routine.steps]
    assert None not in keys, "every bundled step should have a key"
    assert len(keys) == len(set(keys)), f"repeated keys: {keys}"


def test_self_massage_mostly_works_one_hand_at_a_time(routine: Routine) -> None:
    if routine.total_seconds <= QUICK_LIMIT:
        return
    assert any(step.hand is Hand.EACH for step in routine.steps)


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
