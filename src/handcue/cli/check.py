"""`handcue check`: validate routine files the way the app will read them, and warn about any
caution a routine's steps call for but do not name (`core.safety`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from handcue.cli.output import say
from handcue.core import safety
from handcue.core.library import unexpected
from handcue.core.loader import LoadError
from handcue.core.problems import Problem
from handcue.core.wording import counted
from handcue.services.library import user_dir
from handcue.storage.routine_files import load_folder, load_routine, routine_files


def check_paths(paths: list[Path]) -> tuple[int, list[Problem], list[Problem]]:
    """How many files were checked, every problem found in them, and every safety warning.

    A problem keeps a file out of the library; a warning does not, so it never changes the
    exit status: the routine plays, and the person decides whether the caution applies.
    """
    checked = 0
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = routine_files(path)
            if not found:
                problems.append(
                    Problem(path, 0, 0, "no .yaml or .yml routine files in this folder")
                )
            checked += len(found)
            routines, folder_problems = load_folder(path)
            problems.extend(folder_problems)
            for routine in routines:
                warnings.extend(safety.warnings(routine))
        elif path.exists():
            checked += 1
            try:
                warnings.extend(safety.warnings(load_routine(path)))
            except LoadError as error:
                problems.extend(error.problems)
            except Exception as error:
                problems.append(unexpected(path, error))
        elif path.is_symlink():
            target = os.readlink(path)
            problems.append(Problem(path, 0, 0, f"a link to {target}, which does not exist"))
        else:
            problems.append(Problem(path, 0, 0, "no such file or folder"))
    return checked, problems, warnings


def run(args: argparse.Namespace) -> int:
    """`handcue check [PATH...]`: every problem and warning, then a count; 1 when a file fails."""
    paths = args.paths
    if not paths:
        folder = user_dir(args.routines)
        if not folder.is_dir():
            say(
                f"No routines of your own yet ({folder} does not exist); "
                "'handcue new ID' starts one.",
                file=sys.stderr,
            )
            return 0
        paths = [folder]
    checked, problems, warnings = check_paths(paths)
    for problem in sorted([*problems, *warnings]):
        say(str(problem))
    files = counted(checked, "file")
    # Warnings (a caution the steps call for) leave the exit status alone: the file is valid.
    warned = f", {counted(len(warnings), 'warning')}" if warnings else ""
    if problems:
        say(f"{counted(len(problems), 'problem')}{warned} in {files}", file=sys.stderr)
        return 1
    say(f"{files} OK{warned}", file=sys.stderr)
    return 0
