"""Reading a file someone else may have put there, without hanging or filling memory.

A name ending in `.yaml` can belong to a named pipe (reading waits for a writer forever), a
device such as `/dev/zero` (reading never ends, and its reported size is 0), or a folder. So
the file is opened without blocking, checked with `fstat` on the open descriptor (no race
between looking and reading), and read only up to the size limit, whatever `st_size` says.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_CHUNK = 64 * 1024


class NotARegularFile(OSError):
    """The name belongs to a folder, device, pipe or socket, which handcue never reads or
    replaces."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"it is {kind}, not a regular file", str(path))
        self.kind = kind


class FileTooLarge(OSError):
    """The file holds more bytes than handcue reads from a file of its kind."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "something other than a file"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most `limit` of them.

    Raises `NotARegularFile` for anything else, `FileTooLarge` when more than `limit` bytes
    come, and `OSError` as `open` does (missing file, no permission).
    """
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY | _CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(path, kind_of(mode))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise FileTooLarge(errno.EFBIG, f"it holds more than {limit // 1024} KiB", str(path))
    return b"".join(chunks)
