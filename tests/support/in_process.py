"""Runs the `handcue` command inside the test process, output captured, as a shell would run it.

Most command-line behaviour is tested this way, so coverage sees `handcue.__main__` and the
`cli` package; a few tests still start a real process where the process itself is the point
(what gets imported, signals, a terminal).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from handcue.__main__ import main


@dataclass(frozen=True)
class Finished:
    """What the command left, in the shape of `subprocess.CompletedProcess`."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _environment(changes: dict[str, str], whole: bool) -> Iterator[None]:
    saved = dict(os.environ)
    if whole:
        os.environ.clear()
    os.environ.update(changes)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _stdin(text: str) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def handcue(
    *args: str, env: dict[str, str] | None = None, whole_env: bool = False, stdin: str = ""
) -> Finished:
    """`handcue ARGS` with `env` added to the environment (or, with `whole_env`, as all of it)
    and `stdin` as its input, not a terminal; the exit status is what `main` returned, or
    argparse's."""
    out, err = io.StringIO(), io.StringIO()
    term = signal.getsignal(signal.SIGTERM)
    try:
        with (
            _environment(env or {}, whole_env),
            _stdin(stdin),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                code = main(list(args))
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    finally:
        signal.signal(signal.SIGTERM, term)
    return Finished(tuple(args), code, out.getvalue(), err.getvalue())
