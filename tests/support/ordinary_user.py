"""Running the real command as an ordinary user would, so file permissions count.

Tests often run as root, whom no permission stops. `setpriv` runs the command with the
capabilities that override permissions taken away, so a read-only file or folder stops it as it
stops anyone else; run as another user, nothing needs changing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

DEADLINE = 60.0
"""Far beyond what any command here takes on a loaded machine: only a hang reaches it."""


def prefix() -> list[str]:
    if os.geteuid() != 0:
        return []
    program = shutil.which("setpriv")
    if program is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return [program, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def handcue(
    data: Path,
    *args: str,
    stdin: int | None = subprocess.DEVNULL,
    preexec_fn: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`handcue ARGS` with its user data in `data`, as an ordinary user."""
    from handcue.storage import paths

    return subprocess.run(
        [*prefix(), sys.executable, "-m", "handcue", *args],
        capture_output=True,
        text=True,
        stdin=stdin,
        env={
            **os.environ,
            paths.DATA_ENV: str(data),
            paths.CONFIG_ENV: str(data.parent / "config"),
            **(env or {}),
        },
        timeout=DEADLINE,
        preexec_fn=preexec_fn,
        check=False,
    )


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]
