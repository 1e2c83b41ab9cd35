"""The History screen's list of sessions, newest first, two lines each: when, the routine and
how long; then how it ended, its steps and its check-in.

Titles come from the history, which may have been imported from anywhere: they arrive with
their control characters written out (`PlayedSession`) and are drawn as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from handcue.services.progress import PlayedSession

ENDING_STYLES = {
    "finished": "$success",
    "stopped": "$warning",
    "interrupted": "$error",
    "playing": "$accent",
}
NONE_YET = "none-yet"


def session_prompt(session: PlayedSession, today: date) -> Content:
    """`Wed 25 Nov 21:04  Grip strength  6m` over `finished · 5 done · stiffness 6 → 3`."""
    first = Content("  ").join(
        [
            Content.styled(session.when(today), "bold"),
            Content(session.title),
            Content.styled(session.length, "$text-muted"),
        ]
    )
    details = [
        Content.styled(session.ending, ENDING_STYLES.get(session.outcome, "")),
        Content(session.steps),
    ]
    if session.checkins:
        details.append(Content(session.checkins))
    second = Content("  ") + Content.styled(" · ", "$text-muted").join(details)
    return first + Content("\n") + second


class SessionList(OptionList):
    """The latest sessions; each option's id is its session's uid. Enter (or a click) selects
    one, which opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", key_display="⏎"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sessions: tuple[PlayedSession, ...] = ()
        self.today = date.today()

    def show(self, sessions: Sequence[PlayedSession], today: date) -> None:
        """Show `sessions`, keeping the highlight on the same session, or at the same place
        when that one is gone (the next one down, after a deletion)."""
        sessions = tuple(sessions)
        if sessions == self.sessions and today == self.today and self.option_count:
            return
        was = self.highlighted
        kept = self.highlighted_session
        self.sessions = sessions
        self.today = today
        self.clear_options()
        if not sessions:
            self.add_option(
                Option(Content.styled("No sessions yet.", "$text-muted"), NONE_YET, disabled=True)
            )
            return
        self.add_options(Option(session_prompt(s, today), id=s.uid) for s in sessions)
        uids = [s.uid for s in sessions]
        if kept is not None and kept.uid in uids:
            self.highlighted = uids.index(kept.uid)
        else:
            self.highlighted = min(was or 0, len(sessions) - 1)

    @property
    def highlighted_session(self) -> PlayedSession | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.sessions):
            return None
        return self.sessions[index]
