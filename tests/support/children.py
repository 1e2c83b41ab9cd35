"""Forked child processes that act as other handcue instances writing the same files."""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable


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
