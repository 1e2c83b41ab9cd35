"""The tweaks file's text: read without trusting it, and written so a person can edit it.

The file looks like this, one entry per routine id::

    evening-wind-down:
      length: 125%
      steps:
        "3: Thumb circles": 90
        finger-pulls: 45

Reading never stops at the first mistake: an entry that cannot be used is reported with its
line and left out, and the rest are kept; a file that is not YAML, or not a mapping of
routines, is damaged as a whole.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from handcue.core.durations import DurationError, parse_duration
from handcue.core.safe_text import quoted
from handcue.core.suggest import did_you_mean
from handcue.core.tweaks import (
    StepRef,
    TweakError,
    Tweaks,
    parse_length,
    percent_text,
)
from handcue.core.yaml_errors import explain
from handcue.core.yaml_values import (
    BadValue,
    Scalar,
    TooHostile,
    kind,
    reader_error_place,
    scalar_value,
    single_node,
)

_HEADER = """\
# handcue duration tweaks, by routine id.
#   length: 10% to 400% of the routine as written, for every step without its own time.
#   steps: seconds per side, by step key or by "number: title".
# Edit while handcue is closed; anything unreadable is reported and kept in a backup.
"""


_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


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
        root = _load(raw)
    except _Unusable as error:
        return damaged(error.line, error.problem, error.column)

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


class _Unusable(Exception):
    """The file cannot be read as YAML at all: where (1-based, None when nothing says) and why."""

    def __init__(self, line: int | None, problem: str, column: int = 0) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem
        self.column = column


def _load(raw: bytes) -> yaml.Node | None:
    """The file's YAML, not yet read as tweaks; None for an empty file."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Unusable(raw.count(b"\n", 0, error.start) + 1, "not UTF-8 text.") from None
    try:
        return single_node(text)
    except TooHostile as error:
        raise _Unusable(error.mark.line + 1 if error.mark else None, f"{error.message}.") from None
    except yaml.reader.ReaderError as error:
        line = reader_error_place(text, error)[0]
        raise _Unusable(line, "not valid YAML (it holds a control character).") from None
    except yaml.MarkedYAMLError as error:
        found = explain(error, text)
        message = f"not valid YAML: {found.message}."
        raise _Unusable(found.line or None, message, found.column) from None
    except (yaml.YAMLError, RecursionError) as error:
        raise _Unusable(None, f"not valid YAML ({error}).") from None


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
