"""`handcue edit`: your routine opened in your editor, and checked when you close it.

A bundled routine is copied into your folder first. After editing, the real loader checks the
file; whatever it finds, the file stays exactly as the editor left it unless you ask to
revert, and even then the rejected text is kept beside it under a name the library does not
load.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from handcue.cli.authoring import check_id, copy_text, existing_file, write_new
from handcue.cli.common import CommandError, find_routine, open_library, user_dir
from handcue.core import safety
from handcue.core.durations import format_short
from handcue.core.library import Library
from handcue.core.loader import LoadError
from handcue.core.problems import Problem
from handcue.core.routine import Routine
from handcue.core.safe_text import visible
from handcue.core.wording import counted
from handcue.storage.atomic import atomic_write_bytes, copy_aside
from handcue.storage.files import read_regular
from handcue.storage.routine_files import load_routine

FALLBACK_EDITORS = ("nano", "vi")
MAX_EDITED_BYTES = 64 * 1024 * 1024
"""What `edit` reads to keep for a revert: far more than a routine may hold, so a file too
big to load can still be opened and cut down."""


def editor_command(environ: dict[str, str] | os._Environ[str] | None = None) -> list[str]:
    """$VISUAL, else $EDITOR, split like a shell would (no shell runs), else nano or vi."""
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as error:
                raise CommandError(f"${name} cannot be read ({error}): {value!r}") from None
            if words:
                return words
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    raise CommandError("no editor found: set $EDITOR, for example EDITOR=nano")


def run_editor(command: list[str], path: Path) -> int:
    """Run the editor on `path`; its exit status (editors exit non-zero to say "abandoned")."""
    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    except FileNotFoundError:
        raise CommandError(
            f"the editor '{command[0]}' was not found; set $VISUAL or $EDITOR to one you have"
        ) from None
    except OSError as error:
        raise CommandError(f"the editor '{command[0]}' could not start: {error}") from None


@dataclass(frozen=True, slots=True)
class Target:
    """The file `edit` opens, and what was there before, for a revert."""

    path: Path
    before: bytes | None
    """The file's bytes before editing; None when `edit` created it."""
    note: str = ""
    copied: bytes | None = None
    """The copy of a bundled routine `edit` made, as written: an editor that fails and leaves
    it so did not mean it to replace the bundled one."""


def edit_target(library: Library, folder: Path, routine_id: str) -> Target:
    """The user's own file for `routine_id`, copying a bundled routine into the folder first."""
    check_id(routine_id)
    own = existing_file(folder, routine_id)
    routine = library.get(routine_id)
    if routine is not None and routine.user and routine.path is not None:
        own = routine.path
    if own is not None:
        try:
            return Target(own, read_regular(own, MAX_EDITED_BYTES))
        except OSError as error:
            raise CommandError(f"{own}: cannot edit it ({error.strerror or error})") from None
    routine = find_routine(library, routine_id)
    path = folder / f"{routine.id}.yaml"
    text = copy_text(routine, None)
    copied = text.encode("utf-8")
    write_new(folder, path, text)
    return Target(
        path,
        None,
        f"Copied the bundled routine to {path}; your copy replaces it in the list.",
        copied,
    )


def drop_unused_copy(target: Target) -> str | None:
    """Remove the copy `edit` made when it is still exactly as made; what became of it, or
    None when there is no such copy (the file was the person's, or the editor changed it)."""
    if target.copied is None:
        return None
    try:
        if read_regular(target.path, MAX_EDITED_BYTES) != target.copied:
            return None
        target.path.unlink()
    except FileNotFoundError:
        return None
    except OSError as error:
        return (
            f"your copy {target.path} could not be removed ({error.strerror or error}); "
            "delete it to use the bundled routine again"
        )
    return "your copy is removed, so the bundled routine is used as before"


def validate(path: Path) -> tuple[Routine | None, list[Problem]]:
    try:
        return load_routine(path), []
    except LoadError as error:
        return None, list(error.problems)


PROMPT = "[E]dit again, [k]eep it anyway, or [r]evert to before? "


