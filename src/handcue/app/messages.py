"""Messages the app's parts send each other from threads: what happened, to be shown."""

from __future__ import annotations

from textual.message import Message


class DataProblem(Message):
    """Something the person's data could not do (read, write, keep), from whichever thread
    found it; shown once as a notice."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
