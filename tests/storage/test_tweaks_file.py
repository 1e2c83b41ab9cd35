"""The tweaks file: round trips, hand edits, damaged files and backups."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handcue.core.tweaks import StepRef, TweakError, Tweaks
from handcue.storage import paths
from handcue.storage.atomic import file_lock
from handcue.storage.tweaks_file import StorageError, TweakStore
from handcue.storage.tweaks_yaml import dump, parse

if TYPE_CHECKING:
    from support.children import Children

THUMBS = StepRef(position=3, title="Thumb circles")
PULLS = StepRef(key="pulls")


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.*-*"))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "tweaks.yaml"


def test_default_file_is_in_the_config_folder() -> None:
    store = TweakStore()
    store.set_length("evening", 1.5)
    assert store.path == paths.config_dir() / "tweaks.yaml"
    assert TweakStore().get("evening").length == 1.5


def test_round_trip_is_exact(path: Path) -> None:
    store = TweakStore(path)
    store.set_step("evening", THUMBS, 90)
    store.set_step("evening", PULLS, 45.123456789)
    store.set_length("evening", 1.25)
    store.set_step("morning", StepRef(position=1, title='Wrist: "slow" circles ✋'), 3600)

    loaded = TweakStore(path).load()
    assert loaded == {
        "evening": Tweaks({THUMBS: 90, PULLS: 45.123456789}, 1.25),
        "morning": Tweaks({StepRef(position=1, title='Wrist: "slow" circles ✋'): 3600}),
    }
    assert store.problems == []


def test_file_is_readable_with_human_step_names(path: Path) -> None:
    TweakStore(path).set_step("evening", THUMBS, 90)
    TweakStore(path).set_step("evening", PULLS, 45)
    text = path.read_text()
    assert "evening:" in text
    assert "'3: Thumb circles': 90" in text
    assert "pulls: 45" in text


def test_hand_written_durations_are_accepted(path: Path) -> None:
    path.write_text('evening:\n  steps:\n    pulls: 1m30s\n    "2: Palm press": "1:05"\n')
    tweaks = TweakStore(path).get("evening")
    assert dict(tweaks.steps) == {PULLS: 90, StepRef(position=2, title="Palm press"): 65}


def test_reset_one_step_or_the_whole_routine(path: Path) -> None:
    store = TweakStore(path)
    store.set_step("evening", THUMBS, 90)
    store.set_step("evening", PULLS, 45)
    store.set_length("morning", 0.75)
    assert store.reset("evening", THUMBS) == Tweaks({PULLS: 45})
    assert TweakStore(path).get("evening") == Tweaks({PULLS: 45})
    store.reset("evening")
    assert TweakStore(path).load() == {"morning": Tweaks(length=0.75)}


def test_forget_drops_the_named_steps(path: Path) -> None:
    store = TweakStore(path)
    store.set_step("evening", THUMBS, 90)
    store.set_step("evening", PULLS, 45)
    store.forget("evening", [THUMBS])
    assert TweakStore(path).get("evening") == Tweaks({PULLS: 45})


def test_unknown_routine_has_no_tweaks(path: Path) -> None:
    assert TweakStore(path).get("nothing-saved").is_empty


@pytest.mark.parametrize("seconds", [0, -3, 3601, float("nan")])
def test_invalid_step_time_is_refused_and_nothing_changes(path: Path, seconds: float) -> None:
    store = TweakStore(path)
    store.set_step("evening", THUMBS, 90)
    before = path.read_bytes()
    with pytest.raises(TweakError):
        store.set_step("evening", THUMBS, seconds)
    assert path.read_bytes() == before


def test_invalid_length_is_refused(path: Path) -> None:
    with pytest.raises(TweakError):
        TweakStore(path).set_length("evening", 4.5)
    assert not path.exists()


def test_a_change_keeps_what_another_instance_saved_meanwhile(path: Path) -> None:
    first, second = TweakStore(path), TweakStore(path)
    first.load()
    second.set_step("evening", PULLS, 45)
    first.set_step("evening", THUMBS, 90)
    first.set_length("morning", 0.5)
    assert TweakStore(path).load() == {
        "evening": Tweaks({PULLS: 45, THUMBS: 90}),
        "morning": Tweaks(length=0.5),
    }


def test_stale_temporary_files_are_cleaned_up_on_save(path: Path) -> None:
    leftover = path.parent / ".tweaks.yaml.abc123.tmp"
    leftover.write_text("half a file")
    TweakStore(path).set_length("evening", 1.5)
    assert not leftover.exists()


# damaged files


@pytest.mark.parametrize(
    ("content", "line"),
    [
        # where the list that is never closed opens, said in plain words
        (
            b"evening:\n  scale: 1.5\n  steps: [1, 2\nmorning: {}\n",
            "3:10: not valid YAML: this list",
        ),
        (b"- evening\n- morning\n", "1:"),
        (b"evening:\n  scale: 1.5\n  steps: {pulls: 40}\n\xff\xfe\n", "4:"),
    ],
    ids=["bad-yaml", "not-a-mapping", "not-utf8"],
)
def test_damaged_file_is_moved_aside_and_reported(path: Path, content: bytes, line: str) -> None:
    path.write_bytes(content)
    store = TweakStore(path)
    assert store.load() == {}
    assert any(f"{path}:{line}" in problem for problem in store.problems)
    [backup] = backups(path)
    assert backup.read_bytes() == content
    assert any(backup.name in problem for problem in store.problems)
    assert not path.exists()

    store.set_length("evening", 0.75)
    assert TweakStore(path).load() == {"evening": Tweaks(length=0.75)}
    assert backup.read_bytes() == content


def test_damaged_file_is_backed_up_before_the_first_change(path: Path) -> None:
    content = b"evening: [unclosed\n"
    path.write_bytes(content)
    store = TweakStore(path)
    store.set_step("evening", PULLS, 45)
    [backup] = backups(path)
    assert backup.read_bytes() == content
    assert TweakStore(path).load() == {"evening": Tweaks({PULLS: 45})}


BAD_VALUES = b"""\
evening:
  scale: 7
  steps:
    pulls: 45
    "3: Thumb circles": 0
    "4: Palm press": soon
