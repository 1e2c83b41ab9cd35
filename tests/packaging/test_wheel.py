"""The wheel carries the bundled routines, sounds and schema, and the installed package finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("handcue-*.whl")
    return built


def test_wheel_contains_bundled_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    routines = {p.name for p in (REPO / "routines").glob("*.yaml")}
    sounds = {p.name for p in (REPO / "sounds").glob("*.wav")}
    assert routines and {f"handcue/data/routines/{n}" for n in routines} <= names
    assert {f"handcue/data/sounds/{n}" for n in sounds} <= names
    assert "handcue/schema/routine.schema.json" in names
    assert any(name.endswith("entry_points.txt") for name in names)


def test_installed_wheel_finds_its_data_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = (
        "import handcue, handcue.resources as r\n"
        "from handcue.storage.routine_files import load_library\n"
        "lib = load_library()\n"
        "print(handcue.__file__)\n"
        "print(r.routines_dir())\n"
        "print(len(lib.routines), len(lib.problems))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    package, routines_dir, counts = result.stdout.splitlines()
    assert Path(package).is_relative_to(target)
    assert Path(routines_dir).is_relative_to(target)
    count, problems = map(int, counts.split())
    assert count == len(list((REPO / "routines").glob("*.yaml"))) and problems == 0