def edit_routine(
    library: Library,
    folder: Path,
    routine_id: str,
    *,
    editor: list[str] | None = None,
    ask: Callable[[str], str] | None = None,
    out: TextIO | None = None,
) -> int:
    """Open the routine in the editor until it is valid or the person settles; the exit status.

    `ask` reads an answer to the prompt; None means nobody can answer (stdin is not a
    terminal), so problems are reported and the file is kept as written.
    """
    stream = out or sys.stderr

    def say(text: object) -> None:
        print(visible(str(text), lines=True), file=stream)

    command = editor or editor_command()  # no editor: refused before anything is copied
    target = edit_target(library, folder, routine_id)
    if target.note:
        say(target.note)
    while True:
        try:
            status = run_editor(command, target.path)
        except CommandError as error:
            dropped = drop_unused_copy(target)
            raise CommandError(f"{error}; {dropped}" if dropped else str(error)) from None
        if status != 0 and (dropped := drop_unused_copy(target)):
            say(
                f"The editor '{command[0]}' exited with status {status} and changed nothing; {dropped}."
            )
            return 1
        if status != 0:
            say(
                f"The editor '{command[0]}' exited with status {status}; the file is checked "
                "as it is now on disk."
            )
        routine, problems = validate(target.path)
        if routine is not None:
            say(
                f"{target.path}: OK: {routine.title} ({routine.id}), "
                f"{counted(len(routine.steps), 'step')}, {format_short(routine.total_seconds)}"
            )
            for warning in safety.warnings(routine):
                print(warning, file=stream)
            return 0 if status == 0 else 1
        settled = _settle(problems, target, routine_id, ask, say)
        if settled is not None:
            return settled


def _settle(
    problems: list[Problem],
    target: Target,
    routine_id: str,
    ask: Callable[[str], str] | None,
    say: Callable[[object], None],
) -> int | None:
    """Say what is wrong with the edited file, then do as the person answers: the exit status,
    or None to edit it again."""
    for problem in problems:
        say(problem)
    say(f"{counted(len(problems), 'problem')}; the routine is left out of the list until fixed.")
    if ask is None:
        say(
            f"Kept as you wrote it. Fix it with 'handcue edit {routine_id}', or check it "
            f"with 'handcue check {target.path}'."
        )
        return 1
    answer = _answer(ask)
    if answer == "edit":
        return None
    if answer == "keep":
        say(f"Kept as you wrote it: {target.path}")
        return 1
    say(_revert(target))
    if target.before is None:
        return 0
    return 0 if validate(target.path)[0] is not None else 1


def ask_on_terminal(prompt: str) -> str:
    """Prompt on stderr and read one line from stdin.

    Plain line reading keeps the terminal in its usual mode, so nothing typed ahead is lost.
    """
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line


def _answer(ask: Callable[[str], str]) -> str:
    while True:
        try:
            reply = ask(PROMPT).strip()
        except EOFError:
            return "keep"
        if reply in ("", "e", "E"):
            return "edit"
        if reply.lower() in ("k", "keep"):
            return "keep"
        if reply.lower() in ("r", "revert"):
            return "revert"


def _revert(target: Target) -> str:
    """Put back the file as it was; the rejected text is kept beside it, never loaded."""
    try:
        rejected = read_regular(target.path, MAX_EDITED_BYTES)
        backup = copy_aside(target.path, rejected, "rejected")
        if target.before is None:
            target.path.unlink()
            return f"Removed your copy; your edit is kept in {backup}."
        atomic_write_bytes(target.path, target.before)
    except OSError as error:
        raise CommandError(
            f"{target.path}: could not revert ({error.strerror or error}); the file is as you "
            "left it"
        ) from None
    return f"Reverted {target.path}; your edit is kept in {backup}."


def run_edit(args: argparse.Namespace) -> int:
    ask = ask_on_terminal if sys.stdin.isatty() else None
    return edit_routine(
        open_library(args.routines, warn=False), user_dir(args.routines), args.id, ask=ask
    )
