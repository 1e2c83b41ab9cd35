"""`make run` and `make test` on a fresh checkout: the first setup says what it is doing and
lets pip show its progress, instead of a blank terminal for minutes; a later start, with the
setup's stamp newer than pyproject.toml, does none of it.

The real Makefile runs with a stand-in Python (`PYTHON=`), whose venv's `python` notes each
call and answers as pip would: quiet when told `--quiet`, a line per package otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

STAND_IN = """\
#!{python}
import os, pathlib, shutil, sys

args = sys.argv[1:]
with open(os.environ["STAND_IN_LOG"], "a", encoding="utf-8") as log:
    log.write(" ".join(args) + "\\n")
if args[:2] == ["-m", "venv"]:
    python = pathlib.Path(args[2]) / "bin" / "python"
    python.parent.mkdir(parents=True)
    shutil.copy(__file__, python)
elif args[:3] == ["-m", "pip", "install"] and "--quiet" not in args:
    print("Collecting textual>=1.0 (from handcue)")
    print("Successfully installed handcue textual")
"""


def make(target: str, venv: Path, stand_in: Path, log: Path) -> subprocess.CompletedProcess[str]:
    settings = [f"VENV={venv}", f"PYTHON={stand_in}"]
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), *settings, str(venv / target)],
        capture_output=True,
        text=True,
        env={**os.environ, "STAND_IN_LOG": str(log)},
        timeout=60,
        check=False,
    )


@pytest.fixture
def stand_in(tmp_path: Path) -> Path:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    script = tmp_path / "python3"
    script.write_text(STAND_IN.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize(
    ("target", "what"),
    [(".run-installed", "setting up"), (".test-installed", "setting up the test tools")],
)
def test_the_first_setup_says_what_it_does_and_shows_pip_progress(
    tmp_path: Path, stand_in: Path, target: str, what: str
) -> None:
    venv, log = tmp_path / "venv", tmp_path / "calls.log"
    first = make(target, venv, stand_in, log)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == f"handcue: {what} (first run only), this takes a minute or two..."
    assert "handcue: [1/4] making " in lines[1]
    assert "Collecting textual>=1.0 (from handcue)" in lines  # pip's own progress, shown
    assert lines[-1] == "handcue: set up; later starts skip this."
    installs = [call for call in log.read_text().splitlines() if " -e " in call]
    assert installs and all("--quiet" not in call for call in installs)

    calls = log.read_text()
    again = make(target, venv, stand_in, log)
    assert again.returncode == 0, again.stderr
    assert "handcue:" not in again.stdout  # nothing set up, nothing said
    assert log.read_text() == calls  # and no Python started


def test_the_test_tools_added_to_a_venv_made_by_make_run_are_not_an_update(
    tmp_path: Path, stand_in: Path
) -> None:
    venv, log = tmp_path / "venv", tmp_path / "calls.log"
    assert make(".run-installed", venv, stand_in, log).returncode == 0
    tools = make(".test-installed", venv, stand_in, log)
    lines = tools.stdout.splitlines()
    assert lines[0] == (
        "handcue: setting up the test tools (first run only), this takes a minute or two..."
    )
    assert not any("[1/4]" in line for line in lines)  # the venv is there already
