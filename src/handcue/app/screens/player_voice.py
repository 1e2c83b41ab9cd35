"""The voice while a routine plays: its keys (v on and off, g guided or brief), the mode chosen
in the palette, and finding a speech engine the first time the voice is wanted."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from handcue.audio.player import Player
from handcue.core.engine import Session
from handcue.core.guided_text import VoiceMode
from handcue.services.conductor import Conductor
from handcue.services.cue_thread import CueThread
from handcue.services.user_data import UserData
from handcue.services.voice_output import Voice
from handcue.services.voices import find_voice


class VoiceControls(Screen[Session | None]):
    """The player's voice controls; the player screen sets what they work on."""

    conductor: Conductor
    cues: CueThread
    player: Player
    clock: Callable[[], float]

    def _render_state(self, now: float) -> None:
        """Shows what changed; the player screen draws."""
        raise NotImplementedError

    def use_voice(self, found: tuple[Voice, dict[str, float]]) -> None:
        """Speak with a voice made ready before the player opened (`voices.ready_voice`)."""
        with self.cues.lock:
            self.conductor.voice, self.conductor.tone_seconds = found

    def _attach_voice(self) -> bool:
        """Finds the speech engine the first time the voice is wanted; False when there is none.
        The person's choice of engine is kept in their settings (the command palette)."""
        with self.cues.lock:
            if self.conductor.voice is not None:
                return True
        user = getattr(self.app, "user", None)
        engine = user.voice_engine() if isinstance(user, UserData) else "auto"
        found = find_voice(self.player, engine)
        if isinstance(found, str):
            self.notify(f"No voice: {found}. Tones go on.", severity="warning")
            return False
        with self.cues.lock:
            self.conductor.voice, self.conductor.tone_seconds = found
            self.conductor.prepare()
        return True

    def set_voice_mode(self, mode: VoiceMode) -> None:
        """Guided (the whole instruction) or brief (hand, step, length) from the next words on."""
        with self.cues.lock:
            self.conductor.mode = mode
        words = "the whole instruction" if mode is VoiceMode.GUIDED else "only hand, step, length"
        self.notify(f"Voice {mode.value}: {words}", timeout=3)

    def action_toggle_guidance(self) -> None:
        guided = self.conductor.mode is VoiceMode.GUIDED
        self.set_voice_mode(VoiceMode.BRIEF if guided else VoiceMode.GUIDED)

    def action_toggle_voice(self) -> None:
        speak = not self.conductor.speak
        if speak and not self._attach_voice():
            return
        with self.cues.lock:
            self.conductor.speak = speak
            self._render_state(self.clock())
        self.cues.changed()
        self.notify("Voice on" if speak else "Voice off", timeout=2)
