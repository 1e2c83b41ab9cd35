"""The end of a routine: what was done, on which hand, and what next (repeat or pick another)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from handcue.app.screens.keep_question import KeepQuestion, choices_text
from handcue.core.durations import format_clock, format_length, format_short, rounded_parts
from handcue.services.guided_time import GuidedTime
from handcue.services.keeping import Keep, KeepOffer
from handcue.services.report import SessionReport

FinishChoice = Literal["repeat", "picker", "quit"]

SMALL_WIDTH = 60
SMALL_HEIGHT = 24
"""Below either, the answers are drawn small so they all stay in view."""
TINY_WIDTH = 40
TINY_HEIGHT = 14
"""Below either, no frame, and the answers one under the other."""

LABELS = {
    "keep-steps": "Step times (k)",
    "keep-length": "Overall length (l)",
    "keep-nothing": "Don't keep (d)",
    "picker": "Back to routines (b)",
    "repeat": "Again (a)",
}
SHORT_LABELS = {
    "keep-steps": "Steps (k)",
    "keep-length": "Length (l)",
    "keep-nothing": "No (d)",
    "picker": "Routines (b)",
    "repeat": "Again (a)",
}

HANDS = ("left", "right", "both")


def report_text(report: SessionReport, guided: GuidedTime | None = None) -> Content:
    heading = (
        "[b $success]Well done.[/] You finished [b]$title[/] in $time."
        if report.done
        else "You skipped every step of [b]$title[/] ($time played)."
    )
    lines: list[Content] = [
        Content.from_markup(
            heading, title=report.routine.title, time=format_length(report.elapsed)
        ),
    ]
    if guided is not None and guided.differs:
        lines.append(
            Content.from_markup(
                "[dim]At these times it takes $time (the clock waits while each instruction "
                "is said).[/]",
                time=guided.text,
            )
        )
    lines += [
        Content(""),
        Content.from_markup("[b]Time per hand[/]"),
        *_hand_lines(report),
    ]
    lines += [
        Content(""),
        Content.from_markup("[b]Steps[/]  $counts", counts=report.counts.text),
    ]
    lines.extend(Content.from_markup("  ✓ $title", title=title) for title in report.done)
    lines.extend(
        Content.from_markup("  [dim]- $title (skipped)[/]", title=title) for title in report.skipped
    )
    lines.extend(
        Content.from_markup("  [dim]· $title (not reached)[/]", title=title)
        for title in report.not_reached
    )
    if report.changes:
        lines += [Content(""), Content.from_markup("[b]Times you changed[/]")]
        lines += _change_lines(report)
    return Content("\n").join(lines)


def _hand_lines(report: SessionReport) -> list[Content]:
    """The time on each hand, in whole seconds that add up to their rounded total."""
    hands = rounded_parts({hand: report.seconds_by_hand.get(hand, 0.0) for hand in HANDS})
    lines = []
    for hand in HANDS:
        label = {"left": "Left hand", "right": "Right hand", "both": "Both together"}[hand]
        lines.append(
            Content.from_markup(
                "  $label  $time", label=f"{label:<14}", time=format_clock(hands[hand])
            )
        )
    return lines


def _change_lines(report: SessionReport) -> list[Content]:
    """Each step's time before and after the person changed it, and as written if different."""
    lines = []
    for change in report.changes:
        step = report.routine.steps[change.step_index]
        written = (
            f"  (as written {format_short(step.duration)})"
            if round(change.old) != round(step.duration)
            else ""
        )
        lines.append(
            Content.from_markup(
                "  $title: $before → $after[dim]$written[/]",
                title=step.title,
                before=format_short(change.old),
                after=format_short(change.new),
                written=written,
            )
        )
    return lines


