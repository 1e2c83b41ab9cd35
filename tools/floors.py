"""Prints pip constraints that pin every runtime dependency to the lowest version we declare.

`make floors` installs with these and runs the tests, so a floor in pyproject.toml is always a
version that has been run. Markers are kept: each interpreter gets the floor meant for it.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
RUNTIME_EXTRAS = ("sound",)
FLOOR = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9._-]+)\s*>=\s*(?P<version>[^,;\s]+)\s*(?P<marker>;.*)?$"
)


def constraints(pyproject: Path = PYPROJECT) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    wanted = list(project.get("dependencies", []))
    for extra in RUNTIME_EXTRAS:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    lines = []
    for requirement in wanted:
        match = FLOOR.match(requirement)
        if match is None:
            raise SystemExit(f"{pyproject.name}: {requirement!r} declares no floor (name>=version)")
        marker = match["marker"] or ""
        lines.append(f"{match['name']}=={match['version']}{marker}")
    return lines


if __name__ == "__main__":
    sys.stdout.write("".join(line + "\n" for line in constraints()))
