"""The terminal around handcue: its own notification escape and bell, and a new terminal
window to play a break in when the reminders run without one (the systemd service).

Inside tmux the escape must pass through tmux, which forwards it only when
`allow-passthrough` is on (tmux 3.3 and later); what tmux draws on is asked of tmux itself.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence

from handcue.core.terminal_notice import NoticeKind, in_tmux, notice_escape, notice_kind
from handcue.desktop.presence import Runner, run_quietly


class TerminalNotifier:
    """The bell, and the terminal's own notification where it has one; `problem` says once
    why a notification cannot pass (tmux without passthrough)."""

    def __init__(
        self,
        write: Callable[[str], None],
        env: Mapping[str, str] | None = None,
        run: Runner = run_quietly,
    ) -> None:
        self.write = write
        env = os.environ if env is None else env
        self.tmux = in_tmux(env)
        self.problem: str | None = None
        outer = run(["tmux", "display-message", "-p", "#{client_termname}"]) if self.tmux else None
        self.kind = notice_kind(env, outer)
        if self.tmux and self.kind is not NoticeKind.NONE:
            passing = run(["tmux", "show-options", "-gv", "allow-passthrough"])
            if passing == "off":
                self.kind = NoticeKind.NONE
                self.problem = (
                    "tmux keeps terminal notifications to itself; add 'set -g allow-passthrough "
                    "on' to ~/.tmux.conf to see them (the bell still marks the window)"
                )

    def show(self, title: str, body: str, actions: Sequence[tuple[str, str]] = ()) -> bool:
        self.write("\a" + notice_escape(self.kind, title, body, self.tmux))
        return True

    def withdraw(self) -> None:
        return None

    def answers(self, timeout: float = 0.0) -> list[str]:
        return []


TERMINALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("x-terminal-emulator", ("-e",)),
    ("gnome-terminal", ("--",)),
    ("konsole", ("-e",)),
    ("xfce4-terminal", ("-x",)),
    ("kitty", ()),
    ("foot", ()),
    ("alacritty", ("-e",)),
    ("wezterm", ("start", "--")),
    ("ghostty", ("-e",)),
    ("xterm", ("-e",)),
)
"""Terminals tried in turn, each with what comes before the command it runs."""


def terminal_command(
    chosen: str | None, which: Callable[[str], str | None] = shutil.which
) -> list[str] | None:
    """The words that open a new terminal running what follows them; None when none is found."""
    if chosen:
        return shlex.split(chosen)
    for name, lead in TERMINALS:
        if which(name) is not None:
            return [name, *lead]
    return None


def open_in_terminal(prefix: Sequence[str], argv: Sequence[str]) -> str | None:
    """Start `argv` in a new terminal window, detached; None when started, else why not."""
    try:
        subprocess.Popen(
            [*prefix, *argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return f"{prefix[0]} could not be started ({error.strerror or error})"
    return None
