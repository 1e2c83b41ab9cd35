"""The real command against files written to break it: no traceback, no hang, no escape codes
from outside text, and a plain message for each."""

from __future__ import annotations

import json
import os
import resource
import signal
from datetime import UTC
from pathlib import Path

import pytest
from support.command import handcue, text

from handcue.storage.routine_files import load_routine

QUICK = """\
title: Quick one
goals: [sleep]
steps:
  - {title: Warm, instruction: Rub the palms., duration: 1}
  - {title: Thumb, instruction: Circle the thumb., duration: 1, key: thumb}
"""
BAD_VALUES = ["!!bool maybe", '!!int ""', "9" * 400, "9" * 5000, "!!str [1]", '!!float ""']


@pytest.fixture
def routines(isolated_user_folders: Path) -> Path:
    folder = isolated_user_folders / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quick.yaml").write_text(QUICK, encoding="utf-8")
    return folder


@pytest.fixture
def tweaks_file(isolated_user_folders: Path) -> Path:
    folder = isolated_user_folders / "config"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "tweaks.yaml"


def assert_clean(result: object, status: int = 0) -> str:
    """The command's stderr, after checking it ended as expected with no traceback."""
    stdout, stderr = result.stdout, result.stderr  # type: ignore[attr-defined]
    assert b"Traceback" not in stderr, text(stderr)
    assert result.returncode == status, text(stderr)  # type: ignore[attr-defined]
    assert b"\x1b" not in stdout + stderr
    return text(stderr)


# F1: a file with a bad value breaks no command


def test_bad_values_in_some_files_break_no_command(routines: Path) -> None:
    for number, value in enumerate(BAD_VALUES):
        (routines / f"broken-{number}.yaml").write_text(
            QUICK.replace("duration: 1}", f"duration: {value}}}", 1), encoding="utf-8"
        )
    listed = handcue("list")
    [warning] = assert_clean(listed).splitlines()
    assert all(f"broken-{number}.yaml" in warning for number in range(len(BAD_VALUES)))
    assert b"Quick one" in listed.stdout and b"desk-break" in listed.stdout
    shown = handcue("show", "quick")
    assert_clean(shown)
    assert b"Steps:" in shown.stdout
    played = handcue("play", "quick", "--plain", "--yes")
    assert_clean(played)
    assert b"The routine is over." in played.stdout
    checked = handcue("check", str(routines))
    assert_clean(checked, status=1)
    for number in range(len(BAD_VALUES)):
        assert f"broken-{number}.yaml:4:".encode() in checked.stdout


# F2: the same values in tweaks.yaml


@pytest.mark.parametrize(
    "form",
    [
        "quick:\n  scale: {v}\n",
        "quick:\n  steps:\n    thumb: {v}\n",
        "quick:\n  steps:\n    {v}: 4\n",
        "{v}: {{}}\n",
    ],
    ids=["scale", "seconds", "label", "id"],
)
@pytest.mark.parametrize("value", ["!!bool maybe", "9" * 5000], ids=["bool", "huge"])
def test_bad_values_in_tweaks_are_reported_and_the_routine_plays(
    routines: Path, tweaks_file: Path, value: str, form: str
) -> None:
    tweaks_file.write_text(form.format(v=value), encoding="utf-8")
    said = assert_clean(handcue("show", "quick"))
    assert f"{tweaks_file}:" in said
    assert all(len(line) < 400 for line in said.splitlines()), "a huge value is cut short"
    assert_clean(handcue("play", "quick", "--plain", "--yes"))
    tweaked = handcue("tweak", "quick", "--step", "thumb=5s")
    assert_clean(tweaked)
    assert b"Saved." in tweaked.stdout


def test_a_corrupt_tweaks_file_is_moved_aside_in_one_line(
    routines: Path, tweaks_file: Path
) -> None:
    tweaks_file.write_text("quick:\n  steps: [unclosed\n", encoding="utf-8")
    said = assert_clean(handcue("show", "quick"))
    [line] = said.splitlines()
    assert f"{tweaks_file}:2:10: not valid YAML: this list in [ ] is not closed" in line
    assert "moved to tweaks.yaml.corrupt-" in line
    assert not tweaks_file.exists()


# F3: special files


