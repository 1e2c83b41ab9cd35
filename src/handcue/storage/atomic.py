"""Safe file replacement, backups and a cross-process lock for the files a person keeps.

A file written here is always either the old version or the new one, whatever moment the
process dies at: the new bytes go to a temporary file in the same folder, reach the disk, and
only then take the old file's name in one rename.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from handcue.storage.files import NotARegularFile, kind_of

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another instance to finish a change before giving up."""
_TEMP_SUFFIX = ".tmp"


class LockTimeout(OSError):
    """Another process held the lock for longer than a change ever takes."""


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def write_target(path: Path) -> Path:
    """The file that writing to `path` should replace: a symlink's target (so a link a person
    made to keep the file elsewhere survives), refused when it is not a regular file."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        raise NotARegularFile(path, kind_of(mode))
    return target


def shared_file_mode(path: Path) -> int:
    """The mode for a file a person shares (a recording): that of the file it replaces, else
    what a plain `open()` would give a new file under the current umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old file or the new, never a mix.

    The file keeps the permissions of the one it replaces; a new file is private to its owner.
    A symlink is followed and kept; a folder, device or pipe is never replaced.
    """
    path = write_target(path)
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=_TEMP_SUFFIX, dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_folder(folder)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files a killed writer left beside `path`.

    Only call this while holding `path`'s lock: then no other writer can be mid-write.
    """
    for leftover in path.parent.glob(f"{_temp_prefix(path)}*{_TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def backup_path(path: Path, label: str, now: datetime | None = None) -> Path:
    """A free name beside `path` such as `tweaks.yaml.corrupt-20250101-213000`."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{label}-{stamp}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.{label}-{stamp}-{number}")
    return candidate


def move_aside(path: Path, label: str) -> Path:
    """Rename `path` to a timestamped backup and return the backup's path."""
    target = backup_path(path, label)
    os.replace(path, target)
    fsync_folder(path.parent)
    return target


def copy_aside(path: Path, data: bytes, label: str) -> Path:
    """Keep `data` (the bytes read from `path`) as a timestamped backup beside it."""
    target = backup_path(path, label)
    atomic_write_bytes(target, data)
    return target


def lock_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.lock")


@contextlib.contextmanager
def file_lock(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[bool]:
    """Hold an exclusive lock for changing `path`, shared by every process on the machine.

    The lock lives on a separate `.lock` file, so replacing `path` by rename does not release
    it. Yields False when no lock could be taken (no `fcntl`, or a folder that cannot hold the
    lock file): changes still replace the file atomically, but two instances changing it at
    the same moment could then lose one of the changes.
    """
    if fcntl is None:
        yield False
        return
    try:
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield False
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockTimeout(
                        f"{path} is being changed by another handcue that has not finished "
                        f"within {timeout:.0f} seconds"
                    ) from None
                time.sleep(0.005)
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
