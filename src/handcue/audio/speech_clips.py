"""Speech made ahead of time and held ready to play, as quickly as a tone.

A natural voice cannot speak on cue: piper takes about a second to load its model and a good
part of one per sentence. So the sentences a session may say are made before its first step,
on a worker thread, in one piper run (`SpeechCache.fill`), and kept in the speech cache, where
a later play finds them. Each is held in memory as a `Sound` in the tones' format (44.1 kHz
stereo) and at their loudness (`loudness.levelled`), scaled by the player's volume as the tones
are; a line of several sentences is its sentences with a breath between them. Playing one is
then handing a buffer to the sound player, and its end is known to the millisecond.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import threading
import wave
from collections.abc import Callable, Iterable

from handcue.audio.bank import Sound, gain_for
from handcue.audio.speech import SpeechEngine
from handcue.audio.speech_cache import SpeechCache, voice_of
from handcue.core.guided_text import sentences

RATE = 44100
CHANNELS = 2
SENTENCE_GAP = 0.25
"""A breath between the sentences of a line, each made alone."""
MAX_SECONDS = 120.0
"""A clip longer than this is not held: no sentence takes two minutes to say."""


def sentence_clip(wav: bytes, volume: int = 100) -> Sound:
    """A WAV file's speech as a Sound in the tones' format, at their loudness and `volume`.

    Raises ValueError for a file that is not 16-bit PCM, or too long to be a sentence.
    """
    import numpy as np

    from handcue.audio.loudness import levelled

    try:
        with wave.open(io.BytesIO(wav), "rb") as source:
            width, channels, rate = (
                source.getsampwidth(),
                source.getnchannels(),
                source.getframerate(),
            )
            if width != 2 or channels not in (1, 2) or not 8000 <= rate <= 192_000:
                raise ValueError("speech that is not 16-bit mono or stereo PCM")
            if source.getnframes() > MAX_SECONDS * rate:
                raise ValueError("speech too long to be one sentence")
            frames = source.readframes(source.getnframes())
    except (EOFError, wave.Error) as error:
        raise ValueError(f"unreadable speech: {error}") from None
    frames = levelled(frames, channels, rate)
    samples = np.frombuffer(frames, dtype="<i2").reshape(-1, channels).astype(np.float64)
    mono = samples.mean(axis=1)
    if rate != RATE and len(mono):
        count = int(len(mono) * RATE / rate)
        mono = np.interp(np.arange(count) * (rate / RATE), np.arange(len(mono)), mono)
    mono *= gain_for(volume)
    ints = np.clip(np.rint(mono), -32768, 32767).astype("<i2")
    stereo = np.repeat(ints, CHANNELS)
    return Sound("speech", stereo.tobytes(), CHANNELS, RATE)


def joined(text: str, parts: Iterable[Sound]) -> Sound:
    """`parts` one after the other with `SENTENCE_GAP` between, as one Sound named for `text`."""
    gap = bytes(round(SENTENCE_GAP * RATE) * CHANNELS * 2)
    name = "speech-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Sound(name, gap.join(part.frames for part in parts), CHANNELS, RATE)


class ClipStore:
    """The clips of one voice, made on a worker thread as they are wanted.

    `want` queues lines; `clip(line)` is the line's Sound once every sentence of it is made,
    else None (the caller speaks it another way). A failure is said once through `on_error`
    and the lines still missing stay missing.
    """

    def __init__(
        self,
        engine: SpeechEngine,
        cache: SpeechCache,
        *,
        volume: int = 100,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self.engine = engine
        self.cache = cache
        self.volume = volume
        self.on_error = on_error
        self.error: str | None = None
        self._lock = threading.Condition()
        self._sentences: dict[str, Sound] = {}
        self._lines: dict[str, Sound] = {}
        self._queue: list[str] = []
        """Sentences wanted and not made yet, in the order they will be needed."""
        self._working = False
        self._closed = False
        self._thread: threading.Thread | None = None

    @property
    def voice(self) -> str:
        return voice_of(self.engine)

    def want(self, lines: Iterable[str]) -> None:
        """Make every sentence of `lines` not held yet, in this order, on the worker thread."""
        with self._lock:
            known = set(self._sentences) | set(self._queue)
            for line in lines:
                for sentence in sentences(line):
                    if sentence not in known:
                        known.add(sentence)
                        self._queue.append(sentence)
            if self._queue and not self._closed and not self._working and self.error is None:
                # The worker clears `_working` under this lock as it leaves, so a line wanted
                # while it runs is either taken by it or starts a new one.
                self._working = True
                self._thread = threading.Thread(
                    target=self._run, name="handcue-speech", daemon=True
                )
                self._thread.start()

    def clip(self, line: str) -> Sound | None:
        """The line as one Sound when all of it is made; None until then."""
        with self._lock:
            ready = self._lines.get(line)
            if ready is not None:
                return ready
            parts = [self._sentences.get(sentence) for sentence in sentences(line)]
            if not parts or any(part is None for part in parts):
                return None
            sound = joined(line, [part for part in parts if part is not None])
            self._lines[line] = sound
            return sound

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every sentence wanted is made (or failed); False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._working, timeout)

    def close(self) -> None:
        """Stop making speech (piper is stopped mid-batch); what was made stays in the cache."""
        with self._lock:
            self._closed = True
            self._queue.clear()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5.0)

    # the worker ---------------------------------------------------------------------------

    def _stopping(self) -> bool:
        return self._closed

    def _hold(self, sentence: str, wav: bytes) -> None:
        try:
            sound = sentence_clip(wav, self.volume)
        except ValueError as error:
            self._fail(f"{self.engine.name}: {error}")
            return
        with self._lock:
            self._sentences[sentence] = sound
            self._lock.notify_all()

    def _run(self) -> None:
        try:
            while self._make_next():
                pass
        except Exception as error:  # speech made ahead is a help: its loss must not spread
            self._fail(f"{self.engine.name}: {error}")
            self._leave()

    def _leave(self) -> None:
        """The worker is done: whatever is still queued stays unmade (spoken another way)."""
        with self._lock:
            self._working = False
            self._queue.clear()
            self._lock.notify_all()

    def _make_next(self) -> bool:
        """Make the sentences queued now; False once the worker has left."""
        with self._lock:
            batch, self._queue = self._queue, []
            if not batch or self._closed:
                self._working = False
                self._lock.notify_all()
                return False
        name, voice = self.engine.name, self.voice
        for sentence in batch:
            if self._closed:
                break
            kept = self.cache.get(name, voice, sentence)
            if kept is not None:
                self._hold(sentence, kept)
        todo = [sentence for sentence in batch if sentence not in self._sentences]
        try:
            if not self._closed:
                self.cache.fill(self.engine, todo, self._hold, self._stopping)
        except (OSError, ValueError) as error:
            self._fail(str(error))
            self._leave()
            return False
        return True

    def _fail(self, message: str) -> None:
        with self._lock:
            first = self.error is None
            self.error = message
        if first and self.on_error is not None:
            with contextlib.suppress(Exception):
                self.on_error(message)
