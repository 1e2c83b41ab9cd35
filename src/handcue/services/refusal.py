"""The one error a service raises for a request a person can fix."""

from __future__ import annotations


class Refused(Exception):
    """A request that cannot be met as asked, with the reason and the fix in words.

    The command line prints it as one line and exits 2; the app shows it as a notification.
    """

    def __init__(self, message: str, about: str | None = None) -> None:
        super().__init__(message)
        self.about = about
        """The part of the request refused ("length", "minutes", "step"), when it is one part:
        the command line names its option."""
