"""`handcue remind --plain --every 3s` on a pseudo-terminal, end to end: a break comes, is
snoozed, comes back sooner, and Enter plays it through `play`'s own flow (precautions and the
check-in); the database then holds the break, its snooze and the session it opened."""

from __future__ import annotations

import os
import pty
import select
import signal
import sqlite3
import sys
import time
from pathlib import Path

ROUTINE = """\
id: tiny-break
title: Tiny desk break
summary: One short step for the reminder test.
goals: [desk-work]
cautions: [skin]
prepare: Sit with both hands free.
steps:
  - title: Shake out
    instruction: Shake both hands loosely.
    technique: shake-out
    hand: both
    duration: 2s
"""


class Pty:
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:
            for number in (signal.SIGINT, signal.SIGQUIT):
                signal.signal(number, signal.SIG_DFL)
            os.execve(sys.executable, [sys.executable, *argv], env)
        self.pid, self.fd, self.text = pid, fd, ""

    def expect(self, wanted: str, after: int = 0, limit: float = 30.0) -> int:
        """Where `wanted` shows up past position `after`."""
        end = time.monotonic() + limit
        while (found := self.text.find(wanted, after)) < 0:
            left = end - time.monotonic()
            assert left > 0, f"never saw {wanted!r} in:\n{self.text}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"ended before {wanted!r}:\n{self.text}"
                self.text += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return found + len(wanted)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def close(self, limit: float = 30.0) -> int:
        """The child's exit code; a child still running after `limit` seconds (a test that
        failed half way) is killed, so a failure never hangs the suite."""
        end = time.monotonic() + limit
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > end:
                os.kill(self.pid, signal.SIGKILL)
                _, status = os.waitpid(self.pid, 0)
                break
            time.sleep(0.05)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def test_a_break_snoozed_then_played_from_plain_mode(isolated_user_folders: Path) -> None:
    routines = isolated_user_folders / "routines"
    routines.mkdir()
    (routines / "tiny-break.yaml").write_text(ROUTINE)
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "HANDCUE_SPEECH": "none",
        "DBUS_SESSION_BUS_ADDRESS": "",
        "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent",
        "XDG_RUNTIME_DIR": str(isolated_user_folders),
    }
    argv = ["-m", "handcue", "remind", "--plain", "--every", "3s", "--snooze-time", "2s"]
    terminal = Pty([*argv, "--routine", "tiny-break"], env)
    try:
        at = terminal.expect("Reminders on: a break after every 3s of work")
        at = terminal.expect(
            "break: Tiny desk break (0:02). Enter plays it, s snoozes (3 left)", at
        )
        terminal.send("s")
        at = terminal.expect("snoozed; back in 0:02", at)
        at = terminal.expect("s snoozes (2 left)", at)
        terminal.send("\r")
        at = terminal.expect("Press Enter to start, or q to quit.", at)
        terminal.send("\r")
        at = terminal.expect("Check-in:", at)
        terminal.send("\r")
        at = terminal.expect("1 of 1 steps done", at)
        at = terminal.expect("played; next break after 3s of work", at)
        terminal.send("q")
        terminal.expect("Reminders off.", at)
    finally:
        code = terminal.close()
    assert code == 0
    assert "\x07" in terminal.text  # the bell rang with each break
    database = sqlite3.connect(isolated_user_folders / "data" / "handcue.sqlite3")
    reminders = database.execute(
        "SELECT routine_id, outcome, snoozes, session_uid FROM reminders ORDER BY id"
    ).fetchall()
    sessions = database.execute("SELECT uid, routine_id, outcome FROM sessions").fetchall()
    assert sessions == [(reminders[0][3], "tiny-break", "finished")]
    assert reminders[0][:3] == ("tiny-break", "played", 1)
    # Quitting closed a break that came meanwhile as unanswered, never left it waiting.
    assert all(outcome == "unanswered" for _, outcome, _, _ in reminders[1:])
