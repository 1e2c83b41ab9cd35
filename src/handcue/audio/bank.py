"""Every cue sound, read once and kept in memory at the current volume.

Playing a cue must never wait on the disk (a cue that arrives late is a wrong cue), so the
folder is read once at start-up and volume changes rescale the samples in memory.
"""

from __future__ import annotations

import sys
import threading
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

from handcue.resources import sounds_dir


@dataclass(frozen=True, slots=True)
class Sound:
    """Interleaved little-endian 16-bit frames, ready for a sound device."""

    name: str
    frames: bytes
    channels: int
    rate: int

    sample_width = 2

    @property
    def duration(self) -> float:
        return len(self.frames) / (self.channels * self.sample_width * self.rate)

    def wav_bytes(self) -> bytes:
        """The sound as a complete WAV file, for players that only take files."""
        from io import BytesIO

        buffer = BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(self.channels)
            out.setsampwidth(self.sample_width)
            out.setframerate(self.rate)
            out.writeframes(self.frames)
        return buffer.getvalue()


def gain_for(volume: int) -> float:
    """Volume 0-100 to a linear gain on a squared curve: 50 is about -12 dB, as ears expect."""
    return (max(0, min(100, volume)) / 100.0) ** 2


def gain_table(gain: float) -> list[int]:
    """Scaled value of every 16-bit sample, indexed by its unsigned bit pattern."""
    return [round((u - 65536 if u >= 32768 else u) * gain) for u in range(65536)]


def scale_frames(frames: bytes, table: list[int]) -> bytes:
    """16-bit LE samples mapped through `table`, without numpy.

    Mapping a lookup table over the raw samples keeps the loop in C: the whole bank
    rescales in tens of milliseconds.
    """
    samples = array("H")
    samples.frombytes(frames)
    if sys.byteorder == "big":
        samples.byteswap()
    scaled = array("h", map(table.__getitem__, samples))
    if sys.byteorder == "big":
        scaled.byteswap()
    return scaled.tobytes()


class SoundBank:
    """The sounds of one folder by file stem (`step-left`), at one volume.

    Files that cannot be used (not 16-bit PCM, unreadable) are left out and listed in
    `problems`, so a damaged install plays the cues it can instead of crashing.
    """

    def __init__(self, folder: Path | str | None = None, volume: int = 100) -> None:
        self.folder = Path(folder) if folder is not None else sounds_dir()
        self.problems: list[str] = []
        self._original: dict[str, Sound] = {}
        self._lock = threading.Lock()
        self._load()
        self._volume = max(0, min(100, volume))
        self._scaled = self._rescaled(self._volume)

    def _load(self) -> None:
        try:
            paths = sorted(self.folder.glob("*.wav"))
        except OSError as error:
            self.problems.append(f"cannot list {self.folder}: {error}")
            return
        if not paths:
            self.problems.append(f"no sounds found in {self.folder}")
        for path in paths:
            try:
                with wave.open(str(path), "rb") as source:
                    if source.getsampwidth() != Sound.sample_width:
                        self.problems.append(f"{path.name}: not 16-bit PCM")
                        continue
                    frames = source.readframes(source.getnframes())
                    sound = Sound(path.stem, frames, source.getnchannels(), source.getframerate())
            except (OSError, EOFError, wave.Error) as error:
                self.problems.append(f"{path.name}: {error}")
                continue
            self._original[sound.name] = sound

    def _rescaled(self, volume: int) -> dict[str, Sound]:
        gain = gain_for(volume)
        if gain == 1.0:
            return dict(self._original)
        table = gain_table(gain)
        return {
            name: Sound(name, scale_frames(sound.frames, table), sound.channels, sound.rate)
            for name, sound in self._original.items()
        }

    @property
    def volume(self) -> int:
        return self._volume

    @volume.setter
    def volume(self, value: int) -> None:
        value = max(0, min(100, int(value)))
        with self._lock:
            if value == self._volume:
                return
            scaled = self._rescaled(value)
            self._scaled, self._volume = scaled, value

    @property
    def names(self) -> list[str]:
        return sorted(self._original)

    def get(self, name: str) -> Sound | None:
        """The sound at the current volume, or None if the bank has no such file."""
        return self._scaled.get(name)

    def __len__(self) -> int:
        return len(self._original)
