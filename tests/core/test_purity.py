"""The core and the command line must never pull in Textual: it costs start-up time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "statement",
    [
        "import handcue.core.loader, handcue.core.library, handcue.core.schema, handcue.core.routine",
        "import pkgutil, importlib, handcue.core as c; [importlib.import_module(m.name) for m in pkgutil.iter_modules(c.__path__, 'handcue.core.')]",
        "import handcue.__main__ as m; m.main(['list'])",
        "import handcue.__main__ as m; m.main(['check', 'routines'])",
    ],
)
def test_textual_and_numpy_are_not_imported(statement: str) -> None:
    code = f"{statement}\nimport sys\nprint(sorted(m for m in ('textual', 'numpy', 'rich') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
