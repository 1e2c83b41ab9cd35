"""The end of a routine: what was done, on which hand, and what next (repeat or pick another)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from handcue.core.durations import format_clock, format_short
from handcue.services.report import SessionReport

if TYPE_CHECKING:
    from handcue.storage.tweaks_file import TweakStore

FinishChoice = Literal["repeat", "picker", "quit"]


def report_text(report: SessionReport) -> Content:
    lines: list[Content] = [
        Content.from_markup(
            "[b $success]Well done.[/] You finished [b]$title[/] in $time.",
            title=report.routine.title,
            time=format_clock(report.elapsed),
        ),
        Content(""),
        Content.from_markup("[b]Time per hand[/]"),
    ]
    for hand in ("left", "right", "both"):
        seconds = report.seconds_by_hand.get(hand, 0.0)
        label = {"left": "Left hand", "right": "Right hand", "both": "Both together"}[hand]
        lines.append(
            Content.from_markup("  $label  $time", label=f"{label:<14}", time=format_clock(seconds))
        )
    lines += [
        Content(""),
        Content.from_markup(
            "[b]Steps[/]  $done done, $skipped skipped",
            done=len(report.done),
            skipped=len(report.skipped),
        ),
    ]
    lines.extend(Content.from_markup("  ✓ $title", title=title) for title in report.done)
    lines.extend(
        Content.from_markup("  [dim]- $title (skipped)[/]", title=title) for title in report.skipped
    )
    if report.changes:
        lines += [Content(""), Content.from_markup("[b]Times you changed[/]")]
        lines.extend(
            Content.from_markup(
                "  $title: $before → $after",
                title=report.routine.steps[change.step_index].title,
                before=format_short(change.old),
                after=format_short(change.new),
            )
            for change in report.changes
        )
    return Content("\n").join(lines)


class FinishScreen(Screen[FinishChoice]):
    """Dismisses with "repeat", "picker" or "quit"; the app decides what each one does."""

    CSS_PATH = "finish.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('repeat')", "Repeat"),
        Binding("b,escape", "choose('picker')", "Routines", key_display="b"),
        Binding("q", "choose('quit')", "Quit"),
        Binding("k", "keep('steps')", "Keep step times", show=False),
        Binding("t", "keep('pace')", "Keep as pace", show=False),
    ]

    def __init__(
        self,
        report: SessionReport,
        store: TweakStore | None = None,
        started: dict[int, float] | None = None,
    ) -> None:
        """`store` offers to keep the session's time changes; `started` holds the durations the
        session began with (None: as written), which a pace is worked out from."""
        super().__init__()
        self.report = report
        self.store = store
        self.started = started or {}
        self.kept: str | None = None
        """What was kept for next time, once the person chose."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="card") as card:
            card.border_title = "Routine complete"
            with VerticalScroll(id="summary-scroll"):
                yield Static(report_text(self.report), id="summary")
            if self.store is not None and self.report.changes:
                with Horizontal(id="keep"):
                    yield Static("Keep these times for next time?", id="kept")
                    yield Button("Keep step times (k)", id="keep-steps")
                    yield Button("As a pace (t)", id="keep-pace")
            with Horizontal(id="buttons"):
                yield Button("Back to routines", id="picker")
                yield Button("Repeat", id="repeat", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#picker", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("repeat", "picker"):
            self.action_choose(event.button.id)
        elif event.button.id in ("keep-steps", "keep-pace"):
            self.action_keep(event.button.id.removeprefix("keep-"))

    def action_keep(self, how: str) -> None:
        """Save the changed times per step, or as one pace for the routine; once only."""
        if self.store is None or not self.report.changes or self.kept is not None:
            return
        from handcue.core.tweaks import TweakError, base_durations
        from handcue.services.timing import keep_scale, keep_steps
        from handcue.storage.tweaks_file import StorageError

        routine = self.report.routine
        changes = self.report.changes
        try:
            if how == "pace":
                started = {**base_durations(routine), **self.started}
                message = keep_scale(self.store, routine, started, changes)
            else:
                message = keep_steps(self.store, routine, changes)
        except (TweakError, StorageError, OSError) as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.kept = how
        self.query_one("#kept", Static).update(message)
        for button in self.query("#keep Button").results(Button):
            button.disabled = True

    def action_choose(self, choice: str) -> None:
        self.dismiss("repeat" if choice == "repeat" else "quit" if choice == "quit" else "picker")
