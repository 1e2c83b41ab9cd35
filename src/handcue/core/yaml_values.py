"""Plain values out of YAML nodes, for files a stranger may have written.

PyYAML's constructors trust their input: `!!bool maybe` raises `KeyError`, `!!int ""`
`IndexError`, and a 400-digit number overflows wherever it is turned into a float. Both the
routine loader and the tweaks file read their scalars through `scalar_value`, which gives a
`str`, `int`, `float`, `bool` or `None`, or raises `BadValue` with a message to show beside
the node's line and column. `check_limits` refuses deep nesting and alias bombs before any
node is built.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handcue.core.safe_text import quoted

FastLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it: several times faster than the pure one."""

MAX_DEPTH = 24
MAX_ALIASES = 100
MAX_NUMBER_LENGTH = 100
"""Longer than any number a file of ours needs, short enough that every number stays a
finite float."""

_TAG = "tag:yaml.org,2002:"
STR = _TAG + "str"
INT = _TAG + "int"
FLOAT = _TAG + "float"
BOOL = _TAG + "bool"
NULL = _TAG + "null"
MERGE = _TAG + "merge"
SEQ = _TAG + "seq"
MAP = _TAG + "map"
_AS_TEXT = {STR, _TAG + "timestamp", _TAG + "value"}
"""Read as the text they were written as: a date or '=' is only text in our files."""
_SCALAR_TAGS = {*_AS_TEXT, INT, FLOAT, BOOL, NULL}

Scalar = str | int | float | bool | None

_CONSTRUCTOR = yaml.SafeLoader("")
"""Only its conversion methods are used, which keep no state."""


class BadValue(ValueError):
    """A node that cannot be a plain value here; the message says why, for its position."""


class TooHostile(Exception):
    """The document is nested too deep or uses too many aliases to be read at all."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def shown_tag(tag: str) -> str:
    """The tag as it was typed: `!!python/object`, not its expanded URI."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def kind(node: Node) -> str:
    """What the node holds, for messages: "found a list", "found '12x'"."""
    if isinstance(node, MappingNode):
        return "found a mapping"
    if isinstance(node, SequenceNode):
        return "found a list"
    if node.tag == NULL:
        return "found nothing"
    return f"found {quoted(node.value)}"


def tag_problem(node: Node) -> str | None:
    """Why the node's tag cannot be read as plain data, or None when it can."""
    tag = node.tag
    if isinstance(node, ScalarNode):
        if tag in _SCALAR_TAGS or tag == MERGE:
            return None
        if tag in (SEQ, MAP):
            return f"the tag {shown_tag(tag)} needs a {'list' if tag == SEQ else 'mapping'}"
    elif isinstance(node, SequenceNode):
        if tag == SEQ:
            return None
        if tag in _SCALAR_TAGS:
            return f"the tag {shown_tag(tag)} needs a single value, not a list"
    elif isinstance(node, MappingNode):
        if tag == MAP:
            return None
        if tag in _SCALAR_TAGS:
            return f"the tag {shown_tag(tag)} needs a single value, not a mapping"
    return f"the tag {shown_tag(tag)} is not allowed; write plain values only"


def scalar_value(node: ScalarNode) -> Scalar:
    """The node's value; raises `BadValue` for a value its tag cannot have."""
    tag = node.tag
    problem = tag_problem(node)
    if problem is not None:
        raise BadValue(problem)
    text = node.value
    if tag in _AS_TEXT:
        return str(text)
    if tag == NULL:
        return None
    if tag == MERGE:
        raise BadValue("'<<' merges a mapping into another and only works as a key")
    if tag in (INT, FLOAT) and len(text) > MAX_NUMBER_LENGTH:
        raise BadValue(f"a number {len(text)} characters long is far too large for any value here")
    try:
        if tag == BOOL:
            value: Scalar = bool(_CONSTRUCTOR.construct_yaml_bool(node))
        elif tag == INT:
            value = int(_CONSTRUCTOR.construct_yaml_int(node))
        else:
            value = float(_CONSTRUCTOR.construct_yaml_float(node))
    except (ArithmeticError, LookupError, ValueError, TypeError, yaml.YAMLError):
        name = {BOOL: "true or false", INT: "a whole number", FLOAT: "a number"}[tag]
        raise BadValue(f"{quoted(text)} cannot be read as {name} ({shown_tag(tag)})") from None
    return value


def check_limits(text: str) -> None:
    """Refuses deep nesting and alias bombs from the event stream, before any node is built."""
    depth = 0
    aliases = 0
    for event in yaml.parse(text, Loader=FastLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise TooHostile(
                    event.start_mark,
                    f"values are nested more than {MAX_DEPTH} deep; flatten the file",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise TooHostile(
                    event.start_mark,
                    f"more than {MAX_ALIASES} aliases (*name); write the values out instead",
                )


def single_node(text: str) -> Node | None:
    """The document's root node (None when it is empty), built only once `check_limits` has
    passed; raises `TooHostile` or PyYAML's errors for a file that cannot be read."""
    check_limits(text)
    loader = FastLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def reader_error_place(text: str, error: yaml.reader.ReaderError) -> tuple[int, int]:
    """1-based line and column of the character a `ReaderError` is about.

    libyaml counts bytes and the pure reader characters, so the character is looked up
    instead of trusting the position.
    """
    character = error.character
    index = text.find(chr(character)) if isinstance(character, int) else -1
    if index < 0:
        index = max(0, min(len(text), int(error.position)))
    return place(text, index)


def place(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at `index` in `text`."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column