class FinishScreen(Screen[FinishChoice]):
    """Dismisses with "repeat", "picker" or "quit"; the app decides what each one does.

    With times changed in the session, it offers to keep them (step times, one overall length,
    or not), and asks before leaving while that is unanswered. None of its keys means
    something else in the player, so a key pressed as the routine ends does nothing unmeant.
    """

    CSS_PATH = "finish.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "choose('repeat')", "Again"),
        Binding("b,escape,q", "choose('picker')", "Routines", key_display="b"),
        Binding("ctrl+q", "choose('quit')", "Quit", key_display="^q", priority=True),
        Binding("k", "keep('steps')", "Keep step times", show=False),
        Binding("l", "keep('length')", "Keep as length", show=False),
        Binding("d", "keep('nothing')", "Don't keep", show=False),
    ]

    def __init__(
        self,
        report: SessionReport,
        offer: KeepOffer | None = None,
        keep: Callable[[Keep], str | None] | None = None,
        guided: GuidedTime | None = None,
    ) -> None:
        """`offer`: what keeping the session's changes would save, and `keep` saves it (the
        sentence saying so, or None when it could not be saved); None offers nothing.
        `guided`: the routine's time, and with the voice guiding, shown where they differ."""
        super().__init__()
        self.report = report
        self.guided = guided
        self.keep = keep
        self.offer = offer if keep is not None and report.changes else None
        self.kept: Keep | None = None
        """The answer to "keep these times?", once given."""
        self.kept_message = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="card") as card:
            card.border_title = "Routine complete" if self.report.done else "Routine ended"
            with Vertical(id="actions"):
                if self.offer is not None:
                    with Vertical(id="keep"):
                        yield Static(self._keep_text(), id="kept", markup=False)
                        with Horizontal(id="keep-buttons"):
                            yield Button(LABELS["keep-steps"], id="keep-steps")
                            yield Button(
                                LABELS["keep-length"],
                                id="keep-length",
                                disabled=self.offer.length is None,
                            )
                            yield Button(LABELS["keep-nothing"], id="keep-nothing")
                with Horizontal(id="buttons"):
                    yield Button(LABELS["picker"], id="picker")
                    yield Button(LABELS["repeat"], id="repeat", variant="primary")
            with VerticalScroll(id="summary-scroll"):
                yield Static(report_text(self.report, self.guided), id="summary")
        yield Footer()

    def _keep_text(self, small: bool = False, tiny: bool = False) -> str:
        assert self.offer is not None
        if tiny:
            return "Keep new times?"
        if small:
            return "Keep the times you changed? k step times, l length, d don't keep"
        written = format_short(self.report.routine.total_seconds)
        return (
            f"Keep the times you changed for next time? (As written: {written})\n"
            + choices_text(self.offer)
        )

    def on_mount(self) -> None:
        self.query_one("#picker", Button).focus()
        self._fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """Below the size where bordered buttons and the whole keep question fit, one-line
        buttons and a one-line question: the answers stay in view at every size."""
        small = width < SMALL_WIDTH or height < SMALL_HEIGHT
        tiny = width < TINY_WIDTH or height < TINY_HEIGHT
        self.set_class(small, "-small")
        self.set_class(tiny, "-tiny")
        for button in self.query(Button):
            button.compact = small
            button.label = (SHORT_LABELS if small else LABELS)[button.id or ""]
        if self.offer is not None and self.kept is None:
            self.query_one("#kept", Static).update(self._keep_text(small, tiny))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button in ("repeat", "picker"):
            self.action_choose(button)
        elif button.startswith("keep-"):
            self.action_keep(button.removeprefix("keep-"))

    def action_keep(self, how: str) -> bool:
        """Answer "keep these times?" once; False when nothing could be saved."""
        if self.offer is None or self.keep is None:
            return False
        if self.kept is not None:
            self.notify(f"Already answered: {self.kept_message}", timeout=4)
            return False
        choice = Keep(how)
        if choice is Keep.LENGTH and self.offer.length is None:
            self.notify(f"Cannot keep as one length: {self.offer.no_length}.", severity="warning")
            return False
        message = self.keep(choice)
        if message is None:
            return False
        self.kept = choice
        self.kept_message = message
        self.query_one("#kept", Static).update(message)
        self.query_one("#keep-buttons").display = False
        return True

    def action_choose(self, choice: str) -> None:
        """Leave; while "keep these times?" is unanswered, ask it first."""
        result: FinishChoice = (
            "repeat" if choice == "repeat" else "quit" if choice == "quit" else "picker"
        )
        if self.offer is None or self.kept is not None:
            self.dismiss(result)
            return

        def answered(answer: Keep | None) -> None:
            if answer is not None and self.action_keep(answer.value):
                self.dismiss(result)

        self.app.push_screen(
            KeepQuestion(self.offer, len(self.report.changes), can_stay=True), answered
        )

    def action_leave(self) -> None:
        """Ctrl+C, as q, b and Escape: back to the routines."""
        self.action_choose("picker")

    def quit_app(self) -> None:
        """Ctrl+Q: leave the app, once the changed times are answered for."""
        self.action_choose("quit")
