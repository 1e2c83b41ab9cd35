"""The end of a routine: what was done, on which hand, and what next (repeat or pick another)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

from textual import on
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
    ]
    hands = rounded_parts({hand: report.seconds_by_hand.get(hand, 0.0) for hand in HANDS})
    for hand in HANDS:
        label = {"left": "Left hand", "right": "Right hand", "both": "Both together"}[hand]
        lines.append(
            Content.from_markup(
                "  $label  $time", label=f"{label:<14}", time=format_clock(hands[hand])
            )
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
    return Content("\n").join(lines)


class FinishScreen(Screen[FinishChoice]):
    """Dismisses with "repeat", "picker" or "quit"; the app decides what each one does.

    With times changed in the session, it offers to keep them (step times, one overall length,
    or not), and asks before leaving while that is unanswered. None of its keys means
    something else in the player, so a key pressed as the routine ends does nothing unmeant.
    """

    CSS_PATH = "finish.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "choose('repeat')", "Again"),
        Binding("b,escape", "choose('picker')", "Routines", key_display="b"),
        # q stops a routine in the player, so here it does nothing; the footer says how to quit.
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

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="card") as card:
            card.border_title = "Routine complete" if self.report.done else "Routine ended"
            with VerticalScroll(id="summary-scroll"):
                yield Static(report_text(self.report, self.guided), id="summary")
            if self.offer is not None:
                with Vertical(id="keep"):
                    written = format_short(self.report.routine.total_seconds)
                    yield Static(
                        f"Keep the times you changed for next time? (As written: {written})\n"
                        + choices_text(self.offer),
                        id="kept",
                        markup=False,
                    )
                    with Horizontal(id="keep-buttons"):
                        yield Button("Step times (k)", id="keep-steps")
                        yield Button(
                            "Overall length (l)",
                            id="keep-length",
                            disabled=self.offer.length is None,
                        )
                        yield Button("Don't keep (d)", id="keep-nothing")
            with Horizontal(id="buttons"):
                yield Button("Back to routines (b)", id="picker")
                yield Button("Again (a)", id="repeat", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#picker", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button in ("repeat", "picker"):
            self.action_choose(button)
        elif button.startswith("keep-"):
            self.action_keep(button.removeprefix("keep-"))

    def action_keep(self, how: str) -> bool:
        """Answer "keep these times?" once; False when nothing could be saved."""
        if self.offer is None or self.keep is None or self.kept is not None:
            return False
        choice = Keep(how)
        if choice is Keep.LENGTH and self.offer.length is None:
            self.notify(f"Cannot keep as one length: {self.offer.no_length}.", severity="warning")
            return False
        message = self.keep(choice)
        if message is None:
            return False
        self.kept = choice
        self.query_one("#kept", Static).update(message)
        for button in self.query("#keep Button").results(Button):
            button.disabled = True
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

    def quit_app(self) -> None:
        """Ctrl+C or Ctrl+Q: leave the app, once the changed times are answered for."""
        self.action_choose("quit")
