"""Notifications as a test sees them: every `notify` an app receives, kept in order."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App
from textual.notifications import SeverityLevel


@dataclass(frozen=True)
class Notice:
    message: str
    title: str
    severity: str


class KeepsNotices(App[None]):
    """Mixed into a test app: `notices` holds what it was asked to show, after the real thing."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.notices: list[Notice] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        self.notices.append(Notice(message, title, severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
