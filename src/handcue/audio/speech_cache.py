"""Synthesised speech kept on disk per text and voice, so a second render costs nothing.

A file is named by a hash of the engine, the voice and the words; it is written to a temporary
name and moved into place, so a cut-off write never leaves half a file under a real name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from handcue.audio.speech import SpeechEngine

MAX_BYTES = 50 * 1024 * 1024
"""A cached file larger than this is not read back: no sentence is that long."""


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
        """`engine.write_wav(text, path)`, from the cache when these words were made before."""
        voice = str(getattr(engine, "voice", ""))
        kept = self.get(engine.name, voice, text)
        if kept is not None:
            path.write_bytes(kept)
            return
        engine.write_wav(text, path)
        self.put(engine.name, voice, text, path.read_bytes())
