"""`handcue new` and `handcue edit` as a person runs them, with a scripted editor.

The editor is a small Python script: each run writes the next of a list of texts into the
file it is given, so a test can make the first edit invalid and the second valid. The prompt
after a failed check is answered through a real pseudo-terminal, the way a person would.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pty
import select
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import in_process
from support.in_process import Finished

from handcue.cli.authoring import SCHEMA_LINE, SCHEMA_NAME
from handcue.core.schema import schema_json
from handcue.storage.routine_files import load_library, load_routine

VALID = """\
title: Mine
goals: [sleep]
steps:
  - title: Warm
    instruction: Rub the palms together.
    duration: 20
"""
INVALID = VALID.replace("goals: [sleep]", "goals: [slep]")

EDITOR_SCRIPT = """\
import json, pathlib, sys
texts = json.loads(pathlib.Path(sys.argv[1]).read_text())
count = pathlib.Path(sys.argv[2])
runs = int(count.read_text()) if count.exists() else 0
count.write_text(str(runs + 1))
pathlib.Path(sys.argv[-1]).write_text(texts[min(runs, len(texts) - 1)])
"""

PROMPT_END = b"evert to before? "


@pytest.fixture
def routines_dir() -> Path:
    return Path(os.environ["HANDCUE_ROUTINES"])


def scripted_editor(tmp_path: Path, *texts: str) -> tuple[dict[str, str], Path]:
    """An environment whose $EDITOR writes `texts` in turn; and the file counting its runs."""
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    listing = tmp_path / "texts.json"
    listing.write_text(json.dumps(list(texts)), encoding="utf-8")
    count = tmp_path / "runs"
    command = " ".join(shlex.quote(str(part)) for part in (sys.executable, script, listing, count))
    env = {**os.environ, "EDITOR": command}
    env.pop("VISUAL", None)
    return env, count


def handcue(*args: str, env: dict[str, str] | None = None) -> Finished:
    return in_process.handcue(*args, env=env, whole_env=env is not None)


def handcue_in_terminal(*args: str, answers: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run handcue on a pseudo-terminal, typing the next answer each time it prompts."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "handcue", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    output = b""
    answered = 0
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:  # no process has the terminal open, for now or for good
                chunk = b""
            if not chunk:
                if process.poll() is not None:
                    break
                time.sleep(0.05)
                continue
            output += chunk
            if output.count(PROMPT_END) > answered and answered < len(answers):
                os.write(master, answers[answered].encode() + b"\n")
                answered += 1
        status = process.wait(timeout=30)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return status, output.decode("utf-8", "replace").replace("\r\n", "\n")


# new -------------------------------------------------------------------------------------


def test_new_writes_a_valid_starter_with_the_schema_beside_it(routines_dir: Path) -> None:
    result = handcue("new", "my-evening")
    assert result.returncode == 0, result.stderr
    path = routines_dir / "my-evening.yaml"
    assert str(path) in result.stdout
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    assert (routines_dir / SCHEMA_NAME).read_text(encoding="utf-8") == schema_json()
    routine = load_routine(path)
    assert routine.id == "my-evening"
    assert routine.title == "My evening"
    assert len(routine.steps) >= 2
    assert all(step.key for step in routine.steps)
    listing = handcue("list")
    assert "My evening *" in listing.stdout
    assert handcue("check", str(path)).returncode == 0


def test_new_never_overwrites(routines_dir: Path) -> None:
    routines_dir.mkdir(parents=True)
    path = routines_dir / "mine.yaml"
    path.write_text(INVALID, encoding="utf-8")
    result = handcue("new", "mine")
    assert result.returncode == 2
    assert f"{path} already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == INVALID


def test_new_from_copies_a_routine_under_the_new_id(routines_dir: Path) -> None:
    source = load_library().routines[0]
    result = handcue("new", "my-copy", "--from", source.id)
    assert result.returncode == 0, result.stderr
    path = routines_dir / "my-copy.yaml"
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    copy = load_routine(path)
    assert copy.id == "my-copy"
    assert copy.title == f"{source.title} (my copy)"
    assert copy.steps == tuple(
        dataclasses.replace(step, line=copy_step.line)
        for step, copy_step in zip(source.steps, copy.steps, strict=True)
    )
    assert copy.sources == source.sources and copy.sources[0].article  # titles, to check
    assert "seed article" not in path.read_text(encoding="utf-8").casefold()
    library = load_library(routines_dir)
    assert {source.id, "my-copy"} <= set(library.ids())


@pytest.mark.parametrize("routine_id", ["123", "yes", "null", "on", "1e3", "0x1f"])
def test_new_takes_ids_that_yaml_would_read_as_numbers_or_booleans(
    routines_dir: Path, routine_id: str
) -> None:
    result = handcue("new", routine_id)
    assert result.returncode == 0, result.stderr
    routine = load_routine(routines_dir / f"{routine_id}.yaml")
    assert (routine.id, routine.title) == (routine_id, routine_id.capitalize())
    source = load_library().routines[0]
    copied = handcue("new", f"{routine_id}-2", "--from", source.id)
    assert copied.returncode == 0, copied.stderr
    assert load_routine(routines_dir / f"{routine_id}-2.yaml").id == f"{routine_id}-2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "My Routine"], "cannot be a routine id"),
        (["new", "mine", "--from", "no-such-routine"], "no routine with the id 'no-such-routine'"),
    ],
)
def test_new_refuses_bad_requests(routines_dir: Path, args: list[str], message: str) -> None:
    result = handcue(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert not routines_dir.exists() or not list(routines_dir.glob("*.yaml"))


def test_new_refuses_the_id_of_a_bundled_routine(routines_dir: Path) -> None:
    bundled = load_library().routines[0].id
    result = handcue("new", bundled)
    assert result.returncode == 2
    assert f"handcue edit {bundled}" in result.stderr


# edit ------------------------------------------------------------------------------------


def test_edit_reopens_until_the_file_is_valid(tmp_path: Path, routines_dir: Path) -> None:
    routines_dir.mkdir(parents=True)
    path = routines_dir / "mine.yaml"
    path.write_text(VALID, encoding="utf-8")
    fixed = VALID.replace("title: Mine", "title: Mine, longer")
    env, runs = scripted_editor(tmp_path, INVALID, fixed)
    status, output = handcue_in_terminal("edit", "mine", answers=["e"], env=env)
    assert status == 0, output
    assert f"{path}:2:" in output and "unknown goal 'slep'" in output
    assert "OK: Mine, longer (mine)" in output
    assert runs.read_text() == "2"
    assert path.read_text(encoding="utf-8") == fixed


def test_edit_with_an_editor_that_fails_says_so_and_exits_1(routines_dir: Path) -> None:
    routines_dir.mkdir(parents=True)
    path = routines_dir / "mine.yaml"
    path.write_text(VALID, encoding="utf-8")
    env = {**os.environ, "EDITOR": "false"}
    env.pop("VISUAL", None)
    result = handcue("edit", "mine", env=env)
    assert result.returncode == 1
    assert "The editor 'false' exited with status 1" in result.stderr
    assert path.read_text(encoding="utf-8") == VALID


def test_edit_keep_anyway_leaves_the_file_as_written(tmp_path: Path, routines_dir: Path) -> None:
    routines_dir.mkdir(parents=True)
    path = routines_dir / "mine.yaml"
    path.write_text(VALID, encoding="utf-8")
    env, runs = scripted_editor(tmp_path, INVALID)
    status, output = handcue_in_terminal("edit", "mine", answers=["k"], env=env)
    assert status == 1, output
    assert runs.read_text() == "1"
    assert path.read_text(encoding="utf-8") == INVALID


def test_edit_revert_restores_and_keeps_the_rejected_text(
    tmp_path: Path, routines_dir: Path
) -> None:
    routines_dir.mkdir(parents=True)
    path = routines_dir / "mine.yaml"
    path.write_text(VALID, encoding="utf-8")
    env, _ = scripted_editor(tmp_path, INVALID)
    status, output = handcue_in_terminal("edit", "mine", answers=["r"], env=env)
    assert status == 0, output
    assert path.read_text(encoding="utf-8") == VALID
    kept = list(routines_dir.glob("mine.yaml.rejected-*"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == INVALID
    assert load_library(routines_dir).get("mine") is not None  # the backup is not loaded


def test_edit_without_a_terminal_reports_and_keeps_the_edit(
    tmp_path: Path, routines_dir: Path
) -> None:
    routines_dir.mkdir(parents=True)
    path = routines_dir / "mine.yaml"
    path.write_text(VALID, encoding="utf-8")
    env, runs = scripted_editor(tmp_path, INVALID, VALID)
    result = handcue("edit", "mine", env=env)
    assert result.returncode == 1
    assert f"{path}:2:" in result.stderr
    assert "Kept as you wrote it" in result.stderr
    assert "Traceback" not in result.stderr
    assert runs.read_text() == "1"
    assert path.read_text(encoding="utf-8") == INVALID
    again = handcue("edit", "mine", env=env)  # a broken own file can still be opened
    assert again.returncode == 0, again.stderr
    assert path.read_text(encoding="utf-8") == VALID


def test_edit_copies_a_bundled_routine_first(tmp_path: Path, routines_dir: Path) -> None:
    bundled = load_library().routines[0]
    original = bundled.path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    edited = SCHEMA_LINE + "\n" + VALID.replace("title: Mine", "title: My own version")
    env, _ = scripted_editor(tmp_path, edited)
    result = handcue("edit", bundled.id, env=env)
    assert result.returncode == 0, result.stderr
    assert "Copied the bundled routine" in result.stderr
    path = routines_dir / f"{bundled.id}.yaml"
    assert path.read_text(encoding="utf-8") == edited
    assert (routines_dir / SCHEMA_NAME).exists()
    assert bundled.path.read_text(encoding="utf-8") == original  # type: ignore[union-attr]
    mine = load_library(routines_dir).get(bundled.id)
    assert mine is not None and mine.title == "My own version" and mine.overrides_bundled


def test_edit_with_an_editor_that_does_not_exist(routines_dir: Path) -> None:
    routines_dir.mkdir(parents=True)
    (routines_dir / "mine.yaml").write_text(VALID, encoding="utf-8")
    env = {**os.environ, "VISUAL": "no-such-editor-here --wait"}
    result = handcue("edit", "mine", env=env)
    assert result.returncode == 2
    assert "the editor 'no-such-editor-here' was not found" in result.stderr
    assert (routines_dir / "mine.yaml").read_text(encoding="utf-8") == VALID


def test_edit_an_unknown_routine(routines_dir: Path) -> None:
    result = handcue("edit", "nothing-like-it")
    assert result.returncode == 2
    assert "no routine with the id 'nothing-like-it'" in result.stderr


def test_new_and_edit_do_not_load_textual(tmp_path: Path, routines_dir: Path) -> None:
    env, _ = scripted_editor(tmp_path, VALID)
    code = (
        "import sys; from handcue.__main__ import main; "
        "main(['new', 'quick']); main(['edit', 'quick']); "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False")
    assert (routines_dir / "quick.yaml").read_text(encoding="utf-8") == VALID


@pytest.mark.parametrize("editor", ["false", "no-such-editor-here"])
def test_an_editor_that_fails_on_a_fresh_copy_leaves_no_copy_behind(
    routines_dir: Path, editor: str
) -> None:
    """A copy the editor never changed would replace the bundled routine unasked."""
    bundled = load_library().routines[0]
    env = {**os.environ, "EDITOR": editor}
    env.pop("VISUAL", None)
    result = handcue("edit", bundled.id, env=env)
    assert result.returncode == (1 if editor == "false" else 2)
    said = result.stderr.splitlines()
    assert said[0].startswith("Copied the bundled routine")
    assert len(said) == 2, result.stderr
    assert "your copy is removed, so the bundled routine is used as before" in said[1]
    assert not (routines_dir / f"{bundled.id}.yaml").exists()
    assert load_library(routines_dir).get(bundled.id) == bundled  # the bundled one again


def test_an_editor_that_fails_after_changing_the_copy_keeps_the_change(
    tmp_path: Path, routines_dir: Path
) -> None:
    bundled = load_library().routines[0]
    edited = SCHEMA_LINE + "\n" + VALID.replace("title: Mine", "title: Half done")
    script = tmp_path / "failing_editor.py"
    # Writes, then exits 1 (as an editor killed after a save would): still the person's work.
    script.write_text(
        f"import pathlib, sys\npathlib.Path(sys.argv[-1]).write_text({edited!r})\nsys.exit(1)\n",
        encoding="utf-8",
    )
    env = {**os.environ, "EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"}
    env.pop("VISUAL", None)
    result = handcue("edit", bundled.id, env=env)
    assert result.returncode == 1
    assert "changed nothing" not in result.stderr
    assert (routines_dir / f"{bundled.id}.yaml").read_text(encoding="utf-8") == edited


def test_no_editor_at_all_copies_nothing(routines_dir: Path) -> None:
    bundled = load_library().routines[0]
    env = {"PATH": "", **{k: v for k, v in os.environ.items() if k.startswith("HANDCUE_")}}
    result = handcue("edit", bundled.id, env=env)
    assert result.returncode == 2
    assert result.stderr == "handcue: no editor found: set $EDITOR, for example EDITOR=nano\n"
    assert not (routines_dir / f"{bundled.id}.yaml").exists()
