"""Runs code that might hang (reading a pipe, a device) in a child process with a deadline,
so a regression fails its test instead of freezing the whole run."""

from __future__ import annotations

import subprocess
import sys

DEADLINE = 60.0
"""Far longer than any of this work takes even on a loaded machine; only a hang reaches it."""


def run_python(code: str, *args: str) -> str:
    """The standard output of `code` run with `args` in `sys.argv[1:]`; fails on an error or a
    hang (the child is killed at the deadline)."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"still running after {DEADLINE:.0f}s: it hangs") from None
    assert result.returncode == 0, result.stderr
    return result.stdout
