"""Acknowledgements kept in memory, for app tests that need no database file."""

from __future__ import annotations

from collections.abc import Sequence


class MemoryAcknowledgements:
    """The app's acknowledgement store (`handcue.app.app.AcknowledgementStore`), held in a dict."""

    def __init__(self) -> None:
        self._shown: dict[str, frozenset[str]] = {}

    def is_acknowledged(self, routine_id: str, shown: Sequence[str] = ()) -> bool:
        return self._shown.get(routine_id) == frozenset(shown)

    def unseen(self, routine_id: str, shown: Sequence[str]) -> list[str] | None:
        known = self._shown.get(routine_id)
        return None if known is None else [text for text in shown if text not in known]

    def acknowledge(self, routine_id: str, shown: Sequence[str] = ()) -> None:
        self._shown[routine_id] = frozenset(shown)
