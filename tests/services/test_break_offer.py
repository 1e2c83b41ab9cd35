"""A break as it is shown: its routine's title never reaches the terminal with control
characters, and a break without a routine still reads as one."""

from __future__ import annotations

from handcue.core.routine import Routine, Step, Technique
from handcue.services.break_offer import SERVICE_ACTIONS, WORK_ACTIONS, Offer


def _routine(title: str) -> Routine:
    step = Step("Shake out", "Shake both hands loosely.", 90, Technique.SHAKE_OUT)
    return Routine(id="desk", title=title, goals=("desk-work",), steps=(step,))


def test_the_routine_is_named_with_its_length() -> None:
    offer = Offer(1, _routine("Desk reset"), 90.0, 3)
    assert offer.routine_text == "Desk reset (1:30)"


def test_a_title_with_control_characters_is_shown_written_out() -> None:
    offer = Offer(1, _routine("Desk\x1b[2Jreset"), 90.0, 3)
    assert "\x1b" not in offer.routine_text
    assert offer.routine_text.startswith("Desk\\x1b[2Jreset")


def test_a_break_without_a_routine_is_a_short_break() -> None:
    assert Offer(None, None, 0.0, 0).routine_text == "a short break"


def test_the_service_adds_play_to_the_buttons_the_terminal_uses() -> None:
    assert [key for key, _ in WORK_ACTIONS] == ["snooze", "skip"]
    assert [key for key, _ in SERVICE_ACTIONS] == ["play", "snooze", "skip"]
