"""Saved duration tweaks, in a YAML file a person can read and edit by hand.

The file looks like this, one entry per routine id::

    evening-wind-down:
      length: 125%
      steps:
        "3: Thumb circles": 90
        finger-pulls: 45

Every change re-reads the file under a lock and changes only the one routine or step it is
about, so two handcue windows never undo each other's tweaks; writes replace the file
atomically. Whatever cannot be read is reported with file and line, and the bytes it was in are
kept as a timestamped backup before the file is ever rewritten without it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from handcue.core.durations import DurationError, parse_duration
from handcue.core.safe_text import quoted, visible
from handcue.core.suggest import did_you_mean
from handcue.core.tweaks import (
    StepRef,
    TweakError,
    Tweaks,
    check_length,
    check_seconds,
    parse_length,
    percent_text,
)
from handcue.core.yaml_errors import explain
from handcue.core.yaml_values import (
    BadValue,
    FastLoader,
    Scalar,
    TooHostile,
    check_limits,
    kind,
    reader_error_place,
    scalar_value,
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

FILE_NAME = "tweaks.yaml"
MAX_FILE_BYTES = 16 * 1024 * 1024
"""Far beyond any real file of tweaks; a bigger one is set aside as damaged, never read."""

_HEADER = """\
# handcue duration tweaks, by routine id.
#   length: 10% to 400% of the routine as written, for every step without its own time.
#   steps: seconds per side, by step key or by "number: title".
# Edit while handcue is closed; anything unreadable is reported and kept in a backup.
"""

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class StorageError(Exception):
    """Saving failed; the message names the file and what to do, ready to show as it is."""


def default_path() -> Path:
    return paths.config_dir() / FILE_NAME


@dataclass(slots=True)
class Snapshot:
    """What one read of the file found."""

    tweaks: dict[str, Tweaks] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    raw: bytes | None = None
    """The file's bytes; None when there is no file."""
    damaged: bool = False
    """Nothing in the file could be used: bad YAML or not a mapping of routines."""
    partial: bool = False
    """Some entries were left out; the rest are in `tweaks`."""
    unreadable: str = ""
    """Why the file that exists could not be read, so it must not be overwritten."""


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


def parse(raw: bytes, where: str) -> Snapshot:
    """Read tweaks from the file's bytes; `where` names the file in messages."""
    snapshot = Snapshot()

    def damaged(line: int | None, problem: str, column: int = 0) -> Snapshot:
        at = f"{where}:{line}" if line else where
        at += f":{column}" if line and column else ""
        snapshot.problems.append(f"{at}: {problem}")
        snapshot.damaged = True
        snapshot.tweaks = {}
        return snapshot

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return damaged(raw.count(b"\n", 0, error.start) + 1, "not UTF-8 text.")
    try:
        check_limits(text)
        loader = FastLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except TooHostile as error:
        return damaged(error.mark.line + 1 if error.mark else None, f"{error.message}.")
    except yaml.reader.ReaderError as error:
        return damaged(
            reader_error_place(text, error)[0], "not valid YAML (it holds a control character)."
        )
    except yaml.MarkedYAMLError as error:
        found = explain(error, text)
        return damaged(found.line or None, f"not valid YAML: {found.message}.", found.column)
    except (yaml.YAMLError, RecursionError) as error:
        return damaged(None, f"not valid YAML ({error}).")

    def skip(node: yaml.Node, problem: str) -> None:
        snapshot.problems.append(
            f"{where}:{node.start_mark.line + 1}: {problem}; left out until that line is corrected."
        )
        snapshot.partial = True

    if root is None:
        return snapshot
    if not isinstance(root, yaml.MappingNode):
        return damaged(
            root.start_mark.line + 1,
            "expected routine ids, each with its scale and steps (see the comment at the "
            "top of a freshly saved file).",
        )
    for id_node, entry in root.value:
        try:
            routine_id = _scalar(id_node)
        except BadValue as error:
            skip(id_node, f"a routine id must be text ({error})")
            continue
        if not isinstance(routine_id, str) or not routine_id.strip():
            skip(id_node, "a routine id must be text")
            continue
        if routine_id in snapshot.tweaks:
            skip(id_node, f"{_named(routine_id)} appears twice; the first entry is kept")
            continue
        tweaks = _routine_tweaks(routine_id, entry, skip)
        if tweaks is not None:
            snapshot.tweaks[routine_id] = tweaks
    return snapshot


