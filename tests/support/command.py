"""Runs the real `handcue` command in a subprocess, as a person would from a shell."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

DEADLINE = 60.0
"""Far beyond what any command here takes on a loaded machine: only a hang reaches it."""


def handcue(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """The finished command with its raw output bytes; a hang fails the test at the deadline."""
    return subprocess.run(
        [sys.executable, "-m", "handcue", *args],
        capture_output=True,
        input=stdin.encode() if stdin is not None else b"",
        env={**os.environ, **(env or {})},
        timeout=DEADLINE,
        preexec_fn=preexec_fn,
        check=False,
    )


def text(output: bytes) -> str:
    return output.decode("utf-8", "replace")
