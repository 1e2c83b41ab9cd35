"""YAML syntax errors in plain words, with the line and column to look at.

libyaml reports what its parser expected ("did not find expected '-' indicator"), which says
little to someone who indented one line by a space too many. Each message here names what is
wrong in the file's own terms (a line that does not line up with the one above, a quote never
closed) and what to do, and points at the place the person should edit: often where something
was opened rather than where the parser gave up.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from handcue.core.safe_text import quoted, visible


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A syntax error, placed (1-based) and explained; line 0 when nothing says where."""

    line: int
    column: int
    message: str


def explain(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """What `error` means for a person editing `text`."""
    problem = error.problem or ""
    context = error.context or ""
    at = error.problem_mark or error.context_mark
    opened = error.context_mark
    lines = text.splitlines()

    def line_of(mark: yaml.Mark | None) -> str:
        return lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""

    def place(mark: yaml.Mark | None, message: str) -> YamlProblem:
        if mark is None:
            return YamlProblem(0, 0, message)
        return YamlProblem(mark.line + 1, mark.column + 1, message)

    here = line_of(at)
    first = here.lstrip(" ")
    if "tab" in problem or (
        "cannot start any token" in problem and "\t" in here[: (at.column + 1) if at else 0]
    ):
        return place(at, "a tab is used to indent; YAML indents with spaces only: replace it")
    if "another document" in problem:
        return place(
            at, "a routine file holds one document; remove the '---' line and what follows"
        )
    if "quoted scalar" in context and "end of stream" in problem:
        return place(
            opened,
            "this quote is never closed: add the closing quote at the end of the value",
        )
    if "flow sequence" in context or "flow mapping" in context:
        close = "]" if "sequence" in context else "}"
        kind = "list in [ ]" if close == "]" else "mapping in { }"
        return place(
            opened,
            f"this {kind} is not closed, or two of its items miss a comma between them: "
            f"close it with '{close}' on the same line",
        )
    if "block collection" in context or "block mapping" in context:
        dashes = [
            len(line) - len(line.lstrip(" "))
            for line in lines[: at.line if at is not None else 0]
            if line.lstrip(" ").startswith("- ")
        ]
        above = dashes[-1] if dashes else None
        return place(at, _misaligned(context, opened, here, at, line_of(opened), above))
    if "mapping values are not allowed" in problem:
        message, indented = _colon(here, at, lines)
        if indented and at is not None:
            # Point at the line's start, where the spaces to remove are.
            return YamlProblem(at.line + 1, len(here) - len(first) + 1, message)
        return place(at, message)
    if "simple key" in context and "expected ':'" in problem:
        return place(
            opened,
            "this line is neither 'key: value' nor a list item '- ...': add the ':' after "
            "the key, or join it to the line above",
        )
    if "undefined alias" in problem:
        name = first.split()[0] if first else "*"
        word = (
            here[at.column :].split()[0] if at is not None and here[at.column :].split() else name
        )
        return place(
            at,
            f"{quoted(word)} refers to an anchor that is not defined above it; to start a "
            "value with '*', put the value in quotes",
        )
    if "cannot start any token" in problem:
        character = here[at.column] if at is not None and at.column < len(here) else "?"
        return place(
            at,
            f"a value cannot start with {quoted(visible(character))}: put the whole value "
            "in quotes",
        )
    if "unknown escape" in problem:
        return place(
            at,
            "a backslash in double quotes starts an escape such as \\n, and this one is "
            "not known: use single quotes, or write the backslash twice",
        )
    if "anchor" in context or "alias" in context:
        return place(
            at,
            "'&' and '*' start an anchor or alias and need a name after them: put a value "
            "that starts with them in quotes",
        )
    if "tag" in context:
        return place(at, "'!' starts a tag, which is not used here: put the value in quotes")
    if "directive" in problem:
        return place(at, "a '%' line (a YAML directive) is repeated or not known; remove it")
    detail = problem or context or "it could not be read"
    return place(at, f"not valid YAML here ({detail})")


def _misaligned(
    context: str,
    opened: yaml.Mark | None,
    here: str,
    at: yaml.Mark | None,
    block_line: str,
    above_dash: int | None,
) -> str:
    """A line that does not line up with the list or block of keys it seems to belong to."""
    start = f"line {opened.line + 1}" if opened is not None else "above"
    column = at.column if at is not None else 0
    first = here.lstrip(" ")
    if "block collection" in context:
        dash = (opened.column + 1) if opened is not None else 0
        return (
            f"this line does not line up with the list that starts on {start}: every '- ' "
            f"of that list starts in column {dash}; indent this line to match, or to go on "
            "with the item above, indent it under that item's first key"
        )
    keys = (opened.column + 1) if opened is not None else 0
    key_indent = len(block_line) - len(block_line.lstrip(" "))
    if block_line.lstrip(" ").startswith("-") and not block_line.lstrip(" ").startswith("- "):
        return (
            f"a list item needs a space after its '-': on {start}, write "
            f"'- {visible(block_line.lstrip(' ')[1:20])}'"
        )
    if first.startswith("- ") and above_dash is not None and above_dash != column:
        return (
            f"this '- ' does not line up with the '- ' of the list above (column "
            f"{above_dash + 1}): items of one list start in the same column"
        )
    if first.startswith("- "):
        return (
            f"a list item ('- ') where the keys that start on {start} go on: a list belongs "
            "under a key that ends in ':' (such as 'steps:'), indented below it"
        )
    if column > key_indent:
        return (
            f"this line is indented further than the keys that start on {start} (column "
            f"{keys}): remove the extra spaces, or if it continues the value above, put "
            "that value in quotes or under 'key: |'"
        )
    return (
        f"this line is indented less than the keys that start on {start} (column {keys}), "
        "but does not line up with any outer key: indent it to match the key it belongs with"
    )


def _colon(here: str, at: yaml.Mark | None, lines: list[str]) -> tuple[str, bool]:
    """A ': ' where no new key can start: a value holding a colon, or (True) a line indented
    under a key that already has its value."""
    indent = len(here) - len(here.lstrip(" "))
    row = at.line if at is not None else 0
    previous = next(
        (
            line
            for line in reversed(lines[:row])
            if line.strip() and not line.lstrip().startswith("#")
        ),
        "",
    )
    previous_indent = len(previous) - len(previous.lstrip(" "))
    if previous.lstrip(" ").startswith("- "):
        previous_indent += 2  # the keys of a list item start after its '- '
    key, colon, value = previous.strip().removeprefix("- ").partition(": ")
    if (
        previous
        and indent > previous_indent
        and colon
        and value.strip()
        and not here.lstrip().startswith("- ")
    ):
        return (
            f"this line is indented further than '{visible(key)}:' above, which already has "
            "its value, so it reads as part of that value: line it up with that key"
        ), True
    return (
        "a ': ' inside a value: put the whole value in quotes (\"Press: then hold\"), or "
        "if a new key starts here, put it on a line of its own"
    ), False
