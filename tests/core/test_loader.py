"""The loader against routine files on disk: what is accepted, and what each mistake reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handcue.core.loader import MAX_FILE_BYTES, LoadError, parse_routine
from handcue.core.routine import Area, Hand, Intensity, Pressure, Technique
from handcue.storage.routine_files import load_routine

DATA = Path(__file__).parent.parent / "data"
INVALID = sorted((DATA / "invalid").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+):(\d*): (.*)$")


def expectations(path: Path) -> list[tuple[int, int | None, str]]:
    """`# expect: LINE:COL: text` comments; an empty COL accepts any column."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := EXPECT.match(line):
            column = int(match[2]) if match[2] else None
            found.append((int(match[1]), column, match[3]))
    return found


def problems_of(path: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_routine(path)
    return [str(problem) for problem in caught.value.problems]


def test_full_example_reads_every_field() -> None:
    routine = load_routine(DATA / "valid" / "full.yaml")
    assert routine.id == "full-example"
    assert routine.goals == ("sleep", "stress")
    assert routine.intensity is Intensity.MODERATE
    assert routine.cautions == ("skin", "severe-pain")
    assert routine.switch_seconds == 5
    assert [step.duration for step in routine.steps] == [90, 90, 90, 90]
    first, second, third, fourth = routine.steps
    assert first.hand is Hand.EACH and first.areas == (Area.BACK, Area.WRIST)
    assert first.technique is Technique.EFFLEURAGE and first.pressure is Pressure.LIGHT
    assert (first.tempo, first.tempo_end, first.key) == (40, 24, "number")
    assert second.reps == 3 and second.hand is Hand.LEFT
    assert third.hand is Hand.RIGHT
    assert fourth.hand is Hand.BOTH, "hand defaults to both"
    assert first.line == 13
    # each step counts twice, plus one switch pause
    assert routine.total_seconds == 90 * 2 + 5 + 90 * 3


def test_id_defaults_to_file_stem_and_merge_keys_work() -> None:
    routine = load_routine(DATA / "valid" / "anchors.yml")
    assert routine.id == "anchors"
    assert [(s.title, s.duration, s.hand) for s in routine.steps] == [
        ("First", 20, Hand.EACH),
        ("Second", 30, Hand.EACH),
    ]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_reports_every_expected_problem(path: Path) -> None:
    problems = problems_of(path)
    expected = expectations(path) or [(1, 1, "the file is empty")]
    for line, column, text in expected:
        prefix = f"{path}:{line}:{column}: " if column is not None else f"{path}:{line}:"
        if line == 0:
            prefix = f"{path}: "
        assert any(p.startswith(prefix) and text in p for p in problems), (
            f"missing {prefix}...{text}\ngot:\n" + "\n".join(problems)
        )
    assert len(problems) == len(expected), "\n".join(problems)


def test_every_problem_names_the_file(tmp_path: Path) -> None:
    for path in INVALID:
        for problem in problems_of(path):
            assert problem.startswith(str(path))


def test_oversized_file_fails_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    [problem] = problems_of(path)
    assert "routine files may be at most" in problem


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"title: caf\xe9\ngoals: [sleep]\n")
    assert problems_of(latin) == [f"{latin}:1:11: the file is not UTF-8 text; save it as UTF-8"]
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"title: x\n  \x00\x01\x02")
    assert problems_of(binary) == [f"{binary}:2:3: the file holds binary data, not YAML text"]


def test_unreadable_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path / "missing.yaml")
    assert "cannot read the file" in problem


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(
        "\ufefftitle: Café\ngoals: [sleep]\nsteps: [{title: a, instruction: b, duration: 5}]\n".encode()
    )
    assert load_routine(path).title == "Café"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_escape_as_anything_but_load_error(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        parse_routine(text, Path("fuzz.yaml"))
    except LoadError as error:
        assert error.problems
        assert all(str(p).startswith("fuzz.yaml") for p in error.problems)


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=8),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(["title", "goals", "steps", "duration", "x"]), children, max_size=4
            )
        ),
        max_leaves=20,
    )
)
def test_arbitrary_yaml_structures_are_reported_not_raised(value: object) -> None:
    import yaml

    text = yaml.safe_dump(value)
    try:
        parse_routine(text, Path("fuzz.yaml"))
    except LoadError as error:
        assert error.problems


@pytest.mark.parametrize(
    ("name", "expected"),
    [("café.yaml", "cafe"), ("Évening Hands.yaml", "evening-hands"), ("手.yaml", "routine")],
)
def test_the_default_id_keeps_accented_letters(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(
        "title: T\ngoals: [sleep]\nsteps:\n  - {title: a, instruction: b, duration: 5}\n",
        encoding="utf-8",
    )
    assert load_routine(path).id == expected


def test_sources_read_articles_studies_outside_steps_and_plain_text() -> None:
    routine = load_routine(DATA / "valid" / "sources.yaml")
    sleep, grip, outside, plain = routine.sources
    assert sleep.article == "8 Top Health Benefits of Hand Massages"
    assert (sleep.section, sleep.note, sleep.steps) == (
        "#7 Better Sleep",
        "The HT7 point, pressed with moderate pressure in the study.",
        ("wrist-point",),
    )
    assert sleep.study is not None and sleep.study.pubmed == "20056221"
    assert sleep.study.link == "https://pubmed.ncbi.nlm.nih.gov/20056221/"
    assert grip.study is not None and grip.study.pmc == "PMC4913123"
    assert grip.study.link == "https://pmc.ncbi.nlm.nih.gov/articles/PMC4913123/"
    assert (outside.article, outside.outside, outside.steps) == (
        "",
        "slow breathing, a common way to settle",
        ("breaths",),
    )
    assert plain.note == "An article remembered by its subject" and not plain.article
    assert routine.partner is True


def test_a_source_naming_a_step_that_failed_to_load_adds_no_second_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "title: Broken\ngoals: [sleep]\n"
        "sources:\n  - article: A\n    steps: [only]\n"
        "steps:\n  - key: only\n    title: Only\n    instruction: Do it.\n    duration: 0\n",
        encoding="utf-8",
    )
    problems = problems_of(path)
    assert len(problems) == 1 and "duration" in problems[0]


def test_partner_must_be_true_or_false(tmp_path: Path) -> None:
    path = tmp_path / "partner.yaml"
    path.write_text(
        "title: P\ngoals: [sleep]\npartner: maybe\n"
        "steps:\n  - title: A\n    instruction: B.\n    duration: 5\n",
        encoding="utf-8",
    )
    assert problems_of(path) == [
        f"{path}:3:10: partner must be true (someone else's hands) or false (your own)"
    ]
