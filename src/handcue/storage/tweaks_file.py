"""Saved duration tweaks, in a YAML file a person can read and edit by hand (`tweaks_yaml`
shows what it looks like).

Every change re-reads the file under a lock and changes only the one routine or step it is
about, so two handcue windows never undo each other's tweaks; writes replace the file
atomically. Whatever cannot be read is reported with file and line, and the bytes it was in are
kept as a timestamped backup before the file is ever rewritten without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from handcue.core.safe_text import visible
from handcue.core.tweaks import (
    StepRef,
    Tweaks,
    check_length,
    check_seconds,
)
from handcue.storage import paths
from handcue.storage.atomic import (
    LOCK_TIMEOUT,
    LockTimeout,
    atomic_write_text,
    copy_aside,
    file_lock,
    move_aside,
    remove_stale_temporaries,
)
from handcue.storage.files import FileTooLarge, read_regular
from handcue.storage.tweaks_yaml import Snapshot, dump, parse

FILE_NAME = "tweaks.yaml"
MAX_FILE_BYTES = 16 * 1024 * 1024
"""Far beyond any real file of tweaks; a bigger one is set aside as damaged, never read."""


class StorageError(Exception):
    """Saving failed; the message names the file and what to do, ready to show as it is."""


def default_path() -> Path:
    return paths.config_dir() / FILE_NAME


class TweakStore:
    """The saved tweaks of every routine, kept in `tweaks.yaml` in the config folder."""

    def __init__(self, path: Path | None = None, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = path or default_path()
        self.lock_timeout = lock_timeout
        self.problems: list[str] = []
        """Messages about unreadable data or failed backups, for the app to show once."""
        self._tweaks: dict[str, Tweaks] | None = None
        self.last_copy: Path | None = None
        """The backup the latest `forget(..., keep_copy=...)` made."""
        self._reported: set[str] = set()

    def load(self) -> dict[str, Tweaks]:
        """Read the file afresh; a damaged file is moved aside and no tweaks are used."""
        try:
            with file_lock(self.path, self.lock_timeout):
                snapshot = self._read()
                if snapshot.damaged:
                    self._set_aside(snapshot)
        except LockTimeout as error:
            self._report(f"{error}; its tweaks were read without waiting.")
            snapshot = self._read()
            if snapshot.damaged:
                for problem in snapshot.problems:
                    self._report(f"{problem.rstrip('.')}; no saved tweaks used.")
        self._tweaks = snapshot.tweaks
        return dict(snapshot.tweaks)

    def get(self, routine_id: str) -> Tweaks:
        if self._tweaks is None:
            self.load()
        assert self._tweaks is not None
        return self._tweaks.get(routine_id, Tweaks())

    def set_step(self, routine_id: str, step: StepRef, seconds: float) -> Tweaks:
        """Save `seconds` per side for one step; returns the routine's tweaks as saved."""
        check_seconds(seconds)
        return self._change(routine_id, lambda tweaks: tweaks.with_step(step, seconds))

    def set_length(self, routine_id: str, length: float) -> Tweaks:
        check_length(length)
        return self._change(routine_id, lambda tweaks: tweaks.with_length(length))

    def reset(self, routine_id: str, step: StepRef | None = None) -> Tweaks:
        """Forget one step's time, or every tweak of the routine when `step` is None."""
        if step is None:
            return self._change(routine_id, lambda tweaks: Tweaks())
        return self._change(routine_id, lambda tweaks: tweaks.without_step(step))

    def forget(
        self, routine_id: str, steps: Iterable[StepRef], keep_copy: str | None = None
    ) -> Tweaks:
        """Drop several step tweaks at once, such as those that no longer match the routine.

        With `keep_copy` (a label), the file as it was is first kept beside it under that
        label, for changes the person did not ask for; `last_copy` names the copy.
        """
        gone = set(steps)
        self.last_copy = None
        return self._change(
            routine_id,
            lambda tweaks: Tweaks(
                {r: s for r, s in tweaks.steps.items() if r not in gone}, tweaks.length
            ),
            keep_copy,
        )

    def _change(
        self,
        routine_id: str,
        change: Callable[[Tweaks], Tweaks],
        keep_copy: str | None = None,
    ) -> Tweaks:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with file_lock(self.path, self.lock_timeout) as locked:
                snapshot = self._read()
                if snapshot.unreadable:
                    raise StorageError(
                        f"{self.path}: not saved, because the file could not be read "
                        f"({snapshot.unreadable}). Check what is there and its permissions."
                    )
                if not self._set_aside(snapshot):
                    raise StorageError(
                        f"{self.path}: not saved, because the unreadable file could not be "
                        "backed up first. Check that the folder is writable."
                    )
                if locked:
                    remove_stale_temporaries(self.path)
                updated = dict(snapshot.tweaks)
                changed = change(updated.get(routine_id, Tweaks()))
                if changed.is_empty:
                    updated.pop(routine_id, None)
                else:
                    updated[routine_id] = changed
                if keep_copy is not None and snapshot.raw is not None and not snapshot.damaged:
                    self.last_copy = copy_aside(self.path, snapshot.raw, keep_copy)
                atomic_write_text(self.path, dump(updated))
        except OSError as error:
            raise StorageError(
                f"{self.path}: could not save tweaks ({error.strerror or error}). "
                "Check that the folder exists and is writable."
            ) from None
        self._tweaks = updated
        return changed

    def _read(self) -> Snapshot:
        """What the file holds now. Problems with single entries are reported here; a damaged
        file's problem is reported by whoever sets the file aside, in the same line."""
        try:
            raw = read_regular(self.path, MAX_FILE_BYTES)
        except FileNotFoundError:
            return Snapshot()
        except FileTooLarge:
            return Snapshot(
                problems=[f"{self.path}: holds more than {MAX_FILE_BYTES // 1024} KiB"],
                damaged=True,
            )
        except OSError as error:
            message = (
                f"{self.path}: could not read saved tweaks ({error.strerror or error}); none "
                "used, and the file is left as it is."
            )
            self._report(message)
            return Snapshot(problems=[message], unreadable=str(error.strerror or error))
        snapshot = parse(raw, str(self.path))
        snapshot.raw = raw
        if not snapshot.damaged:
            for problem in snapshot.problems:
                self._report(problem)
        return snapshot

    def _set_aside(self, snapshot: Snapshot) -> bool:
        """Keep the bytes of a file that is about to lose data; False when that failed."""
        if not (snapshot.damaged or snapshot.partial):
            return True
        why = "; ".join(problem.rstrip(".") for problem in snapshot.problems)
        try:
            if snapshot.damaged:
                backup = move_aside(self.path, "corrupt")
                self._report(
                    f"{why}; moved to {backup.name}, carrying on with no saved tweaks. "
                    "Correct that copy and rename it back to restore them."
                )
            elif snapshot.raw is not None:
                backup = copy_aside(self.path, snapshot.raw, "before-repair")
                self._report(f"{self.path}: the file as it was is kept in {backup.name}.")
        except OSError as error:
            if snapshot.damaged:
                self._report(f"{why}; no saved tweaks used.")
            self._report(f"{self.path}: could not keep a backup ({error.strerror or error}).")
            return False
        return True

    def _report(self, message: str) -> None:
        # Each message once per process: a command may read the file more than once.
        message = visible(message)
        if message not in self._reported:
            self._reported.add(message)
            self.problems.append(message)