def test_a_pipe_and_an_endless_device_in_the_routines_folder(routines: Path) -> None:
    os.mkfifo(routines / "pipe.yaml")
    if Path("/dev/zero").exists():
        (routines / "zero.yaml").symlink_to("/dev/zero")
    (routines / "bad.yaml").write_text(QUICK.replace("duration: 1}", "duration: !!bool maybe}"))
    listed = handcue("list")
    warning = assert_clean(listed)
    assert b"Quick one" in listed.stdout and b"desk-break" in listed.stdout
    [line] = warning.splitlines()
    assert "pipe.yaml" in line and "bad.yaml" in line
    checked = handcue("check", str(routines))
    assert_clean(checked, status=1)
    assert b"a named pipe, not a routine file" in checked.stdout


def test_a_pipe_in_place_of_the_tweaks_file(routines: Path, tweaks_file: Path) -> None:
    os.mkfifo(tweaks_file)
    said = assert_clean(handcue("show", "quick"))
    assert "a named pipe" in said
    assert_clean(handcue("play", "quick", "--plain", "--yes"))
    tweaked = handcue("tweak", "quick", "--step", "thumb=5s")
    assert "not saved" in assert_clean(tweaked, status=2)
    assert tweaks_file.is_fifo(), "the pipe is left alone"


# F5: text from files never reaches the terminal raw

OSC_TITLE = "\x1b]0;owned\x07"
OSC_CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
HOSTILE = f"""\
title: "Calm{OSC_TITLE.encode("unicode_escape").decode()}"
goals: [sleep]
steps:
  - title: One
    instruction: "Rub {OSC_CLIPBOARD.encode("unicode_escape").decode()} \\e[2J \\e[6n"
    duration: 1
"""


