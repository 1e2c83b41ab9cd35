"""Plays cues from memory with simpleaudio: the first choice, no files and no processes.

simpleaudio opens the device inside `play_buffer` (which can block on a busy device), so
the call happens on the player's worker thread. A device that fails while a sound is being
fed is invisible to Python; the next `play_buffer` raises, and that is reported.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from handcue.audio.alsa_quiet import probe_default_device, silence_alsa_errors
from handcue.audio.bank import Sound, SoundBank
from handcue.audio.player import BackgroundPlayer


class SimpleaudioPlayer(BackgroundPlayer):
    name = "simpleaudio"

    def __init__(self, bank: SoundBank | None = None, volume: int = 100) -> None:
        # ImportError here tells choose_player to try the next backend.
        self._simpleaudio: Any = importlib.import_module("simpleaudio")
        silence_alsa_errors()
        # Opening the device once now loads ALSA's configuration, which would otherwise
        # delay the first cue by tens of milliseconds.
        self.device_problem = probe_default_device() if sys.platform.startswith("linux") else None
        self._current: Any = None
        super().__init__(bank, volume)

    def _start(self, sound: Sound) -> None:
        self._current = self._simpleaudio.play_buffer(
            sound.frames, sound.channels, sound.sample_width, sound.rate
        )

    def _halt(self) -> None:
        current, self._current = self._current, None
        if current is not None and current.is_playing():
            current.stop()

    def _is_sounding(self) -> bool:
        current = self._current
        try:
            return current is not None and bool(current.is_playing())
        except Exception:
            return False

    def _release(self) -> None:
        self._halt()