def _scalar(node: yaml.Node) -> Scalar:
    """A plain value; `BadValue` for a list or mapping, or a value its tag cannot have."""
    if not isinstance(node, yaml.ScalarNode):
        raise BadValue(kind(node))
    return scalar_value(node)


def _named(text: str) -> str:
    """A routine id or step label in a message: quoted, cut short, control characters shown."""
    return quoted(text, quote='"')


KNOWN_KEYS = ("length", "steps")
OLD_LENGTH_KEY = "scale"
"""What `length` was called before; still read, never written."""


def _routine_tweaks(
    routine_id: str, entry: yaml.Node, skip: Callable[[yaml.Node, str], None]
) -> Tweaks | None:
    name = _named(routine_id)
    known = '"length" and "steps"'
    if not isinstance(entry, yaml.MappingNode):
        skip(entry, f"{name} should hold {known}")
        return None
    length: float | None = None
    steps: dict[StepRef, float] = {}
    for key_node, value in entry.value:
        try:
            key = _scalar(key_node)
        except BadValue as error:
            skip(key_node, f"{name}: only {known} are known ({error})")
            continue
        if key in ("length", OLD_LENGTH_KEY):
            if length is not None:
                skip(key_node, f"{name} gives its length twice; the first is kept")
                continue
            try:
                length = parse_length(_scalar(value))
            except (BadValue, TweakError) as error:
                skip(value, f"{name} length: {error}")
        elif key == "steps":
            if not isinstance(value, yaml.MappingNode):
                skip(value, f"{name} steps should be step names with their seconds")
                continue
            for label_node, seconds_node in value.value:
                _read_step(name, label_node, seconds_node, steps, skip)
        else:
            hint = did_you_mean(str(key), KNOWN_KEYS, quote='"') if isinstance(key, str) else ""
            skip(
                key_node,
                f"{name} has {quoted(key, quote=chr(34))}, but only {known} are known{hint}",
            )
    return Tweaks(steps, 1.0 if length is None else length)


def _read_step(
    name: str,
    label_node: yaml.Node,
    seconds_node: yaml.Node,
    steps: dict[StepRef, float],
    skip: Callable[[yaml.Node, str], None],
) -> None:
    try:
        label = _scalar(label_node)
    except BadValue as error:
        skip(label_node, f'{name}: a step is named by its key or "number: title" ({error})')
        return
    if not isinstance(label, str):
        skip(label_node, f'{name}: a step is named by its key or "number: title"')
        return
    step = _named(label)
    try:
        ref = StepRef.from_label(label)
    except TweakError as error:
        skip(label_node, f"{name} step {step}: {error}")
        return
    if ref in steps:
        skip(label_node, f"{name} step {step} appears twice; the first is kept")
        return
    try:
        steps[ref] = parse_duration(_scalar(seconds_node))
    except (BadValue, DurationError) as error:
        skip(seconds_node, f"{name} step {step}: {error}")


def dump(tweaks: dict[str, Tweaks]) -> str:
    """The file's text for `tweaks`; durations are written exactly, whole seconds as integers."""
    document: dict[str, dict[str, object]] = {}
    for routine_id, routine_tweaks in tweaks.items():
        entry: dict[str, object] = {}
        if routine_tweaks.length != 1.0:
            # Said the way the screens and the options say it, exactly.
            entry["length"] = percent_text(routine_tweaks.length)
        if routine_tweaks.steps:
            entry["steps"] = {
                ref.label: _number(seconds) for ref, seconds in routine_tweaks.steps.items()
            }
        document[routine_id] = entry
    if not document:
        return _HEADER
    body = yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1000,
    )
    return _HEADER + body


def _number(seconds: float) -> int | float:
    return int(seconds) if math.isfinite(seconds) and seconds.is_integer() else seconds
