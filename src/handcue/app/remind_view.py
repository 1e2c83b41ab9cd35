"""`handcue remind` in a terminal tab or tmux pane: the time to the next break, today's breaks,
and the keys, in a small full screen.

The reminder loop ticks in a worker thread (it asks the desktop and the database, which may
each take a moment); the screen only shows what the tick found. Enter leaves the view to play
the break through `handcue play`'s own flow, and the view comes back when the routine ends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from handcue.core.durations import format_clock
from handcue.core.safe_text import visible
from handcue.services.break_offer import Status
from handcue.services.reminding import Reminder, Reminding, TerminalNotifier

TICK_SECONDS = 1.0
"""The screen's clock; the loop itself ticks no more often than it needs to."""
LOG_LINES = 6


def _today_line(reminder: Reminder) -> str:
    title = reminder.routine_title or reminder.routine_id or "a break"
    snoozes = f", snoozed {reminder.snoozes}x" if reminder.snoozes else ""
    return f"{reminder.offered:%H:%M}  {visible(title)}: {reminder.outcome}{snoozes}"


def next_text(status: Status) -> str:
    """The line at the top: the break shown now, or the time before the next one."""
    offer = status.offer
    if offer is not None and offer.shown:
        return f"Break time: {offer.routine_text}"
    if offer is not None and status.next_in is not None:
        return f"Snoozed: back in {format_clock(status.next_in)}"
    if status.next_in is not None:
        return f"Next break after {format_clock(status.next_in)} of work"
    return "Waiting"


class RemindView(App[str]):
    """Exits with "play" when the person wants the break now, "quit" when they are done."""

    CSS = """
    Screen { padding: 1 2; }
    #next { text-style: bold; height: auto; }
    #state { color: $text-muted; height: auto; margin-bottom: 1; }
    #today { height: auto; margin-bottom: 1; }
    #log { color: $text-muted; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "play", "Play the break"),
        Binding("s", "snooze", "Snooze"),
        Binding("x", "skip", "Skip"),
        Binding("q", "quit_view", "Quit"),
    ]

    def __init__(
        self, reminding: Reminding, log: list[str], tick_every: float | None = TICK_SECONDS
    ) -> None:
        """`tick_every`: seconds between looks at the loop; None leaves the ticking to the
        caller (a test moving a fake clock)."""
        super().__init__()
        self.tick_every = tick_every
        self.reminding = reminding
        self.log_lines = log
        self._lock = threading.Lock()
        self._notifier = TerminalNotifier(self._write_to_terminal)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Starting…", id="next")
            yield Static("", id="state")
            yield Static("Today: no breaks yet", id="today")
            yield Static("", id="log")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "handcue remind"
        self.reminding.notifiers.insert(0, self._notifier)
        if self._notifier.problem:
            self.notify(self._notifier.problem, severity="warning", timeout=10)
        self._show_log()
        self.tick()
        if self.tick_every is not None:
            self.set_interval(self.tick_every, self.tick)

    def on_unmount(self) -> None:
        if self._notifier in self.reminding.notifiers:
            self.reminding.notifiers.remove(self._notifier)

    def _write_to_terminal(self, text: str) -> None:
        """The bell and the terminal's notification, written by the app's own driver between
        its frames (written from the side, they could split a frame's escapes)."""
        self.call_from_thread(self._driver_write, text)

    def _driver_write(self, text: str) -> None:
        if self._driver is not None and not self.is_headless:
            self._driver.write(text)

    @work(thread=True, exclusive=True, group="tick")
    def tick(self) -> None:
        with self._lock:
            lines = self.reminding.step()
            status = self.reminding.status()
            today = self.reminding.store.on_day(self.reminding.wall().date())
        self.call_from_thread(self._show, lines, status, today)

    def _show(self, lines: list[str], status: Status, today: list[Reminder]) -> None:
        self.query_one("#next", Static).update(next_text(status))
        self.query_one("#state", Static).update(status.holding or "Counting work time")
        taken = sum(1 for reminder in today if reminder.outcome == "played")
        rows = [f"Today: {len(today)} offered, {taken} taken"]
        rows += [_today_line(reminder) for reminder in today[-8:]]
        self.query_one("#today", Static).update("\n".join(rows))
        self._add(lines)

    def _add(self, lines: list[str]) -> None:
        self.log_lines += [visible(line) for line in lines]
        del self.log_lines[:-LOG_LINES]
        self._show_log()

    def _show_log(self) -> None:
        self.query_one("#log", Static).update("\n".join(self.log_lines))

    def _answer(self, answer: Callable[[], list[str]]) -> None:
        with self._lock:
            lines = answer()
        self._add(lines)
        self.tick()

    def action_play(self) -> None:
        if self.reminding.offer is None:
            self._add([f"{self.reminding.wall():%H:%M:%S}  no break is due yet"])
            return
        self.exit("play")

    def action_snooze(self) -> None:
        self._answer(self.reminding.snooze)

    def action_skip(self) -> None:
        self._answer(self.reminding.skip)

    def action_quit_view(self) -> None:
        self.exit("quit")


def run_view(reminding: Reminding, play: Callable[[str], object]) -> int:
    """The view until the person quits; each Enter plays the break and comes back."""
    log: list[str] = []
    while True:
        answer = RemindView(reminding, log).run()
        if answer != "play":
            return 0
        log += reminding.take(play)
