"""tweaks.yaml written to break handcue: each bad value is one reported entry, the rest kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.bounded import run_python

from handcue.core.tweaks import StepRef, Tweaks
from handcue.storage.tweaks_file import TweakStore
from handcue.storage.tweaks_yaml import parse

BAD_VALUES = [
    "!!bool maybe",
    '!!bool ""',
    '!!int ""',
    '!!float ""',
    "!!int 0x",
    "9" * 400,
    "9" * 5000,
    "!!str [1]",
    "!!int {a: 1}",
    "!!merge x",
    "!!python/object:os.system x",
]
FORMS = {
    "scale": "evening:\n  scale: {v}\nmorning:\n  scale: 1.5\n",
    "seconds": "evening:\n  steps:\n    pulls: {v}\nmorning:\n  scale: 1.5\n",
    # `? key` then `: value`: a key written this way may be longer than 1024 characters
    "label": "evening:\n  steps:\n    ? {v}\n    : 4\nmorning:\n  scale: 1.5\n",
    "key": "evening:\n  ? {v}\n  : 4\nmorning:\n  scale: 1.5\n",
    "id": "? {v}\n: {{}}\nmorning:\n  scale: 1.5\n",
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("value", BAD_VALUES, ids=lambda v: v[:16])
def test_a_bad_value_is_one_reported_entry(form: str, value: str) -> None:
    snapshot = parse(FORMS[form].format(v=value).encode(), "tweaks.yaml")
    assert snapshot.tweaks["morning"] == Tweaks(length=1.5)
    assert not snapshot.damaged
    [problem] = snapshot.problems
    assert problem.startswith("tweaks.yaml:")
    assert len(problem) < 300


def test_a_huge_step_number_is_a_key_not_a_crash() -> None:
    snapshot = parse(f'evening:\n  steps:\n    ? "{"9" * 5000}: x"\n    : 4\n'.encode(), "t.yaml")
    [ref] = snapshot.tweaks["evening"].steps
    assert ref == StepRef(key=f"{'9' * 5000}: x")


def test_deep_nesting_is_damage_not_a_crash() -> None:
    snapshot = parse(b"evening: " + b"[" * 30 + b"]" * 30 + b"\n", "tweaks.yaml")
    assert snapshot.damaged
    assert "nested more than" in snapshot.problems[0]


def test_control_characters_in_names_are_shown_not_sent(tmp_path: Path) -> None:
    path = tmp_path / "tweaks.yaml"
    path.write_text('"ev\\e]52;c;SGk=\\a": 3\n', encoding="utf-8")
    store = TweakStore(path)
    store.load()
    [problem] = store.problems
    assert "\x1b" not in problem and "\\x1b" in problem


def test_a_corrupt_file_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "tweaks.yaml"
    path.write_text("evening: [unclosed\n", encoding="utf-8")
    store = TweakStore(path)
    assert store.load() == {}
    [problem] = store.problems
    assert problem.startswith(f"{path}:1:10: not valid YAML: this list in [ ] is not closed")
    assert "moved to tweaks.yaml.corrupt-" in problem


READ_PIPE = """
import sys
from pathlib import Path
from handcue.storage.tweaks_file import StorageError, TweakStore
store = TweakStore(Path(sys.argv[1]), lock_timeout=1)
print(store.load())
try:
    store.set_length("evening", 1.5)
except StorageError as error:
    print("refused:", error)
print("\\n".join(store.problems))
"""


def test_a_pipe_in_place_of_the_file_is_neither_read_nor_replaced(tmp_path: Path) -> None:
    path = tmp_path / "tweaks.yaml"
    os.mkfifo(path)
    said = run_python(READ_PIPE, str(path))
    assert said.startswith("{}\nrefused:")
    assert "a named pipe" in said
    assert path.is_fifo()


def test_a_link_to_an_endless_device_is_not_read(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    path = tmp_path / "tweaks.yaml"
    path.symlink_to("/dev/zero")
    said = run_python(READ_PIPE, str(path))
    assert said.startswith("{}\nrefused:")
    assert "a device" in said
