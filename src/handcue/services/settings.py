"""The settings a person keeps in the user database: their names, the values each may take,
and how a front end reads and writes them.

A setting that cannot be read is its default and one that cannot be written is said once,
so a front end asks without a try around each question.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handcue.core.guided_text import VoiceMode
    from handcue.storage.history import History
    from handcue.storage.user_database import UserDatabase

CHECKIN_SETTING = "checkins"
CHECKIN_MODES = ("on", "off", "per-hand")
"""On (both hands together), off, or each hand on its own where a routine works them apart."""

VOLUME_SETTING = "volume"
VOLUMES = tuple(str(level) for level in range(0, 101))
THEME_SETTING = "theme"

VOICE_SETTING = "voice-mode"
VOICE_CHOICES = ("auto", "guided", "brief")
"""Auto: guided for a routine's first plays, then brief; the others are `VoiceMode`'s values,
written out so that the picker's first frame need not import the guided text."""

VOICE_ENGINE_SETTING = "voice-engine"
VOICE_ENGINES = ("auto", "natural", "system")
"""Auto: the natural voice when its extra is installed, else the system's (espeak-ng)."""

SPEAK_BY_SETTING = "speak-by"
SPEAKERS = ("voice", "screen-reader")
"""Who says the words in plain mode: the voice, or the person's screen reader (the voice then
stays quiet and the lines are printed as they would be said)."""


class KeptSettings:
    """How `UserData` reads and writes settings; `UserData` opens the database and says each
    problem once."""

    if TYPE_CHECKING:

        @property
        def history(self) -> History: ...

        @property
        def database(self) -> UserDatabase: ...

        def say(self, message: str) -> None: ...

    def setting(self, key: str, allowed: Sequence[str], default: str) -> str:
        """A kept setting, or `default` when unset, unreadable or not one of `allowed`."""
        try:
            value = self.history.setting(key)
        except OSError:
            return default
        return value if value is not None and value in allowed else default

    def set_setting(self, key: str, value: str) -> bool:
        """Keep a setting; False (said through `on_problem`) when it could not be kept."""
        try:
            self.history.set_setting(key, value)
        except (OSError, ValueError) as error:
            self.say(f"Could not save the setting: {error}.")
            return False
        return not self.database.in_memory

    def checkin_mode(self) -> str:
        """ "on", "off" or "per-hand"; "on" until the person says otherwise."""
        return self.setting(CHECKIN_SETTING, CHECKIN_MODES, "on")

    def set_checkin_mode(self, mode: str) -> bool:
        if mode not in CHECKIN_MODES:
            raise ValueError(f"check-ins are {', '.join(CHECKIN_MODES)}; got {mode!r}")
        return self.set_setting(CHECKIN_SETTING, mode)

    def voice_choice(self) -> VoiceMode | None:
        """Guided or brief as the person set it for every routine; None: guided for a
        routine's first plays, then brief."""
        from handcue.core.guided_text import VoiceMode

        value = self.setting(VOICE_SETTING, VOICE_CHOICES, "auto")
        return None if value == "auto" else VoiceMode(value)

    def set_voice_choice(self, choice: VoiceMode | None) -> bool:
        return self.set_setting(VOICE_SETTING, "auto" if choice is None else choice.value)

    def volume(self) -> int | None:
        """The tones' loudness the person set in the app; None when never set."""
        value = self.setting(VOLUME_SETTING, VOLUMES, "")
        return int(value) if value else None

    def set_volume(self, volume: int) -> bool:
        return self.set_setting(VOLUME_SETTING, str(volume))

    def theme(self, known: Sequence[str]) -> str | None:
        """The theme the person chose last, if it is one of `known`."""
        return self.setting(THEME_SETTING, known, "") or None

    def set_theme(self, name: str) -> bool:
        return self.set_setting(THEME_SETTING, name)

    def voice_engine(self) -> str:
        """ "auto", "natural" or "system": which engine speaks live."""
        return self.setting(VOICE_ENGINE_SETTING, VOICE_ENGINES, "auto")

    def set_voice_engine(self, engine: str) -> bool:
        if engine not in VOICE_ENGINES:
            raise ValueError(f"voice engines are {', '.join(VOICE_ENGINES)}; got {engine!r}")
        return self.set_setting(VOICE_ENGINE_SETTING, engine)

    def speak_by(self) -> str:
        """ "voice" or "screen-reader": who says the words in plain mode."""
        return self.setting(SPEAK_BY_SETTING, SPEAKERS, "voice")

    def set_speak_by(self, speaker: str) -> bool:
        if speaker not in SPEAKERS:
            raise ValueError(f"the words are said by {' or '.join(SPEAKERS)}; got {speaker!r}")
        return self.set_setting(SPEAK_BY_SETTING, speaker)
