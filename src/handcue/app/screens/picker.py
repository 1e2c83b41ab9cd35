"""The picker: filter routines by goal and by words, read one in full, and start it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from handcue.app.widgets.routine_details import describe
from handcue.app.widgets.routine_list import RoutineList, routine_option, your_history
from handcue.core.routine import Routine
from handcue.core.routine_search import goal_counts, goal_label, matches

if TYPE_CHECKING:
    from handcue.services.history import Effect
    from handcue.services.user_data import RoutineUse, UserData
    from handcue.services.your_time import YourTime

ALL_GOALS = "all"
"""Option id of the "every goal" entry; goal keys never clash with it."""


class PickerScreen(Screen[None]):
    """Goals on the left, matching routines in the middle, the highlighted one on the right."""

    # Textual types these as plain attributes, so no ClassVar here.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-tiny"),
        (56, "-narrow"),
        (96, "-wide"),
    ]
    """Narrow terminals put the details under the list, then drop them and the goal column, so
    the list stays readable."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (14, "-tall")]  # noqa: RUF012

    # In the order the footer shows them: a narrow terminal keeps the first ones.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "leave", "Quit"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("g", "focus_goals", "Goals"),
        Binding("e", "tweak", "Step times"),
        Binding("h", "app.history", "History"),
        Binding("s", "sort", "Sort by your ratings", show=False),
        Binding("escape", "clear", "Clear", show=False),
    ]

    goal: var[str | None] = var[str | None](None, init=False)
    """The goal filter; None shows every goal."""
    search_text: var[str] = var("", init=False)
    """The words typed in the search box."""
    times: var[Mapping[str, YourTime]] = var(MappingProxyType({}), init=False)
    """The time each routine takes you, by id, once the app has read your saved times."""
    uses: var[dict[str, RoutineUse]] = var(dict, init=False)
    """Your sessions of each routine, once read from the history."""
    effects: var[dict[str, dict[str, Effect]]] = var(dict, init=False)
    """By goal, then routine: the average change of your ratings, where rated often enough."""
    by_ratings: var[bool] = var(False, init=False)
    """With a goal chosen, list the routines your ratings eased most first."""

    class Start(Message):
        """Asks the app to start a routine (through the precautions screen when needed)."""

        def __init__(self, routine: Routine) -> None:
            super().__init__()
            self.routine = routine

    def __init__(
        self, routines: Sequence[Routine], user: UserData | None = None, goal: str | None = None
    ) -> None:
        """`user`: where your times, sessions and ratings come from; None shows none."""
        super().__init__()
        self.user = user
        self._routines = tuple(routines)
        self._by_id = {routine.id: routine for routine in self._routines}
        self._initial_goal = goal
        self._shown: list[Routine] = []

    @property
    def shown(self) -> tuple[Routine, ...]:
        """The routines the filters let through, in list order."""
        return tuple(self._shown)

    @property
    def highlighted(self) -> Routine | None:
        """The routine under the list cursor, if any routine is listed."""
        index = self.query_one("#routines", OptionList).highlighted
        if index is None or not 0 <= index < len(self._shown):
            return None
        return self._shown[index]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search routines, steps, techniques  ( / )", id="search")
        with Horizontal(id="panes"):
            with Vertical(id="goals"):
                yield OptionList(*self._goal_options(), id="goal-list")
            with Vertical(id="routine-column"):
                yield RoutineList(id="routines")
                yield Static(id="count")
            with VerticalScroll(id="detail-pane"):
                yield Static(id="detail")
        yield Footer()

    def _goal_options(self) -> list[Option]:
        counts = goal_counts(self._routines)
        options = [
            Option(Content.from_markup("All goals [dim]$n[/]", n=len(self._routines)), id=ALL_GOALS)
        ]
        for key, count in counts.items():
            if count:
                options.append(
                    Option(
                        Content.from_markup("$label [dim]$n[/]", label=goal_label(key), n=count),
                        id=key,
                    )
                )
        return options

    def on_mount(self) -> None:
        self.query_one("#detail-pane").border_title = "Details"
        goals = self.query_one("#goal-list", OptionList)
        goal = self._initial_goal
        if goal is not None and goal in {option.id for option in goals.options}:
            goals.highlighted = goals.get_option_index(goal)
            self.goal = goal
        else:
            if goal is not None:
                self.notify(
                    f"No routine serves the goal {goal!r}: showing them all.",
                    severity="warning",
                )
            goals.highlighted = 0
        self._refresh_routines()
        self.query_one("#routines", OptionList).focus()

    def on_screen_resume(self) -> None:
        """Your figures, read once the list is drawn: as the app opens (a screen is resumed
        when first shown too), and back from a routine, the step times or the History screen,
        when they may differ."""
        self.call_after_refresh(self.load_figures)

    @work(thread=True, exclusive=True, group="figures")
    def load_figures(self) -> None:
        """Your times, then your sessions and ratings, read in a thread: a long history or a
        locked database never holds up the list."""
        user = self.user
        if user is None:
            return
        times = MappingProxyType(dict(user.your_times(self._routines)))
        self.app.call_from_thread(setattr, self, "times", times)
        uses, effects = user.uses()
        self.app.call_from_thread(self._set_history, uses, effects)

    def _set_history(
        self, uses: dict[str, RoutineUse], effects: dict[str, dict[str, Effect]]
    ) -> None:
        self.uses = uses
        self.effects = effects

    def highlight(self, routine: Routine) -> None:
        """Put the list's cursor on `routine` (started from the palette, say), when listed."""
        if routine in self._shown:
            self.query_one("#routines", OptionList).highlighted = self._shown.index(routine)

    def watch_goal(self) -> None:
        self._refresh_routines()

    def watch_search_text(self) -> None:
        self._refresh_routines()

    def watch_times(self) -> None:
        self._refresh_routines()

    def watch_uses(self) -> None:
        self._refresh_routines()

    def watch_effects(self) -> None:
        self._refresh_routines()

    def watch_by_ratings(self) -> None:
        self._refresh_routines()

    def _goal_effects(self) -> Mapping[str, Effect]:
        return self.effects.get(self.goal, {}) if self.goal is not None else {}

    def action_sort(self) -> None:
        """Sort by your average change for the goal chosen; again to sort as before."""
        if self.goal is None:
            self.notify("Choose a goal first: routines are sorted by your ratings for it.")
            return
        if not self._goal_effects() and not self.by_ratings:
            from handcue.services.history import MIN_RATED

            self.notify(
                f"No routine for this goal has {MIN_RATED} sessions rated before and after yet.",
                timeout=5,
            )
            return
        self.by_ratings = not self.by_ratings
        self.notify(
            "Sorted by your ratings: the routines they eased most first."
            if self.by_ratings
            else "Sorted as listed.",
            timeout=3,
        )

    def _refresh_routines(self) -> None:
        """Refill the list from the filters, keeping the cursor on the same routine if it stays."""
        routines = self.query_one("#routines", OptionList)
        previous = self.highlighted
        self._shown = [r for r in self._routines if matches(r, self.goal, self.search_text)]
        found = self._goal_effects()
        if self.by_ratings and found:
            from handcue.services.history import by_easing

            order = {
                rid: rank for rank, rid in enumerate(by_easing([r.id for r in self._shown], found))
            }
            self._shown.sort(key=lambda routine: order[routine.id])
        today = date.today()
        routines.set_options(
            routine_option(
                routine,
                self.times.get(routine.id),
                your_history(self.uses.get(routine.id), found.get(routine.id), today),
            )
            for routine in self._shown
        )
        if self._shown:
            kept = previous is not None and previous in self._shown
            routines.highlighted = self._shown.index(previous) if previous and kept else 0
        total = len(self._routines)
        shown = len(self._shown)
        self.query_one("#count", Static).update(
            f"{shown} of {total} routines" if shown != total else f"{total} routines"
        )
        self._show_detail(self.highlighted)

    def _show_detail(self, routine: Routine | None) -> None:
        detail = self.query_one("#detail", Static)
        if routine is None:
            detail.update(
                Content.from_markup(
                    "[dim]No routine matches. Press Escape to clear the search, "
                    "or pick another goal.[/]"
                )
            )
        else:
            text = describe(routine, self.times.get(routine.id))
            mine = self._history_detail(routine)
            detail.update(text + mine if mine else text)
        self.query_one("#detail-pane", VerticalScroll).scroll_home(animate=False)

    def _history_detail(self, routine: Routine) -> Content | None:
        """Your sessions of `routine` and your ratings, said with care; None without them."""
        use = self.uses.get(routine.id)
        if use is None:
            return None
        from handcue.services.history import EFFECT_NOTE, use_text

        lines = [
            Content(""),
            Content.from_markup("[b]Your sessions[/]"),
            Content(use_text(use, date.today())),
        ]
        effect = self._goal_effects().get(routine.id)
        if effect is not None:
            lines += [Content(f"Your {effect.text}."), Content.styled(EFFECT_NOTE, "dim")]
        return Content("\n").join(lines)

    @on(OptionList.OptionHighlighted, "#goal-list")
    def _goal_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.goal = None if event.option_id in (None, ALL_GOALS) else event.option_id

    @on(OptionList.OptionSelected, "#goal-list")
    def _goal_selected(self) -> None:
        self.set_focus(self.query_one("#routines"))

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.set_focus(self.query_one("#routines"))

    @on(OptionList.OptionHighlighted, "#routines")
    def _routine_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        routine = self._by_id.get(event.option_id or "")
        if routine is not None:
            self._show_detail(routine)

    @on(OptionList.OptionSelected, "#routines")
    def _routine_selected(self, event: OptionList.OptionSelected) -> None:
        routine = self._by_id.get(event.option_id or "")
        if routine is not None:
            self.post_message(self.Start(routine))

    # Focus moves at once (`set_focus`) rather than after the keys already typed (`focus()`
    # waits its turn): a "q" typed right after "/" can no longer quit the app.

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))

    def action_tweak(self) -> None:
        """The highlighted routine's step times, on a screen of their own."""
        routine = self.highlighted
        if routine is None:
            return
        if self.user is None or self.user.timing is None:
            self.notify("Step times cannot be saved here.", severity="warning")
            return
        from handcue.app.screens.tweak import TweakScreen

        self.app.push_screen(TweakScreen(routine, self.user))

    def action_focus_goals(self) -> None:
        """The goal list; on a terminal too narrow to show it, a list of goals to pick from."""
        goals = self.query_one("#goals")
        if goals.region.width > 0 and goals.display:
            self.set_focus(self.query_one("#goal-list", OptionList))
            return
        from handcue.app.screens.goal_choice import GoalChoice

        def chosen(goal: str | None) -> None:
            if goal is not None:
                listed = self.query_one("#goal-list", OptionList)
                listed.highlighted = listed.get_option_index(goal)
            self.set_focus(self.query_one("#routines"))

        self.app.push_screen(GoalChoice(self._goal_options(), self.goal or ALL_GOALS), chosen)

    def action_clear(self) -> None:
        """Escape empties the search box first, then resets the goal; with nothing left to
        clear it leaves, as q does here."""
        search = self.query_one("#search", Input)
        goals = self.query_one("#goal-list", OptionList)
        if search.value:
            search.value = ""
        elif self.goal is not None:
            goals.highlighted = 0
        elif self.focused is self.query_one("#routines"):
            self.action_leave()
            return
        self.set_focus(self.query_one("#routines"))

    def action_leave(self) -> None:
        """q, Ctrl+C: the picker is where handcue starts and ends, so quit."""
        self.app.exit()
