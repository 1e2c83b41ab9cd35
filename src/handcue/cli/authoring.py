"""Your own routines: `handcue new` starts one, from the template or a copy of another.

A file is only ever created whole, never overwritten, except by the editor the person runs on
it (`handcue edit`, in `cli.editing`, copies a bundled routine into the folder the same way).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
from pathlib import Path

from handcue.cli.common import CommandError, find_routine, open_library, user_dir
from handcue.cli.output import say
from handcue.core.library import ROUTINE_SUFFIXES, Library
from handcue.core.loader import MAX_FILE_BYTES, LoadError, parse_routine
from handcue.core.routine import Routine
from handcue.core.schema import schema_json
from handcue.services.refusal import Refused
from handcue.storage.atomic import atomic_write_text, fsync_folder, shared_file_mode
from handcue.storage.files import read_regular

SCHEMA_NAME = "routine.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_NAME}"
_SCHEMA_COMMENT = re.compile(r"^#\s*yaml-language-server:.*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_TOP_ID = re.compile(r"^id:.*$", re.MULTILINE)
_TOP_TITLE = re.compile(r"^title:[ \t]*(?P<title>[^|>&*!#'\"\s][^#\n]*?)[ \t]*$", re.MULTILINE)

MAX_SCHEMA_BYTES = 1024 * 1024

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


def create_file(path: Path, text: str) -> None:
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
    write_new(folder, path, text)
    return path


def write_new(folder: Path, path: Path, text: str) -> None:
    """Create `path` (never over a file) with the schema beside it, so editors check it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        create_file(path, text)
        write_schema(folder)
    except OSError as error:
        raise CommandError(f"{folder}: cannot write there ({error.strerror or error})") from None


def run_new(args: argparse.Namespace) -> int:
    path = new_routine(open_library(args.routines), user_dir(args.routines), args.id, args.source)
    say(f"Created {path}; open it with 'handcue edit {args.id}'.")
    return 0
