"""The thread that writes the app's changes, so a database locked by another program never
holds up the screen: each queued change in order, a lock waited out and tried again later."""

from __future__ import annotations

import collections
import sqlite3
import threading
from collections.abc import Callable

Change = Callable[[sqlite3.Connection], object]


class DatabaseBusy(OSError):
    """Another program holds the database locked; trying again later may work."""


class Writer:
    """Queued changes, written by a thread of their own through `write_now`, which raises
    `DatabaseBusy` for a lock that may pass; `busy` is called each time one is met, `failed` with the
    error of a change that can never succeed (it is not tried again)."""

    def __init__(
        self,
        write_now: Callable[[Change], object],
        busy: Callable[[], None],
        failed: Callable[[Exception], None],
        retry_delays: tuple[float, ...],
    ) -> None:
        self.pending: collections.deque[Change] = collections.deque()
        self._write_now = write_now
        self._busy = busy
        self._failed = failed
        self._delays = retry_delays or (0.0,)
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closing = False

    def put(self, change: Change) -> None:
        with self._wake:
            self.pending.append(change)
            if self._thread is None or not self._thread.is_alive():
                self._closing = False
                self._thread = threading.Thread(
                    target=self._run, name="handcue-database", daemon=True
                )
                self._thread.start()
            self._wake.notify()

    def stop(self) -> None:
        """Let the thread finish what it can now, and wait for it; what a lock still keeps
        out stays in `pending` for the caller's last try."""
        with self._wake:
            self._closing = True
            self._wake.notify_all()
        thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        tries = 0
        while True:
            with self._wake:
                while not self.pending and not self._closing:
                    self._wake.wait()
                if not self.pending:
                    return
                change = self.pending[0]
            try:
                self._write_now(change)
            except DatabaseBusy:
                self._busy()
                with self._wake:
                    if self._closing:
                        return  # the caller makes the last try
                    delay = self._delays[min(tries, len(self._delays) - 1)]
                    tries += 1
                    self._wake.wait(delay)
                continue
            except Exception as error:  # a change that can never succeed is not retried
                self._failed(error)
            tries = 0
            with self._wake:
                self.pending.popleft()
