"""A terminal without escape codes (`TERM=dumb`, or no TERM): the full-screen app does not start
and says so in one line, pointing to `--plain`; plain mode still plays."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from handcue.storage import paths


@pytest.mark.parametrize("term", ["dumb", None])
def test_the_app_refuses_a_dumb_terminal_in_one_line(tmp_path: Path, term: str | None) -> None:
    env = {key: value for key, value in os.environ.items() if key != "TERM"}
    env.update({paths.DATA_ENV: str(tmp_path / "data"), paths.CONFIG_ENV: str(tmp_path)})
    if term is not None:
        env["TERM"] = term
    # A real terminal on stdin and stderr, as a person would have; TERM says it is dumb.
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "handcue", "play", "desk-break"],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=follower,
            env=env,
            timeout=60,
            check=False,
        )
        os.close(follower)
        said = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            said += chunk
    finally:
        os.close(leader)
    text = said.decode(errors="replace")
    assert done.returncode == 2
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "--plain" in lines[0] and "escape codes" in lines[0]
    assert "\x1b" not in text
