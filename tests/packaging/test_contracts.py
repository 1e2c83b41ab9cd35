"""The layer contracts bite: each deliberate bad import below breaks `lint-imports`.

A contract that a bad import does not break is no contract, so each is tried on a copy of the
package with one import added where it must not be.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

BAD_IMPORTS = [
    ("core/routine.py", "import os", "The core does no input or output"),
    ("core/engine.py", "import sqlite3", "The core does no input or output"),
    ("core/library.py", "from handcue import resources", "The core does no input or output"),
    ("core/cues.py", "import subprocess", "The core does no input or output"),
    ("services/library.py", "import textual_plotext", "Only the app imports Textual"),
    ("cli/output.py", "import rich", "Only the app imports Textual"),
    ("__main__.py", "import textual", "The entry point parses the command line"),
    ("app/palette.py", "from handcue.storage import paths", "Screens ask the services"),
    ("services/report.py", "import handcue.cli.output", "Layers"),
    ("storage/paths.py", "import handcue.services.refusal", "Layers"),
]


@pytest.fixture(scope="module")
def lint_imports() -> Path:
    if not LINT_IMPORTS.exists():
        pytest.skip("import-linter is not installed (make lint installs it)")
    return LINT_IMPORTS


def test_the_package_as_it_is_keeps_every_contract(lint_imports: Path, tmp_path: Path) -> None:
    result = _lint(lint_imports, _copy(tmp_path))
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(("module", "statement", "contract"), BAD_IMPORTS)
def test_a_bad_import_breaks_its_contract(
    lint_imports: Path, tmp_path: Path, module: str, statement: str, contract: str
) -> None:
    root = _copy(tmp_path)
    path = root / "src" / "handcue" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{statement}  # noqa\n", "utf-8")
    result = _lint(lint_imports, root)
    assert result.returncode != 0, result.stdout
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(line.startswith(contract) for line in broken), result.stdout


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(
        REPO / "src" / "handcue",
        root / "src" / "handcue",
        ignore=shutil.ignore_patterns("__pycache__", "data"),
    )
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def _lint(lint_imports: Path, root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [str(lint_imports), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
