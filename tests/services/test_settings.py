"""The kept settings: a default until set, kept in the user database for the next start, and a
value that is not allowed (a file edited by hand, an older handcue) read as the default."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from handcue.core.guided_text import VoiceMode
from handcue.services import settings
from handcue.services.user_data import UserData


def _settings() -> tuple[str, VoiceMode | None, int | None, str | None, str, str]:
    user = UserData()
    try:
        return (
            user.checkin_mode(),
            user.voice_choice(),
            user.volume(),
            user.theme(["light", "dark"]),
            user.voice_engine(),
            user.speak_by(),
        )
    finally:
        user.close()


def test_each_setting_is_its_default_until_set_and_kept_once_set() -> None:
    assert _settings() == ("on", None, None, None, "auto", "voice")
    user = UserData()
    assert user.set_checkin_mode("per-hand")
    assert user.set_voice_choice(VoiceMode.BRIEF)
    assert user.set_volume(40)
    assert user.set_theme("dark")
    assert user.set_voice_engine("system")
    assert user.set_speak_by("screen-reader")
    user.close()
    assert _settings() == ("per-hand", VoiceMode.BRIEF, 40, "dark", "system", "screen-reader")


def test_a_kept_value_that_is_not_allowed_reads_as_the_default() -> None:
    user = UserData()
    for key in ("checkins", "voice-mode", "volume", "theme", "voice-engine", "speak-by"):
        user.history.set_setting(key, "loud")
    user.close()
    assert _settings() == ("on", None, None, None, "auto", "voice")


def test_a_theme_no_longer_known_is_not_offered_back() -> None:
    user = UserData()
    assert user.set_theme("solarized")
    user.close()
    user = UserData()
    try:
        assert user.theme(["light", "dark"]) is None
        assert user.theme(["solarized"]) == "solarized"
    finally:
        user.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda user: user.set_checkin_mode("sometimes"), "check-ins are on, off, per-hand"),
        (lambda user: user.set_voice_engine("loud"), "voice engines are auto, natural, system"),
        (lambda user: user.set_speak_by("nobody"), "said by voice or screen-reader"),
    ],
)
def test_a_value_not_allowed_is_refused_and_nothing_is_kept(
    change: Callable[[UserData], object], message: str
) -> None:
    user = UserData()
    try:
        with pytest.raises(ValueError, match=message):
            change(user)
    finally:
        user.close()
    assert _settings() == ("on", None, None, None, "auto", "voice")


def test_the_voice_choices_are_auto_and_every_voice_mode() -> None:
    """Written out, so the picker's first frame need not import the guided text."""
    assert ("auto", *(mode.value for mode in VoiceMode)) == settings.VOICE_CHOICES


def test_the_choices_are_the_same_everywhere_they_are_written_out() -> None:
    """Written out so the picker's first frame imports neither the guided text nor the
    command line's grammar; held here to the one list each comes from."""
    from handcue.cli import parser

    assert set(settings.VOICE_CHOICES) == {"auto", *(mode.value for mode in VoiceMode)}
    assert set(parser.VOICE_MODES) == set(settings.VOICE_CHOICES)
    assert set(parser.VOICE_ENGINES) == set(settings.VOICE_ENGINES)
    assert set(parser.SPEAKERS) == set(settings.SPEAKERS)
