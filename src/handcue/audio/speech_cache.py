"""Synthesised speech kept on disk per text and voice, so a second render or play costs nothing.

A file is named by a hash of the engine, the voice and the words; it is written to a temporary
name and moved into place, so a cut-off write never leaves half a file under a real name.
Sentences not made before are made together (`fill`): a natural voice loads its model once for
all of them instead of once a sentence. What is kept is trimmed of the silence around the words
(`speech_trim`), so every use of it starts and ends with the words.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

from handcue.audio.speech import SpeechEngine
from handcue.audio.speech_trim import trimmed

MAX_BYTES = 50 * 1024 * 1024
"""A cached file larger than this is not read back: no sentence is that long."""


def voice_of(engine: SpeechEngine) -> str:
    """The engine's voice, as the cache names it ("" for an engine with one voice)."""
    return str(getattr(engine, "voice", ""))


class SpeechCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, engine: str, voice: str, text: str) -> Path:
        key = hashlib.sha256("\0".join((engine, voice, text)).encode("utf-8")).hexdigest()
        return self.folder / f"{key}.wav"

    def get(self, engine: str, voice: str, text: str) -> bytes | None:
        path = self.path_for(engine, voice, text)
        try:
            if path.stat().st_size > MAX_BYTES:
                return None
            return path.read_bytes()
        except OSError:
            return None

    def seconds(self, engine: str, voice: str, text: str) -> float | None:
        """How long the kept speech of `text` lasts, read from its header; None if not kept."""
        path = self.path_for(engine, voice, text)
        try:
            with wave.open(str(path), "rb") as source:
                rate = source.getframerate()
                return source.getnframes() / rate if rate > 0 else None
        except (OSError, EOFError, wave.Error):
            return None

    def put(self, engine: str, voice: str, text: str, wav: bytes) -> None:
        """Keep `wav`; a cache that cannot be written is no loss, so errors are ignored."""
        path = self.path_for(engine, voice, text)
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(wav)
                os.replace(name, path)
            finally:
                Path(name).unlink(missing_ok=True)

    def write_wav(self, engine: SpeechEngine, text: str, path: Path) -> None:
        """`engine.write_wav(text, path)`, trimmed of the silence around the words, from the
        cache when these words were made before."""
        voice = voice_of(engine)
        kept = self.get(engine.name, voice, text)
        if kept is not None:
            path.write_bytes(kept)
            return
        engine.write_wav(text, path)
        wav = trimmed(path.read_bytes())
        path.write_bytes(wav)
        self.put(engine.name, voice, text, wav)

    def missing(self, engine: SpeechEngine, texts: Sequence[str]) -> list[str]:
        """The texts (each once, in order) with no speech kept yet."""
        voice = voice_of(engine)
        wanted = dict.fromkeys(text for text in texts if text.strip())
        return [text for text in wanted if not self.path_for(engine.name, voice, text).is_file()]

    def fill(
        self,
        engine: SpeechEngine,
        texts: Sequence[str],
        made: Callable[[str, bytes], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        """Make every text not kept yet, all in one go where the engine can, and keep each;
        `made(text, wav)` is told of each as it is done. Raises OSError as the engine does."""
        todo = self.missing(engine, texts)
        if not todo:
            return
        voice = voice_of(engine)

        def keep(index: int, path: Path) -> None:
            wav = trimmed(path.read_bytes())
            path.unlink(missing_ok=True)
            self.put(engine.name, voice, todo[index], wav)
            if made is not None:
                made(todo[index], wav)

        with tempfile.TemporaryDirectory(prefix="handcue-speech-") as folder:
            engine.write_many(todo, Path(folder), keep, should_stop)
