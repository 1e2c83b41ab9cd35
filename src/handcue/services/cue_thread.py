"""Sounds a session from its own thread, so a busy screen can never make a cue late.

The screen's event loop also draws, and drawing can stall: a slow terminal, a resize, a large
repaint. A cue heard with the eyes closed must not wait for that. The thread here sleeps until
the conductor's next due moment, catches the engine up and plays what is due, whatever the
screen is doing; the screen reads the session and sends its controls under the same lock and is
told of every change through `on_change`, which must not block (posting a message is right).

`pump` is the one step both sides take: the thread when a moment comes, and a screen driven by a
fake clock in tests, which runs no thread at all.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from handcue.core.engine import Session
from handcue.core.events import Event
from handcue.services.actions import Action
from handcue.services.conductor import Conductor

log = logging.getLogger(__name__)

SWITCH_INTERVAL = 0.001
"""While the thread runs, a thread holding the interpreter (a screen busy drawing) hands it over
within this many seconds, instead of Python's default 5 ms."""


@dataclass(frozen=True, slots=True)
class Beat:
    """One catch-up: the clock reading it used, the engine's events and what was played."""

    now: float
    events: Sequence[Event] = ()
    actions: Sequence[Action] = ()

    def __bool__(self) -> bool:
        return bool(self.events or self.actions)


class CueThread:
    """Drives `session` and `conductor` on time from a daemon thread, once `start` is called."""

    def __init__(
        self,
        session: Session,
        conductor: Conductor,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[Beat], object] | None = None,
        on_error: Callable[[Exception], object] | None = None,
    ) -> None:
        self.session = session
        self.conductor = conductor
        self.clock = clock
        self.on_change = on_change
        """Told of every beat the thread itself took; called on the thread, so it must not block."""
        self.on_error = on_error
        """Told once of the first failure to sound a cue; the session goes on without sound."""
        self.lock = threading.RLock()
        """Held by whoever reads or changes the session or the conductor."""
        self._wake = threading.Condition(self.lock)
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._failed = False
        self._saved_interval: float | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def pump(self) -> Beat:
        """Catch the engine up with the clock and act on whatever is due by now."""
        with self.lock:
            now = self.clock()
            events = self.session.advance(now) if self.session.started else []
            return Beat(now, events, self._conduct(events, now))

    def control(self, act: Callable[[float], list[Event]]) -> Beat:
        """Run a control (`session.pause`, `session.next`, ...) at the clock's now and sound it."""
        with self.lock:
            now = self.clock()
            events = act(now)
            beat = Beat(now, events, self._conduct(events, now))
            self._wake.notify()
            return beat

    def changed(self) -> None:
        """Say that the conductor's plan changed (pacer, voice), so the thread looks again."""
        with self.lock:
            self._wake.notify()

    def start(self) -> None:
        if self.running:
            return
        self._stopping = False
        self._saved_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._saved_interval, SWITCH_INTERVAL))
        self._thread = threading.Thread(target=self._run, name="handcue-cues", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the thread; safe to call more than once, and from the thread's own callbacks."""
        with self.lock:
            self._stopping = True
            self._wake.notify()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=1.0)
        if self._saved_interval is not None:
            sys.setswitchinterval(self._saved_interval)
            self._saved_interval = None

    def _run(self) -> None:
        while True:
            with self.lock:
                if self._stopping:
                    return
                due = self.conductor.due()
                delay = None if due is None else due - self.clock()
                if delay is None or delay > 0:
                    self._wake.wait(delay)
                    continue
                beat = self.pump()
            if beat and self.on_change is not None:
                try:
                    self.on_change(beat)
                except Exception:  # a listener's fault must not stop the cues
                    log.exception("on_change failed")

    def _conduct(self, events: Sequence[Event], now: float) -> list[Action]:
        try:
            return self.conductor.handle(events, now)
        except Exception as error:  # sound is a help, never a reason to stop the routine
            log.warning("cannot sound a cue: %s", error)
            if not self._failed:
                self._failed = True
                if self.on_error is not None:
                    self.on_error(error)
            return []
