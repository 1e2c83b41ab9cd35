"""The clock pane: time left in the step in big digits, and how far the routine has come."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import Digits, ProgressBar, Static

from handcue.core.durations import format_clock


class Countdown(Vertical):
    """Shows numbers it is given; the player screen reads them from the engine."""

    DEFAULT_CSS = """
    Countdown {
        height: 1fr;
        align-horizontal: center;
    }
    Countdown Digits { width: 100%; text-align: center; color: $accent; text-style: bold; }
    Countdown.-paused Digits { color: $text-muted; }
    Countdown .countdown-line { width: 100%; height: 1; text-align: center; color: $text-muted; }
    Countdown #countdown-state { color: $warning; text-style: bold; }
    Countdown ProgressBar { width: 100%; height: 1; }
    Countdown ProgressBar Horizontal { width: 100%; }
    Countdown ProgressBar Bar { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Digits("0:00", id="countdown-step")
        yield ProgressBar(total=1, show_eta=False, id="countdown-step-bar")
        yield Static("", id="countdown-state", classes="countdown-line", markup=False)
        yield Static("", id="countdown-total", classes="countdown-line", markup=False)
        yield ProgressBar(total=1, show_eta=False, id="countdown-total-bar")

    def show(
        self,
        *,
        remaining: float,
        duration: float,
        total_remaining: float,
        total: float,
        paused: bool,
        muted: bool = False,
    ) -> None:
        """Fill in the pane; `remaining` and `total_remaining` come straight from the engine."""
        try:
            digits = self.query_one("#countdown-step", Digits)
        except NoMatches:
            return
        digits.update(format_clock(remaining))
        self.set_class(paused, "-paused")
        step_bar = self.query_one("#countdown-step-bar", ProgressBar)
        step_bar.update(total=max(duration, 1e-9), progress=max(0.0, duration - remaining))
        total_bar = self.query_one("#countdown-total-bar", ProgressBar)
        total_bar.update(total=max(total, 1e-9), progress=max(0.0, total - total_remaining))
        flags = [word for word, on in (("PAUSED", paused), ("MUTED", muted)) if on]
        self.query_one("#countdown-state", Static).update("  ".join(flags))
        self.query_one("#countdown-total", Static).update(
            f"{format_clock(total_remaining)} left of {format_clock(total)}"
        )
