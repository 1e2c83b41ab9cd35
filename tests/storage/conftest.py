"""Fixtures for storage tests: private user folders, and forked child processes that act as
other handcue instances writing the same files."""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from handcue.storage import paths


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the config and data folders into the test's own folder."""
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    return tmp_path


class Children:
    """Forked children running test code; any still alive at the end are killed."""

    def __init__(self) -> None:
        self.running: set[int] = set()

    def start(self, work: Callable[[], None]) -> int:
        """Fork and run `work` in the child, which exits 0 on success or 1 on any error."""
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                work()
                code = 0
            except BaseException:
                traceback.print_exc(file=sys.stderr)
            finally:
                os._exit(code)
        self.running.add(pid)
        return pid

    def wait(self, pid: int) -> int:
        """The child's exit code, negative for the signal that ended it."""
        _, status = os.waitpid(pid, 0)
        self.running.discard(pid)
        return os.waitstatus_to_exitcode(status)

    def kill(self, pid: int) -> bool:
        """SIGKILL the child; True when it was still running, so the kill is what ended it."""
        os.kill(pid, signal.SIGKILL)
        return self.wait(pid) == -signal.SIGKILL


@pytest.fixture
def children() -> Iterator[Children]:
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork")
    spawned = Children()
    yield spawned
    for pid in list(spawned.running):
        spawned.kill(pid)
