"""Routine files written to break handcue: every value becomes a value or a located problem,
special files are refused without being read, and one bad file never hides the others."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from support.bounded import run_python

import handcue.core.loader as loader_module
from handcue.core.loader import MAX_FILE_BYTES, LoadError
from handcue.storage.routine_files import load_folder, load_routine

STEP_VALUE = """\
title: Hostile
goals: [sleep]
switch_seconds: {switch}
steps:
  - title: One
    instruction: Rub.
    duration: {duration}
    tempo: {tempo}
"""
LOCATED = re.compile(r"^(?P<path>.+\.yaml):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")
HUGE = "9" * 400
HUGER = "9" * 5000

# Each value that once escaped as a traceback (or as a message without a place).
BAD_VALUES = [
    ("!!bool maybe", "'maybe' cannot be read as true or false"),
    ('!!bool ""', "'' cannot be read as true or false"),
    ('!!int ""', "'' cannot be read as a whole number"),
    ('!!float ""', "'' cannot be read as a number"),
    ("!!int 0x", "'0x' cannot be read as a whole number"),
    ("!!float x", "'x' cannot be read as a number"),
    (HUGE, "a number 400 characters long is far too large"),
    (HUGER, "a number 5000 characters long is far too large"),
    ("!!merge x", "'<<' merges a mapping into another"),
    ("!!map x", "the tag !!map needs a mapping"),
    ("!!str [1]", "the tag !!str needs a single value, not a list"),
    ("!!int {a: 1}", "the tag !!int needs a single value, not a mapping"),
    ("!!python/object:os.system x", "the tag !!python/object:os.system is not allowed"),
]
FIELD_LINES = {"switch": 3, "duration": 7, "tempo": 8}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def routine_text(**values: str) -> str:
    fields = {"switch": "3", "duration": "10", "tempo": "30"}
    fields.update(values)
    return STEP_VALUE.format(**fields)


def located_problems(path: Path) -> list[re.Match[str]]:
    with pytest.raises(LoadError) as caught:
        load_routine(path)
    problems = [str(problem) for problem in caught.value.problems]
    matches = [LOCATED.match(problem) for problem in problems]
    assert all(matches), f"a problem without line and column:\n{problems}"
    return [match for match in matches if match is not None]


@pytest.mark.parametrize("field", sorted(FIELD_LINES))
@pytest.mark.parametrize(("value", "message"), BAD_VALUES, ids=[v[:20] for v, _ in BAD_VALUES])
def test_every_bad_value_is_a_located_problem(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    path = write(tmp_path, "bad.yaml", routine_text(**{field: value}))
    [problem] = located_problems(path)
    assert int(problem["line"]) == FIELD_LINES[field]
    assert message in problem["message"]
    assert len(problem["message"]) < 300, "a huge value is cut short, not echoed whole"


def test_a_list_given_as_a_duration_is_named_as_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, "list.yaml", routine_text(duration="[1, 2]"))
    [problem] = located_problems(path)
    assert "found a list" in problem["message"]
    assert "NoneType" not in problem["message"]


def test_a_dated_title_is_text_not_a_foreign_tag(tmp_path: Path) -> None:
    text = routine_text().replace("title: Hostile", "title: 2024-05-01")
    assert load_routine(write(tmp_path, "dated.yaml", text)).title == "2024-05-01"


def test_a_mapping_that_merges_itself_is_reported(tmp_path: Path) -> None:
    text = "title: Loop\ngoals: [sleep]\nsteps:\n  - &s {<<: *s, title: a, instruction: b, duration: 5}\n"
    problems = [p["message"] for p in located_problems(write(tmp_path, "loop.yaml", text))]
    assert any("merges itself" in message for message in problems)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("", "1:1", "the file is empty"),
        ("# only a comment\n", "1:1", "the file is empty"),
        ("title: x\nsummary: a\x00b\n", "2:11", "binary data"),
        ("title: x\nsummary: a\x1bb\n", "2:11", "control character \\x1b"),
    ],
)
def test_whole_file_mistakes_have_a_place(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = write(tmp_path, "odd.yaml", text)
    [problem] = located_problems(path)
    assert f"{problem['line']}:{problem['column']}" == where
    assert message in problem["message"]


@pytest.mark.parametrize(
    ("field", "value", "name"),
    [
        ("title", r'"Calm\e]0;owned\a"', "title"),
        ("summary", r'"\e]52;c;SGVsbG8=\a"', "summary"),
        ("prepare", r'"\e[2J"', "prepare"),
        ("step_title", r'"One\e[6n"', "step 1 title"),
        ("instruction", r'"Rub \u009b6n gently"', "step 1 instruction"),
        ("instruction", r'"Rub\x7f"', "step 1 instruction"),
        ("instruction", r'"Rub\rover"', "step 1 instruction"),
    ],
)
def test_control_characters_are_refused_with_the_field_named(
    tmp_path: Path, field: str, value: str, name: str
) -> None:
    text = routine_text()
    if field == "step_title":
        text = text.replace("title: One", f"title: {value}")
    elif field == "instruction":
        text = text.replace("instruction: Rub.", f"instruction: {value}")
    elif field == "title":
        text = text.replace("title: Hostile", f"title: {value}")
    else:
        text = text.replace("goals:", f"{field}: {value}\ngoals:")
    [problem] = located_problems(write(tmp_path, "escape.yaml", text))
    assert problem["message"].startswith(f"{name} holds a control character")
    assert "\x1b" not in str(problem.string)


def test_newlines_and_tabs_stay_allowed(tmp_path: Path) -> None:
    text = routine_text().replace("instruction: Rub.", 'instruction: "Rub.\\n\\tThen rest."')
    assert load_routine(write(tmp_path, "ok.yaml", text)).steps[0].instruction == (
        "Rub.\n\tThen rest."
    )


def test_an_echoed_value_shows_its_control_characters(tmp_path: Path) -> None:
    text = routine_text().replace("goals: [sleep]", r'goals: ["sl\e]0;x\aep"]')
    [problem] = located_problems(write(tmp_path, "goal.yaml", text))
    assert "\x1b" not in problem.string


# Special files


LOAD_ONE = """
import sys
from pathlib import Path
from handcue.core.loader import LoadError
from handcue.storage.routine_files import load_routine
try:
    load_routine(Path(sys.argv[1]))
