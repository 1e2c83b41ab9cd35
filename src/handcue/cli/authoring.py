"""Your own routines: `handcue new` starts one, `handcue edit` opens it in your editor.

A file is only ever created, never overwritten, except by the editor the person runs on it.
After editing, the real loader checks the file; whatever it finds, the file stays exactly as
the editor left it unless the person asks to revert, and even then the rejected text is kept
beside it under a name the library does not load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from handcue.cli.common import CommandError, find_routine, open_library, user_dir
from handcue.cli.output import say
from handcue.core import safety
from handcue.core.durations import format_short
from handcue.core.library import ROUTINE_SUFFIXES, Library
from handcue.core.loader import MAX_FILE_BYTES, LoadError, parse_routine
from handcue.core.problems import Problem
from handcue.core.routine import Routine
from handcue.core.safe_text import visible
from handcue.core.schema import schema_json
from handcue.core.wording import counted
from handcue.services.refusal import Refused
from handcue.storage.atomic import (
    atomic_write_bytes,
    atomic_write_text,
    copy_aside,
    fsync_folder,
    shared_file_mode,
)
from handcue.storage.files import read_regular
from handcue.storage.routine_files import load_routine

SCHEMA_NAME = "routine.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_NAME}"
_SCHEMA_COMMENT = re.compile(r"^#\s*yaml-language-server:.*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_TOP_ID = re.compile(r"^id:.*$", re.MULTILINE)
_TOP_TITLE = re.compile(r"^title:[ \t]*(?P<title>[^|>&*!#'\"\s][^#\n]*?)[ \t]*$", re.MULTILINE)

FALLBACK_EDITORS = ("nano", "vi")
MAX_SCHEMA_BYTES = 1024 * 1024
MAX_EDITED_BYTES = 64 * 1024 * 1024
"""What `edit` reads to keep for a revert: far more than a routine may hold, so a file too
big to load can still be opened and cut down."""

TEMPLATE = """\
{schema}
# Your own routine. Every key is explained in the README ("Writing a routine");
# check it with: handcue check {file}
title: {title}
summary: What this routine is for, in a sentence.
goals: [stress]              # see 'handcue goals'
intensity: gentle            # gentle | moderate | firm
prepare: Sit comfortably and take off any rings.
# sources:                   # where the steps come from, so others can check them
#   - article: "The article's title"
#     section: "The heading you followed"
#     study: {{title: "A study it cites", pubmed: 21982138}}
#   - outside: where a step from elsewhere comes from
#     steps: [thumb-circles]
steps:
  - key: warm-up             # a key keeps your saved time tweaks on this step
    title: Warm the hands
    instruction: Rub your palms together briskly until they feel warm.
    technique: friction
    hand: both
    areas: [palm]
    duration: 20s

  - key: thumb-circles
    title: Thumb circles
    instruction: >-
      Press small circles into the pad of the thumb with the other thumb,
      from its base to the tip.
    technique: thumb-press
    hand: each               # left hand first, then the right, the full time each
    areas: [thumb, thenar]
    pressure: moderate
    duration: 45s

  - key: finish
    title: Shake out
    instruction: Let both hands hang loose and shake them gently from the wrists.
    technique: shake-out
    hand: both
    areas: [wrist, palm, back]
    duration: 15s
"""


def check_id(routine_id: str) -> str:
    if not _ID.match(routine_id):
        raise CommandError(
            f"'{routine_id}' cannot be a routine id: use lowercase letters, digits and dashes, "
            "starting with a letter or digit (such as my-evening)"
        )
    return routine_id


def existing_file(folder: Path, routine_id: str) -> Path | None:
    """The user's file for `routine_id` by name, whether or not it is valid."""
    for suffix in ROUTINE_SUFFIXES:
        candidate = folder / f"{routine_id}{suffix}"
        if candidate.exists():
            return candidate
    return None


