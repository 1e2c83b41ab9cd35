"""Atomic replacement, backups and the cross-process lock."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from handcue.storage.atomic import (
    LockTimeout,
    atomic_write_bytes,
    backup_path,
    copy_aside,
    file_lock,
    move_aside,
    remove_stale_temporaries,
)
from handcue.storage.files import NotARegularFile

if TYPE_CHECKING:
    from support.children import Children


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def test_write_creates_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    atomic_write_bytes(path, b"first")
    atomic_write_bytes(path, b"second")
    assert path.read_bytes() == b"second"
    assert temporaries(tmp_path) == []


def test_replacement_keeps_the_file_permissions(tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write_bytes(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_symlinked_file_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "file.yaml"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "file.yaml"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert temporaries(tmp_path) == temporaries(real.parent) == []


def test_a_pipe_or_folder_is_never_replaced(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "folder").mkdir()
    for name in ("pipe", "folder"):
        with pytest.raises(NotARegularFile):
            atomic_write_bytes(tmp_path / name, b"new")
    assert stat.S_ISFIFO((tmp_path / "pipe").stat().st_mode)
    assert (tmp_path / "folder").is_dir() and temporaries(tmp_path) == []


def test_failed_replace_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "file.yaml"
    path.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space"):
        atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"old"
    assert temporaries(tmp_path) == []


def test_backup_names_never_collide(tmp_path: Path) -> None:
    path = tmp_path / "tweaks.yaml"
    moment = datetime(2025, 3, 4, 21, 30, 5)
    first = backup_path(path, "corrupt", moment)
    assert first.name == "tweaks.yaml.corrupt-20250304-213005"
    first.write_bytes(b"")
    second = backup_path(path, "corrupt", moment)
    assert second != first
    assert second.parent == tmp_path


def test_move_aside_and_copy_aside_keep_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "tweaks.yaml"
    path.write_bytes(b"original \xff bytes")
    copied = copy_aside(path, path.read_bytes(), "before-repair")
    moved = move_aside(path, "corrupt")
    assert not path.exists()
    assert copied.read_bytes() == moved.read_bytes() == b"original \xff bytes"


def test_stale_temporaries_are_removed_but_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "tweaks.yaml"
    path.write_bytes(b"keep")
    leftover = tmp_path / ".tweaks.yaml.x1y2.tmp"
    leftover.write_bytes(b"half")
    other = tmp_path / ".other.yaml.x1y2.tmp"
    other.write_bytes(b"not ours")
    remove_stale_temporaries(path)
    assert not leftover.exists()
    assert other.exists()
    assert path.read_bytes() == b"keep"


def test_lock_excludes_another_process(tmp_path: Path, children: Children) -> None:
    path = tmp_path / "tweaks.yaml"
    ready_read, ready_write = os.pipe()
    release_read, release_write = os.pipe()

    def hold() -> None:
        with file_lock(path) as locked:
            assert locked
            os.write(ready_write, b"1")
            os.read(release_read, 1)

    pid = children.start(hold)
    assert os.read(ready_read, 1) == b"1"
    with pytest.raises(LockTimeout), file_lock(path, timeout=0.05):
        pass
    os.write(release_write, b"1")
    assert children.wait(pid) == 0
    with file_lock(path, timeout=5) as locked:
        assert locked
    for fd in (ready_read, ready_write, release_read, release_write):
        os.close(fd)


def test_lock_degrades_to_unlocked_where_the_folder_is_missing(tmp_path: Path) -> None:
    with file_lock(tmp_path / "missing" / "tweaks.yaml") as locked:
        assert not locked
