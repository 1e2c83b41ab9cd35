"""The History screen over ten weeks of made-up sessions, counted to a fixed day: 2 Dec, the
day after a month began, so the calendar's month row and the last bar must reach December."""

from datetime import date

from support.history_data import fill
from support.shell import SteadyShellApp

from handcue.storage.history import History
from handcue.storage.user_database import UserDatabase

DAY = date(2026, 12, 2)


class HistoryApp(SteadyShellApp):
    def today(self) -> date:
        return DAY


database = UserDatabase()
fill(History(database), today=DAY)
database.close()
app = HistoryApp(first_screen="history")