def write_schema(folder: Path) -> None:
    """Keep `routine.schema.json` beside the routines, so the schema comment line resolves."""
    target = folder / SCHEMA_NAME
    text = schema_json()
    try:
        if read_regular(target, MAX_SCHEMA_BYTES).decode("utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write_text(target, text)


def _create(path: Path, text: str) -> None:
    """Write a new file whole or not at all, refusing to replace one that appeared meanwhile.

    The text goes to a temporary file first and is linked to its name only once it is on the
    disk, so a full disk or a kill leaves no empty or half-written routine behind.
    """
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, shared_file_mode(path))
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise CommandError(f"{path} already exists; nothing was written") from None
        except OSError:
            # No hard links here (some network and FAT file systems): claim the name, then
            # move the whole file onto it.
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                raise CommandError(f"{path} already exists; nothing was written") from None
            os.replace(temporary, path)
        fsync_folder(path.parent)
    finally:
        temporary.unlink(missing_ok=True)


def with_schema_line(text: str) -> str:
    """`text` starting with the schema line for a file in the user's folder."""
    lines = text.splitlines(keepends=True)
    if lines and _SCHEMA_COMMENT.match(lines[0].rstrip("\n")):
        lines = lines[1:]
    return SCHEMA_LINE + "\n" + "".join(lines)


def copy_text(source: Routine, new_id: str | None) -> str:
    """The source routine's file text for the user's folder; with `new_id`, renamed to it and
    its title marked as a copy, so the two are told apart in the picker."""
    if source.path is None:
        raise CommandError(f"the routine '{source.id}' has no file to copy")
    try:
        text = read_regular(source.path, MAX_FILE_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{source.path}: cannot read it ({error})") from None
    text = with_schema_line(text)
    if new_id is not None:
        text = _TOP_ID.sub(f'id: "{new_id}"', text) if _TOP_ID.search(text) else text
        title = json.dumps(f"{source.title} (my copy)", ensure_ascii=False)
        text = _TOP_TITLE.sub(lambda _: f"title: {title}", text, count=1)
    return text


def new_routine(library: Library, folder: Path, routine_id: str, source_id: str | None) -> Path:
    """Create `ROUTINE_ID.yaml` in `folder`, from the template or a copy of another routine."""
    check_id(routine_id)
    found = existing_file(folder, routine_id)
    if found is not None:
        raise CommandError(f"{found} already exists; open it with 'handcue edit {routine_id}'")
    taken = library.get(routine_id)
    if taken is not None:
        raise CommandError(
            f"'{routine_id}' is already the id of \"{taken.title}\"; choose another id, or "
            f"run 'handcue edit {routine_id}' to change your own copy of it"
        )
    path = folder / f"{routine_id}.yaml"
    if source_id is None:
        title = routine_id.replace("-", " ").capitalize()
        # quoted, so an id such as 123 or yes still gives a text title
        text = TEMPLATE.format(
            schema=SCHEMA_LINE, title=json.dumps(title, ensure_ascii=False), file=path
        )
    else:
        try:
            source = find_routine(library, source_id)
        except Refused as error:  # said with the option it came from: --from ID: ...
            raise CommandError(str(error), f"from {source_id}") from None
        text = copy_text(source, routine_id)
    try:
        routine = parse_routine(text, path)
    except LoadError as error:
        raise CommandError(f"the new routine would not be valid: {error.problems[0]}") from None
    if routine.id != routine_id:
        raise CommandError(f"the new routine would have the id '{routine.id}', not '{routine_id}'")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _create(path, text)
        write_schema(folder)
    except OSError as error:
        raise CommandError(f"{folder}: cannot write there ({error.strerror or error})") from None
    return path


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
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _create(path, text)
        write_schema(folder)
    except OSError as error:
        raise CommandError(f"{folder}: cannot write there ({error.strerror or error})") from None
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
        for problem in problems:
            say(problem)
        say(
            f"{counted(len(problems), 'problem')}; the routine is left out of the list until fixed."
        )
        if ask is None:
            say(
                f"Kept as you wrote it. Fix it with 'handcue edit {routine_id}', or check it "
                f"with 'handcue check {target.path}'."
            )
            return 1
        answer = _answer(ask)
        if answer == "edit":
            continue
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


def run_new(args: argparse.Namespace) -> int:
    path = new_routine(open_library(args.routines), user_dir(args.routines), args.id, args.source)
    say(f"Created {path}; open it with 'handcue edit {args.id}'.")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    ask = ask_on_terminal if sys.stdin.isatty() else None
    return edit_routine(
        open_library(args.routines, warn=False), user_dir(args.routines), args.id, ask=ask
    )
