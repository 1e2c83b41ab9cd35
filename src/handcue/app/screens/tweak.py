"""The tweak screen: a routine's step times, its overall length and a time budget, changed and
saved.

The screen keeps a draft of the routine's tweaks and compares it with what was saved; nothing
reaches the file until Save, and leaving with a changed draft asks first. A value that cannot
be read is shown beside its field and never enters the draft, so a typo can neither crash the
screen nor be saved.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static

from handcue.app.screens.question import Answer, Question
from handcue.core.durations import DurationError, format_short, parse_duration
from handcue.core.routine import Routine
from handcue.core.tweaks import (
    StepRef,
    TweakError,
    Tweaks,
    apply,
    length_text,
    parse_length,
    parse_minutes,
    total_seconds,
)
from handcue.services.timing import fit_tweaks
from handcue.services.user_data import UserData

DURATION_HELP = "45, 45s, 1m30s or 1:30"


def seconds_text(seconds: float) -> str:
    """A time for an input field: exact, in the simplest form the loader reads back."""
    if float(seconds).is_integer():
        whole = int(seconds)
        minutes, rest = divmod(whole, 60)
        if minutes and rest:
            return f"{minutes}m{rest}s"
        return f"{minutes}m" if minutes else f"{rest}s"
    return f"{seconds:g}s"


class ConfirmLeave(Question[str]):
    """Asks what to do with unsaved changes: "save", "discard" or "stay"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "answer(0)", "Save", show=False),
        Binding("d", "answer(1)", "Discard", show=False),
        Binding("escape,ctrl+c", "answer(2)", "Stay", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(
            "Unsaved changes",
            "Save the changed times before leaving? (s / d / Esc)",
            [
                Answer("save", "Save", "primary"),
                Answer("discard", "Discard", "warning"),
                Answer("stay", "Stay"),
            ],
        )


class TweakScreen(Screen[bool]):
    """Step times and length of one routine; dismisses with True when something was saved."""

    CSS_PATH = "tweak.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "reset_step", "Reset step"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, routine: Routine, user: UserData) -> None:
        super().__init__()
        self.routine = routine
        self.user = user
        self.saved = Tweaks()
        self.draft = Tweaks()
        self.bad: dict[str, str] = {}
        """Field id -> what is wrong with its text; such fields are left out of the draft."""
        self._saved_any = False

    @property
    def dirty(self) -> bool:
        return self.draft != self.saved

    @property
    def total(self) -> float:
        return total_seconds(self.routine, apply(self.routine, self.draft).durations)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="body"):
            yield Static(
                Content.from_markup(
                    "[b]Step times for $title[/]\n[dim]Type a time ($help) to give a step a "
                    "time of its own; leave it empty to follow the length.[/]",
                    title=self.routine.title,
                    help=DURATION_HELP,
                ),
                id="heading",
            )
            with Horizontal(id="controls"):
                yield Static("Length", classes="label")
                yield Input(placeholder="100%", id="length")
                yield Input(placeholder="minutes", id="fit")
                yield Button("Fit", id="fit-button")
            yield Static(id="controls-note")
            with VerticalScroll(id="steps"):
                for index, step in enumerate(self.routine.steps):
                    per = " (each hand)" if step.sides == 2 else ""
                    with Horizontal(classes="step-row", id=f"row-{index}"):
                        yield Static(f"{index + 1}. {step.title}{per}", classes="step-title")
                        yield Static(
                            f"as written {format_short(step.duration)}", classes="step-file"
                        )
                        yield Input(id=f"step-{index}", classes="step-input")
                        yield Static(id=f"note-{index}", classes="step-note")
            yield Static(id="total")
            with Horizontal(id="buttons"):
                yield Button("Reset step", id="reset-step")
                yield Button("Reset all", id="reset-all")
                yield Button("Close", id="close")
                yield Button("Save", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.saved = self._load()
        self.draft = self.saved
        self._fill_inputs()
        self._refresh()
        if self.routine.steps:
            self.query_one("#step-0", Input).focus()

    def _load(self) -> Tweaks:
        return self.user.saved_tweaks(self.routine)

    # Showing the draft

    def _fill_inputs(self) -> None:
        """Set every field from the draft, without treating it as typing."""
        applied = apply(self.routine, self.draft)
        with self.prevent(Input.Changed):
            length = self.query_one("#length", Input)
            length.value = "" if self.draft.length == 1.0 else length_text(self.draft.length)
            for index in range(len(self.routine.steps)):
                field = self.query_one(f"#step-{index}", Input)
                own = index in applied.overridden
                field.value = seconds_text(applied.durations[index]) if own else ""
        self.bad.clear()

    def _refresh(self) -> None:
        applied = apply(self.routine, self.draft)
        lengthened = self.draft.length != 1.0
        for index, step in enumerate(self.routine.steps):
            field = self.query_one(f"#step-{index}", Input)
            field.placeholder = format_short(min(step.duration * self.draft.length, 3600.0))
            note = self.query_one(f"#note-{index}", Static)
            problem = self.bad.get(field.id or "")
            if problem:
                note.update(problem)
            elif index in applied.overridden:
                note.update("your time")
            else:
                note.update(f"length {length_text(self.draft.length)}" if lengthened else "")
            note.set_class(bool(problem), "-bad")
        length_problem = self.bad.get("length")
        if length_problem:
            self._note(length_problem, bad=True)
        total = Content.from_markup(
            "[b]Total $total[/]  [dim]as written $written · saved $saved[/]",
            total=format_short(self.total),
            written=format_short(self.routine.total_seconds),
            saved=format_short(
                total_seconds(self.routine, apply(self.routine, self.saved).durations)
            ),
        )
        if self.bad:
            total += Content.from_markup("  [b $error]correct the marked values to save[/]")
        elif self.dirty:
            total += Content.from_markup("  [b $warning]unsaved changes[/]")
        self.query_one("#total", Static).update(total)

    def _note(self, message: str, *, bad: bool = False) -> None:
        note = self.query_one("#controls-note", Static)
        note.update(message)
        note.set_class(bad, "-bad")

    # Typing

    @on(Input.Changed, ".step-input")
    def _step_changed(self, event: Input.Changed) -> None:
        field_id = event.input.id or ""
        index = int(field_id.removeprefix("step-"))
        ref = StepRef.of(self.routine, index)
        text = event.value.strip()
        self.bad.pop(field_id, None)
        if not text:
            self.draft = self.draft.without_step(ref)
        else:
            try:
                self.draft = self.draft.with_step(ref, parse_duration(text))
            except (DurationError, TweakError) as error:
                self.bad[field_id] = str(error)
        self._refresh()

    @on(Input.Changed, "#length")
    def _length_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        self.bad.pop("length", None)
        if not text:
            self.draft = self.draft.with_length(1.0)
            self._note("")
        else:
            try:
                self.draft = self.draft.with_length(parse_length(text))
                self._note(
                    f"Every step without a time of its own at {length_text(self.draft.length)} "
                    "of its written time."
                )
            except TweakError as error:
                self.bad["length"] = f"Length: {error}"
        self._refresh()

    @on(Input.Submitted, "#fit")
    @on(Button.Pressed, "#fit-button")
    def action_fit(self) -> None:
        text = self.query_one("#fit", Input).value
        try:
            target = parse_minutes(text)
        except TweakError as error:
            self._note(f"Minutes: {error}", bad=True)
            return
        try:
            self.draft, message = fit_tweaks(self.routine, self.draft, target)
        except TweakError as error:
            self._note(str(error), bad=True)
            return
        self._fill_inputs()
        self._note(message)
        self._refresh()

    # Buttons and keys

    @on(Button.Pressed, "#reset-step")
    def action_reset_step(self) -> None:
        focused = self.focused
        if not (isinstance(focused, Input) and focused.has_class("step-input")):
            self.notify("Move to a step's time first, then reset it.", severity="warning")
            return
        focused.value = ""

    @on(Button.Pressed, "#reset-all")
    def action_reset_all(self) -> None:
        self.draft = Tweaks()
        self._fill_inputs()
        self._note("Every step as written; Save to keep it.")
        self._refresh()

    @on(Button.Pressed, "#save")
    def action_save(self) -> bool:
        """Write the draft; False (with the reason shown) when it cannot be saved."""
        if self.bad:
            field_id = next(iter(self.bad))
            self.notify("Correct the marked values first.", severity="error")
            self.query_one(f"#{field_id}", Input).focus()
            return False
        if not self.user.save_tweaks(self.routine, self.saved, self.draft):
            return False
        self.saved = self.draft
        self._saved_any = True
        self.notify(f"Saved the times for {self.routine.title}.")
        self._refresh()
        return True

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if not self.dirty and not self.bad:
            self.dismiss(self._saved_any)
            return

        def answered(answer: str | None) -> None:
            if answer == "discard" or (answer == "save" and self.action_save()):
                self.dismiss(self._saved_any)

        self.app.push_screen(ConfirmLeave(), answered)

    def action_leave(self) -> None:
        """Ctrl+C, as Escape: close, asking first about unsaved changes (q types a letter)."""
        self.action_close()

    def quit_app(self) -> None:
        """Ctrl+C or Ctrl+Q: leave the app, asking first about unsaved changes."""
        if not self.dirty and not self.bad:
            self.app.exit()
            return

        def answered(answer: str | None) -> None:
            if answer == "discard" or (answer == "save" and self.action_save()):
                self.app.exit()

        self.app.push_screen(ConfirmLeave(), answered)
