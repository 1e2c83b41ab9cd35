"""The History screen over ten weeks of made-up sessions, counted to a fixed day."""

from datetime import date

from support.history_data import TODAY, fill
from support.shell import SteadyShellApp

from handcue.storage.history import History
from handcue.storage.user_database import UserDatabase


class HistoryApp(SteadyShellApp):
    def today(self) -> date:
        return TODAY


database = UserDatabase()
fill(History(database))
database.close()
app = HistoryApp(first_screen="history")
