"""The History screen's line on break reminders: breaks taken against those offered, per day of
the last week. It reads its own figures in a worker, and stays hidden for someone who has
never used the reminders."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.widgets import Static

from handcue.services.user_data import UserData


class BreakTally(Static):
    DEFAULT_CSS = """
    BreakTally { display: none; height: auto; padding: 0 1; margin-bottom: 1; }
    """

    def __init__(self, user: UserData, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.user = user
        self.today = today

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="break-tally")
    def load(self) -> None:
        line = self.user.breaks_line(self.today)
        if line is not None:
            self.app.call_from_thread(self._show, line)

    def _show(self, line: str) -> None:
        self.update(line)
        self.display = True