except LoadError as error:
    print(error)
"""
LOAD_FOLDER = """
import sys
from pathlib import Path
from handcue.storage.routine_files import load_folder
routines, problems = load_folder(Path(sys.argv[1]))
print("\\n".join(sorted(routine.title for routine in routines)))
print("\\n".join(sorted({problem.path.name for problem in problems})))
"""


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert "a named pipe, not a routine file" in run_python(LOAD_ONE, str(fifo))


def test_a_link_to_an_endless_device_is_refused(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    assert "a device, not a routine file" in run_python(LOAD_ONE, str(link))


def test_a_folder_named_like_a_routine_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(LoadError) as caught:
        load_routine(tmp_path / "folder.yaml")
    assert "a folder, not a routine file" in str(caught.value)


def test_the_size_limit_applies_to_what_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows after its size was looked at is still cut off at the limit."""
    path = write(tmp_path, "big.yaml", "# " + "x" * (MAX_FILE_BYTES + 10) + "\n")
    real_fstat = os.fstat
    looked = []

    def lying_fstat(fd: int) -> os.stat_result:
        looked.append(fd)
        values = list(real_fstat(fd))
        values[6] = 0  # st_size, as /dev/zero and /proc files report it
        return os.stat_result(values)

    monkeypatch.setattr(os, "fstat", lying_fstat)
    with pytest.raises(LoadError) as caught:
        load_routine(path)
    assert "routine files may be at most" in str(caught.value)
    assert looked, "the size was looked at on the open file"


# A folder with broken files


GOOD = """\
title: Good one
goals: [sleep]
steps:
  - {title: a, instruction: b, duration: 5}
"""


def test_a_folder_of_hostile_files_still_gives_every_good_routine(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "also-good.yaml", GOOD.replace("Good one", "Also good"))
    for number, (value, _) in enumerate(BAD_VALUES):
        write(tmp_path, f"bad-{number}.yaml", routine_text(duration=value))
    os.mkfifo(tmp_path / "pipe.yaml")
    if Path("/dev/zero").exists():
        (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    lines = run_python(LOAD_FOLDER, str(tmp_path)).splitlines()
    assert lines[:2] == ["Also good", "Good one"]
    broken = set(lines[2:])
    assert {f"bad-{number}.yaml" for number in range(len(BAD_VALUES))} <= broken
    assert "pipe.yaml" in broken


def test_a_failure_nobody_foresaw_stays_with_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "cursed.yaml", GOOD)
    real = loader_module.parse_routine

    def parse(text: str, path: Path, default_id: str | None = None) -> object:
        if path.name == "cursed.yaml":
            raise RuntimeError("something nobody expected")
        return real(text, path, default_id)

    monkeypatch.setattr(loader_module, "parse_routine", parse)
    routines, problems = load_folder(tmp_path)
    assert [routine.path for routine in routines] == [tmp_path / "good.yaml"]
    [problem] = problems
    assert problem.path == tmp_path / "cursed.yaml"
    assert "RuntimeError: something nobody expected" in problem.message