def test_a_routine_with_escape_sequences_is_refused_and_echoed_safely(routines: Path) -> None:
    (routines / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    checked = handcue("check", str(routines / "hostile.yaml"))
    assert_clean(checked, status=1)
    assert b"title holds a control character (\\x1b)" in checked.stdout
    assert b"step 1 instruction holds a control character (\\x1b)" in checked.stdout
    listed = handcue("list")
    assert "hostile.yaml" in assert_clean(listed)
    assert b"owned" not in listed.stdout


def test_a_file_name_with_escape_sequences_is_shown_not_obeyed(routines: Path) -> None:
    (routines / f"bad{OSC_TITLE}{OSC_CLIPBOARD}.yaml").write_text("title: [", encoding="utf-8")
    warning = assert_clean(handcue("list"))
    assert "\\x1b]0;owned\\x07" in warning
    assert_clean(handcue("check", str(routines)), status=1)


def test_tweak_messages_show_escape_sequences(routines: Path, tweaks_file: Path) -> None:
    tweaks_file.write_text('"q\\e]52;c;SGk=\\a":\n  scale: 9\n', encoding="utf-8")
    assert "\\x1b]52" in assert_clean(handcue("show", "quick"))


def test_text_that_got_past_the_loader_is_still_shown_safely(routines: Path) -> None:
    """A tampered cache stands in for any way outside text could bypass the loader's check."""
    assert_clean(handcue("list"))
    [cache] = Path(os.environ["HANDCUE_CACHE_DIR"]).glob("library.json")
    data = json.loads(cache.read_text(encoding="utf-8"))
    for routine in data["routines"]:
        if routine["id"] == "quick":
            routine["title"] += OSC_TITLE
            routine["steps"][0]["instruction"] += OSC_CLIPBOARD
    cache.write_text(json.dumps(data), encoding="utf-8")
    listed = handcue("list")
    assert_clean(listed)
    assert b"Quick one\\x1b]0;owned\\x07" in listed.stdout
    assert_clean(handcue("show", "quick"))
    played = handcue("play", "quick", "--plain", "--yes")
    assert_clean(played)
    assert b"\\x1b]52;c;" in played.stdout


# F6: edit takes only ids


@pytest.mark.parametrize("routine_id", ["../victim", "/{outside}/victim", "Victim", "a/b"])
def test_edit_refuses_a_path_for_an_id(routines: Path, tmp_path: Path, routine_id: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.yaml"
    victim.write_text("precious: yes\n", encoding="utf-8")
    (routines.parent / "victim.yaml").write_text("precious: yes\n", encoding="utf-8")
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\necho "title: [" > "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    result = handcue(
        "edit", routine_id.format(outside=outside), env={"EDITOR": str(editor)}, stdin="r\n"
    )
    said = assert_clean(result, status=2)
    assert "cannot be a routine id" in said
    assert victim.read_text() == "precious: yes\n"
    assert (routines.parent / "victim.yaml").read_text() == "precious: yes\n"


def test_edit_refuses_a_pipe_named_like_a_routine(routines: Path) -> None:
    os.mkfifo(routines / "piped.yaml")
    result = handcue("edit", "piped", env={"EDITOR": "true"})
    assert "a named pipe" in assert_clean(result, status=2)


# F7: new on a full disk leaves nothing behind


def _small_file_limit() -> None:
    """Stands in for a full disk: writes past 200 bytes fail (EFBIG), as past free space."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))


def test_new_on_a_full_disk_leaves_no_partial_file(routines: Path) -> None:
    before = sorted(path.name for path in routines.iterdir())
    result = handcue("new", "my-evening", preexec_fn=_small_file_limit)
    said = assert_clean(result, status=2)
    assert "cannot write there" in said
    assert sorted(path.name for path in routines.iterdir()) == before
    again = handcue("new", "my-evening")
    assert_clean(again)
    assert load_routine(routines / "my-evening.yaml").id == "my-evening"


# F8: ~user that does not resolve


@pytest.mark.parametrize(
    "variable", ["HANDCUE_ROUTINES", "HANDCUE_DATA_DIR", "HANDCUE_CONFIG_DIR", "HANDCUE_CACHE_DIR"]
)
def test_an_unknown_user_in_a_folder_variable_is_named(variable: str) -> None:
    result = handcue("list", env={variable: "~nosuchuser-handcue/x"})
    said = assert_clean(result, status=2)
    assert f"${variable}" in said and "'nosuchuser-handcue' is not known" in said


def test_an_unknown_user_in_routines_option_is_named() -> None:
    result = handcue("--routines", "~nosuchuser-handcue/x", "list")
    assert "--routines" in assert_clean(result, status=2)


# F10: an unknown HANDCUE_AUDIO is said


def test_an_unknown_audio_backend_is_said_during_play(routines: Path) -> None:
    played = handcue("play", "quick", "--plain", "--yes", env={"HANDCUE_AUDIO": "loud"})
    said = assert_clean(played)
    assert "HANDCUE_AUDIO='loud' is not a sound backend" in said
    assert said.count("HANDCUE_AUDIO") == 1


# F4 on the command line: doctor says what is wrong with the database


def test_doctor_says_a_damaged_database_was_moved_aside(isolated_user_folders: Path) -> None:
    data = isolated_user_folders / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "handcue.sqlite3").write_bytes(b"not a database at all " * 100)
    result = handcue("doctor")
    assert_clean(result)
    [line] = [line for line in text(result.stdout).splitlines() if line.startswith("database")]
    assert "was damaged" in line and "moved to handcue.sqlite3.corrupt-" in line
    again = handcue("doctor")
    assert "(ok, 0 sessions)" in text(again.stdout)


def test_a_pipe_in_place_of_the_library_cache_is_not_read(routines: Path) -> None:
    cache = Path(os.environ["HANDCUE_CACHE_DIR"])
    cache.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache / "library.json")
    listed = handcue("list")
    assert_clean(listed)
    assert b"Quick one" in listed.stdout


@pytest.mark.parametrize("shape", [[], ["--csv"], ["--json"], ["--summary"]])
def test_titles_in_a_history_never_reach_the_terminal_raw(
    isolated_user_folders: Path, shape: list[str]
) -> None:
    """A history can be imported from anywhere: its titles are written out in every shape."""
    from datetime import datetime, timedelta

    from support.sessions import session_record

    from handcue.storage.history import History
    from handcue.storage.user_database import FILE_NAME, UserDatabase

    started = datetime.now(UTC) - timedelta(hours=1)
    database = UserDatabase(isolated_user_folders / "data" / FILE_NAME)
    History(database).import_sessions(
        [
            session_record(
                "quick",
                started,
                minutes=2,
                routine_title="Quick \x1b]52;c;b3duZWQ=\x07 \x9b2J one",
                stopped_title="Thumb \x1b[2J",
                left_seconds=60.0,
                right_seconds=60.0,
                played_seconds=120.0,
                steps_done=1,
                steps_skipped=1,
            )
        ]
    )
    database.close()
    result = handcue("history", *shape)
    assert_clean(result)
    assert b"\x07" not in result.stdout and "\x9b".encode() not in result.stdout
    if shape == ["--json"]:
        [session] = json.loads(result.stdout)["sessions"]
        assert session["routine_title"].startswith("Quick ")