morning:
  scale: 0.75
  colour: blue
night: 12
"""


def test_bad_values_are_reported_by_line_and_ignored_one_by_one(path: Path) -> None:
    path.write_bytes(BAD_VALUES)
    store = TweakStore(path)
    assert store.load() == {"evening": Tweaks({PULLS: 45}), "morning": Tweaks(length=0.75)}
    reported_lines = sorted(
        int(problem.split(":")[1]) for problem in store.problems if problem.startswith(str(path))
    )
    assert reported_lines == [2, 5, 6, 9, 10]
    assert path.read_bytes() == BAD_VALUES
    assert backups(path) == []


def test_reading_again_reports_nothing_new(path: Path) -> None:
    path.write_bytes(BAD_VALUES)
    store = TweakStore(path)
    store.load()
    first = list(store.problems)
    store.problems.clear()
    store.load()
    assert first and store.problems == []


def test_bad_values_are_kept_in_a_backup_when_the_file_is_rewritten(path: Path) -> None:
    path.write_bytes(BAD_VALUES)
    store = TweakStore(path)
    store.set_step("morning", THUMBS, 30)
    [backup] = backups(path)
    assert backup.read_bytes() == BAD_VALUES
    assert TweakStore(path).load() == {
        "evening": Tweaks({PULLS: 45}),
        "morning": Tweaks({THUMBS: 30}, 0.75),
    }
    store.set_step("morning", THUMBS, 35)
    assert len(backups(path)) == 1


def test_duplicate_entries_keep_the_first_and_are_reported(path: Path) -> None:
    path.write_bytes(b"evening:\n  scale: 1.5\nevening:\n  scale: 0.5\n")
    store = TweakStore(path)
    assert store.load() == {"evening": Tweaks(length=1.5)}
    assert any(f"{path}:3:" in problem for problem in store.problems)


def test_unreadable_file_is_never_overwritten(path: Path) -> None:
    path.mkdir()
    store = TweakStore(path)
    assert store.load() == {}
    assert store.problems
    with pytest.raises(StorageError, match="could not be read"):
        store.set_length("evening", 1.5)
    assert path.is_dir()


def test_unwritable_folder_gives_a_message_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    store = TweakStore(blocker / "tweaks.yaml")
    assert store.load() == {}
    with pytest.raises(StorageError, match=r"tweaks\.yaml"):
        store.set_length("evening", 1.5)
    assert blocker.read_text() == "a file where the folder should be"


def test_empty_file_means_no_tweaks(path: Path) -> None:
    path.write_text("# nothing yet\n")
    store = TweakStore(path)
    assert store.load() == {}
    assert store.problems == []


def test_dump_of_nothing_still_parses(path: Path) -> None:
    path.write_text(dump({}))
    assert TweakStore(path).load() == {}


_labels = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30)
_refs = st.one_of(
    _labels.filter(lambda key: key.strip() and not _looks_like_place(key)).map(
        lambda key: StepRef(key=key)
    ),
    st.builds(
        lambda position, title: StepRef(position=position, title=title),
        st.integers(1, 500),
        _labels,
    ),
)


def _looks_like_place(label: str) -> bool:
    return StepRef.from_label(label).key is None


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        _labels,
        st.builds(
            Tweaks,
            st.dictionaries(_refs, st.floats(min_value=0.001, max_value=3600), max_size=5),
            st.floats(min_value=0.5, max_value=2.0),
        ),
        max_size=4,
    )
)
def test_any_tweaks_survive_the_file_exactly(tweaks: dict[str, Tweaks]) -> None:
    kept = {
        routine_id: t for routine_id, t in tweaks.items() if routine_id.strip() and not t.is_empty
    }
    snapshot = parse(dump(kept).encode(), "tweaks.yaml")
    assert snapshot.problems == []
    assert snapshot.tweaks == kept


def test_a_stuck_instance_holding_the_lock_blocks_saving_but_not_reading(
    path: Path, children: Children
) -> None:
    TweakStore(path).set_length("evening", 1.5)
    ready_read, ready_write = os.pipe()
    release_read, release_write = os.pipe()

    def hold() -> None:
        with file_lock(path):
            os.write(ready_write, b"1")
            os.read(release_read, 1)

    pid = children.start(hold)
    assert os.read(ready_read, 1) == b"1"
    store = TweakStore(path, lock_timeout=0.05)
    assert store.get("evening") == Tweaks(length=1.5)
    with pytest.raises(StorageError, match="another handcue"):
        store.set_length("evening", 0.5)
    os.write(release_write, b"1")
    assert children.wait(pid) == 0
    assert TweakStore(path).get("evening") == Tweaks(length=1.5)
    for fd in (ready_read, ready_write, release_read, release_write):
        os.close(fd)
