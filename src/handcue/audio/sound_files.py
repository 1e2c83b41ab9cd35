"""Sound files in the formats a phone plays: WAV, FLAC and Ogg Vorbis, chosen by file name.

A rendered session is mostly silence between short cues, which WAV stores at full size (about
150 MB for fifteen minutes). FLAC keeps every sample exactly and Ogg Vorbis is smaller still;
both are written by libsndfile through the soundfile package, whose wheels carry the library,
so nothing has to be installed on the system. soundfile (and numpy with it) is imported only
when such a file is written: playing cues never loads it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol


@dataclass(frozen=True, slots=True)
class FileFormat:
    """A kind of sound file handcue writes, known by its file name's suffix."""

    suffix: str
    name: str
    container: str
    """libsndfile's name for the container (WAV, FLAC, OGG)."""
    subtype: str
    """libsndfile's name for the encoding inside it."""
    lossless: bool


FORMATS: dict[str, FileFormat] = {
    ".wav": FileFormat(".wav", "WAV", "WAV", "PCM_16", lossless=True),
    ".flac": FileFormat(".flac", "FLAC", "FLAC", "PCM_16", lossless=True),
    ".ogg": FileFormat(".ogg", "Ogg Vorbis", "OGG", "VORBIS", lossless=False),
}
"""By suffix, lower case. Opus is left out: libsndfile writes it only at 48 kHz."""


def format_for(path: Path) -> FileFormat | None:
    """The format `path`'s suffix asks for, or None when handcue does not write it."""
    return FORMATS.get(path.suffix.lower())


def suffixes() -> str:
    """`.wav, .flac or .ogg`: the suffixes in words, for messages."""
    names = list(FORMATS)
    return ", ".join(names[:-1]) + f" or {names[-1]}"


class FrameSink(Protocol):
    def __call__(self, frames: bytes) -> None: ...


@contextlib.contextmanager
def compressed_writer(
    target: IO[bytes], kind: FileFormat, rate: int, channels: int
) -> Iterator[FrameSink]:
    """Yields a function taking little-endian 16-bit interleaved frames, encoded into `target`.

    `target` must be open for reading and writing: libsndfile reads back what it wrote.
    Raises OSError with a plain reason when libsndfile is missing or refuses.
    """
    try:
        import numpy as np
        import soundfile
    except (ImportError, OSError) as error:
        raise OSError(
            f"cannot write {kind.name}: the soundfile package is not usable here ({error}); "
            "write a .wav file instead"
        ) from None
    try:
        out = soundfile.SoundFile(
            target,
            "w",
            samplerate=rate,
            channels=channels,
            format=kind.container,
            subtype=kind.subtype,
        )
    except (RuntimeError, ValueError, TypeError) as error:
        raise OSError(f"cannot write {kind.name}: {error}") from None

    def write(frames: bytes) -> None:
        samples = np.frombuffer(frames, dtype="<i2").reshape(-1, channels)
        try:
            out.write(samples)
        except RuntimeError as error:
            raise OSError(f"cannot write {kind.name}: {error}") from None

    try:
        yield write
    finally:
        try:
            out.close()
        except RuntimeError as error:
            raise OSError(f"cannot finish the {kind.name} file: {error}") from None
