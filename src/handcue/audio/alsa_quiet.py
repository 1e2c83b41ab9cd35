"""Direct calls into libasound: silence its error messages, probe the default device.

libasound prints its errors ("ALSA lib pcm.c: ... Unknown PCM default") straight to stderr,
which would draw over the terminal UI. Installing a do-nothing error handler stops that;
handcue reports device trouble itself, once, in words. Everything here is a no-op where
libasound does not exist (macOS, Windows, a system without ALSA).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
from typing import Any

_ERROR_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _ignore(_file: bytes, _line: int, _function: bytes, _err: int, _fmt: bytes) -> None:
    """Swallow one libasound message (the variadic arguments are never read)."""


# Kept alive for the life of the process: libasound may call it from any thread at any time.
_HANDLER = _ERROR_HANDLER(_ignore)
_lock = threading.Lock()
_library: Any = None
_looked_up = False
_silenced = False

SND_PCM_STREAM_PLAYBACK = 0
SND_PCM_NONBLOCK = 1


def libasound() -> Any:
    """The loaded libasound (the same copy simpleaudio uses), or None."""
    global _library, _looked_up
    with _lock:
        if _looked_up:
            return _library
        _looked_up = True
        if not sys.platform.startswith("linux"):
            return None
        for name in ("libasound.so.2", ctypes.util.find_library("asound")):
            if not name:
                continue
            try:
                _library = ctypes.CDLL(name)
                break
            except OSError:
                continue
        return _library


def silence_alsa_errors() -> bool:
    """Send libasound's messages nowhere. Idempotent; False when there is no libasound."""
    global _silenced
    library = libasound()
    if library is None:
        return False
    with _lock:
        if not _silenced:
            try:
                library.snd_lib_error_set_handler(_HANDLER)
            except AttributeError:
                return False
            _silenced = True
    return True


def alsa_version() -> str | None:
    library = libasound()
    if library is None:
        return None
    try:
        function = library.snd_asoundlib_version
    except AttributeError:
        return None
    function.restype = ctypes.c_char_p
    value = function()
    return value.decode() if isinstance(value, bytes) else None


def probe_default_device() -> str | None:
    """Try to open ALSA's default playback device without blocking.

    Returns None when it opens (or when it is merely busy), otherwise libasound's reason.
    Opening does not start a stream, so nothing is heard.
    """
    library = libasound()
    if library is None:
        return "libasound not found"
    silence_alsa_errors()
    handle = ctypes.c_void_p()
    try:
        result = library.snd_pcm_open(
            ctypes.byref(handle), b"default", SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK
        )
    except AttributeError:
        return "libasound has no snd_pcm_open"
    if result == 0:
        library.snd_pcm_close(handle)
        return None
    if result == -16:  # EBUSY: the device exists, another program holds it for now.
        return None
    library.snd_strerror.restype = ctypes.c_char_p
    reason = library.snd_strerror(result)
    text = reason.decode() if isinstance(reason, bytes) else f"error {result}"
    return f"cannot open the default sound device: {text}"
