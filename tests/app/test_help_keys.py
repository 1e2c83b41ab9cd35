"""The help names every key the screens answer to, so it never drifts from what they do."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

from handcue.app.app import HandcueApp
from handcue.app.screens.checkin import CheckInScreen
from handcue.app.screens.finish import FinishScreen
from handcue.app.screens.help import (
    ANYWHERE_KEYS,
    AROUND_KEYS,
    PICKER_KEYS,
    PLAYER_KEYS,
)
from handcue.app.screens.history import HistoryScreen
from handcue.app.screens.picker import PickerScreen
from handcue.app.screens.player import PlayerScreen
from handcue.app.widgets.routine_list import RoutineList

SPOKEN = {
    "question_mark": "?",
    "slash": "/",
    "space": "Space",
    "escape": "Esc",
    "enter": "Enter",
    "plus": "+",
    "equals_sign": "+",
    "minus": "-",
    "underscore": "-",
    "right": "→",
    "left": "←",
    "f1": "F1",
    "delete": "Delete",
}


def _named(key: str) -> str:
    if key in SPOKEN:
        return SPOKEN[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key.removeprefix("ctrl+").upper()
    return key


@pytest.mark.parametrize(
    "screen",
    [
        HandcueApp,
        PickerScreen,
        RoutineList,
        PlayerScreen,
        FinishScreen,
        CheckInScreen,
        HistoryScreen,
    ],
)
def test_every_key_of_the_screen_is_in_the_help(screen: type[DOMNode]) -> None:
    named = _tokens(key for table in (ANYWHERE_KEYS, PICKER_KEYS, PLAYER_KEYS) for key, _ in table)
    named |= _tokens(words for _, words in AROUND_KEYS)
    for binding in screen.BINDINGS:
        assert isinstance(binding, Binding)
        for key in binding.key.split(","):
            if key.isdigit():
                key = "0-9"
            assert _named(key) in named, (screen.__name__, key, binding.description)


def _tokens(texts: Iterable[str]) -> set[str]:
    """The keys written in the help, one by one: "q, Esc, Ctrl+C" gives q, Esc and Ctrl+C."""
    found: set[str] = set()
    for text in texts:
        found.update(text.replace(",", " ").replace(";", " ").replace("(", " ").split())
    return found
