"""Fault injection: SIGTERM and SIGHUP end a plain session as a stop does, recorded."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handcue.storage import paths

ROUTINE = """\
title: Slow warm
goals: [stress]
steps:
  - title: Warm
    instruction: Rub the palms together.
    duration: 60
"""


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_an_ending_signal_records_the_session_as_stopped(tmp_path: Path, number: int) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "slow-warm.yaml").write_text(ROUTINE)
    data = tmp_path / "data"
    env = {**os.environ, paths.DATA_ENV: str(data), paths.CONFIG_ENV: str(tmp_path / "config")}
    command = [sys.executable, "-m", "handcue", "--routines", str(routines)]
    child = subprocess.Popen(
        [*command, "play", "slow-warm", "--plain", "--yes", "--volume", "0", "--no-checkin"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert child.stdout is not None
    seen = ""
    while "step 1/1" not in seen:
        line = child.stdout.readline()
        assert line, f"ended before the step: {seen}"
        seen += line
    time.sleep(1.5)  # some time played, so the row has a played time to keep
    child.send_signal(number)
    out, err = child.communicate(timeout=60)
    assert "played 0:0" in out  # the summary line, as after a stop
    assert child.returncode == 128 + number, err
    assert "Traceback" not in err
    with sqlite3.connect(data / "handcue.sqlite3") as raw:
        [(outcome, played)] = raw.execute("SELECT outcome, played_seconds FROM sessions")
    assert outcome == "stopped"
    assert played >= 1.0
