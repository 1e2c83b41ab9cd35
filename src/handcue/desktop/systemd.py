"""The reminders as a systemd user service, started by a timer, with no terminal open.

The timer starts the service at the start of the working day (`Persistent=true`: a start
missed while the machine was off happens when it is next on) and shortly after each login;
the service runs the reminder loop until it is stopped. Its environment names the session
bus (`%t/bus`, the user bus systemd makes), since a service finds none by itself, and the
handcue folders set when it was installed, so it reads the same database.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from handcue.core.reminder_plan import DAY_NAMES, ReminderPlan

UNIT = "handcue-remind"
SERVICE = f"{UNIT}.service"
TIMER = f"{UNIT}.timer"
CARRIED = (
    "HANDCUE_DATA_DIR",
    "HANDCUE_CONFIG_DIR",
    "HANDCUE_ROUTINES",
    "HANDCUE_CACHE_DIR",
    "HANDCUE_AUDIO",
)
"""Settings of the environment the service keeps from the terminal it was installed from."""
RUN_SECONDS = 20.0
_REFUSED_IN_PROGRAM = "$\"'\\"
"""Characters systemd does not take in the path of the program a service runs."""

Run = Callable[[Sequence[str]], subprocess.CompletedProcess[str]]


class UnitError(ValueError):
    """A path or value systemd could not be given safely."""


def unit_folder(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(base) / "systemd" / "user"


def quote(word: str, *, command: bool = False) -> str:
    """One word as systemd reads it back: quoted, with `%` (and `$` in a command) doubled."""
    if any(ord(char) < 32 or ord(char) == 127 for char in word):
        raise UnitError(f"{word!r} holds a control character, which a unit file cannot carry")
    text = word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    if command:
        text = text.replace("$", "$$")
    return f'"{text}"'


def service_text(argv: Sequence[str], env: Mapping[str, str]) -> str:
    if odd := set(argv[0]) & set(_REFUSED_IN_PROGRAM):
        raise UnitError(
            f"{argv[0]}: systemd refuses a program whose path holds {' or '.join(sorted(odd))}; "
            "install handcue in a folder without them"
        )
    lines = [
        "[Unit]",
        "Description=handcue break reminders",
        "After=graphical-session.target",
        "",
        "[Service]",
        "Type=simple",
        "ExecStart=" + " ".join(quote(word, command=True) for word in argv),
        # A service finds no session bus by itself: this is the user bus systemd makes.
        'Environment="DBUS_SESSION_BUS_ADDRESS=unix:path=%t/bus"',
        "Environment=PYTHONUNBUFFERED=1",
    ]
    lines += [f"Environment={quote(f'{key}={env[key]}')}" for key in CARRIED if env.get(key)]
    lines += ["Restart=on-failure", "RestartSec=30", ""]
    return "\n".join(lines)


def calendar(plan: ReminderPlan) -> str:
    """`Mon..Fri *-*-* 09:00:00`: the start of each working day."""
    start = plan.hours[0] if plan.hours else time(0, 0)
    days = sorted(plan.days)
    names = ",".join(DAY_NAMES[day].capitalize() for day in days) if len(days) < 7 else ""
    return f"{names} *-*-* {start:%H:%M}:00".strip()


def timer_text(plan: ReminderPlan) -> str:
    return "\n".join(
        [
            "[Unit]",
            "Description=Start handcue break reminders each working day and at login",
            "",
            "[Timer]",
            f"OnCalendar={calendar(plan)}",
            "OnStartupSec=30s",
            "Persistent=true",
            f"Unit={SERVICE}",
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    )


def run_systemctl(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["systemctl", "--user", *argv],
            capture_output=True,
            text=True,
            timeout=RUN_SECONDS,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return subprocess.CompletedProcess(["systemctl"], 1, "", str(error))


@dataclass(frozen=True, slots=True)
class Installed:
    folder: Path
    started: bool
    """False when systemd's user manager could not be reached: it starts at the next login."""
    why: str = ""


def install(
    argv: Sequence[str],
    plan: ReminderPlan,
    env: Mapping[str, str] | None = None,
    run: Run = run_systemctl,
) -> Installed:
    """Write the two units and start them; raises OSError when they cannot be written."""
    env = os.environ if env is None else env
    folder = unit_folder(env)
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / SERVICE, service_text(argv, env))
    _write(folder / TIMER, timer_text(plan))
    reload = run(["daemon-reload"])
    if reload.returncode == 0:
        enabled = run(["enable", "--now", TIMER])
        started = run(["start", SERVICE]) if enabled.returncode == 0 else enabled
        if started.returncode == 0:
            return Installed(folder, True)
        why = (started.stderr or started.stdout).strip()
    else:
        why = (reload.stderr or reload.stdout).strip()
    # No user manager to ask (a container, an ssh login without one): enable as systemctl
    # would, so the timer runs at the next login.
    wants = folder / "timers.target.wants"
    wants.mkdir(exist_ok=True)
    link = wants / TIMER
    if not link.is_symlink():
        link.symlink_to(Path("..") / TIMER)
    return Installed(folder, False, why.splitlines()[0] if why else "")


def uninstall(env: Mapping[str, str] | None = None, run: Run = run_systemctl) -> list[Path]:
    """Stop and remove the units; the files removed."""
    env = os.environ if env is None else env
    folder = unit_folder(env)
    run(["disable", "--now", TIMER])
    run(["stop", SERVICE])
    removed = []
    for path in (folder / "timers.target.wants" / TIMER, folder / TIMER, folder / SERVICE):
        if path.is_symlink() or path.exists():
            path.unlink()
            removed.append(path)
    run(["daemon-reload"])
    return removed


def installed_here(env: Mapping[str, str] | None = None) -> bool:
    return (unit_folder(os.environ if env is None else env) / SERVICE).exists()


def _write(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
