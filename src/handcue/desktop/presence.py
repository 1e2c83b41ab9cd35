"""Is the person at the computer, is the screen locked, is Do Not Disturb on: what the desktop
can tell, asked the ways that work without a window of our own.

- Locked: logind's `LockedHint` (system bus), else the screen saver's `GetActive` (GNOME's, or
  the freedesktop one KDE has).
- Idle: logind's `IdleHint` (set by GNOME, KDE, and on sway by `swayidle idlehint`); else the
  idle time from GNOME's Mutter (`org.gnome.Mutter.IdleMonitor`, on X11 and Wayland), from the
  freedesktop screen saver's `GetSessionIdleTime` (KDE), or from `xprintidle` on X11. Other
  Wayland compositors give idle time only to a Wayland client (`ext-idle-notify`), which
  handcue is not; with none of these, time counts as work.
- Do Not Disturb: GNOME's `show-banners` setting (through `gsettings`), the notification
  service's `Inhibited` property (KDE), or `dunstctl is-paused`.

Each source that does not answer is simply not used; nothing here raises.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from handcue.core.break_schedule import Idle
from handcue.desktop.bus import Bus
from handcue.desktop.notifications import DesktopNotifier

IDLE_AFTER = 300.0
"""Seconds without input after which the person is away (the common screen-blank delay)."""
RUN_SECONDS = 2.0

LOGIN1 = "org.freedesktop.login1"
SESSION_IFACE = "org.freedesktop.login1.Session"

Runner = Callable[[Sequence[str]], str | None]


def run_quietly(argv: Sequence[str]) -> str | None:
    """A small program's output, or None when it is missing, fails or takes too long."""
    program = shutil.which(argv[0])
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, *argv[1:]],
            capture_output=True,
            text=True,
            timeout=RUN_SECONDS,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


@dataclass(frozen=True, slots=True)
class Sample:
    idle: Idle
    locked: bool = False
    dnd: bool = False


class Presence:
    """Samples the desktop's state; `sources` says which ways answered last time."""

    def __init__(
        self,
        session: Bus | None,
        system: Bus | None,
        notifier: DesktopNotifier | None = None,
        *,
        env: Mapping[str, str] | None = None,
        run: Runner = run_quietly,
        idle_after: float = IDLE_AFTER,
    ) -> None:
        self.session = session
        self.system = system
        self.notifier = notifier
        self.env = os.environ if env is None else env
        self.run = run
        self.idle_after = idle_after
        self.sources: list[str] = []
        self._login_session: str | None = None

    def sample(self) -> Sample:
        self.sources = []
        hints = self._logind()
        locked = hints.get("LockedHint") is True
        if not locked:
            locked = self._screen_saver_active()
        idle = Idle.IDLE if hints.get("IdleHint") is True else self._idle_from_time()
        if idle is Idle.UNKNOWN and "IdleHint" in hints:
            idle = Idle.ACTIVE
        return Sample(Idle.IDLE if locked else idle, locked, self._do_not_disturb())

    # logind --------------------------------------------------------------------------------

    def _logind(self) -> dict[str, object]:
        if self.system is None:
            return {}
        path = self._session_path()
        if path is None:
            return {}
        found: dict[str, object] = {}
        for name in ("IdleHint", "LockedHint"):
            value = self.system.get_property(path, LOGIN1, SESSION_IFACE, name)
            if isinstance(value, bool):
                found[name] = value
        if found:
            self.sources.append("logind")
        return found

    def _session_path(self) -> str | None:
        """The graphical session of this user (a service of the user runs outside it)."""
        if self._login_session is None and self.system is not None:
            display = self.system.get_property(
                "/org/freedesktop/login1/user/self",
                LOGIN1,
                "org.freedesktop.login1.User",
                "Display",
            )
            if isinstance(display, tuple) and len(display) == 2 and display[1] not in ("", "/"):
                self._login_session = str(display[1])
            elif self.system.connection() is not None:
                self._login_session = "/org/freedesktop/login1/session/auto"
        return self._login_session

    # screen saver and idle time -----------------------------------------------------------

    def _screen_saver_active(self) -> bool:
        if self.session is None:
            return False
        for name, path in (
            ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
            ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
        ):
            reply = self.session.call(path, name, name, "GetActive")
            if reply is not None and reply:
                self.sources.append(name)
                return bool(reply[0])
        return False

    def _idle_from_time(self) -> Idle:
        seconds = self._idle_seconds()
        if seconds is None:
            return Idle.UNKNOWN
        return Idle.IDLE if seconds >= self.idle_after else Idle.ACTIVE

    def _idle_seconds(self) -> float | None:
        if self.session is not None:
            reply = self.session.call(
                "/org/gnome/Mutter/IdleMonitor/Core",
                "org.gnome.Mutter.IdleMonitor",
                "org.gnome.Mutter.IdleMonitor",
                "GetIdletime",
            )
            if reply:
                self.sources.append("Mutter idle monitor")
                return float(reply[0]) / 1000.0
            reply = self.session.call(
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "GetSessionIdleTime",
            )
            if reply:
                self.sources.append("screen saver idle time")
                return float(reply[0])
        if self.env.get("DISPLAY"):
            text = self.run(["xprintidle"])
            if text is not None and text.isdigit():
                self.sources.append("xprintidle")
                return int(text) / 1000.0
        return None

    # Do Not Disturb -----------------------------------------------------------------------

    def _do_not_disturb(self) -> bool:
        banners = self.run(["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"])
        if banners in ("true", "false"):
            self.sources.append("GNOME show-banners")
            if banners == "false":
                return True
        if self.notifier is not None:
            inhibited = self.notifier.inhibited()
            if inhibited is not None:
                self.sources.append("notifications Inhibited")
                if inhibited:
                    return True
        paused = self.run(["dunstctl", "is-paused"])
        if paused in ("true", "false"):
            self.sources.append("dunst")
            return paused == "true"
        return False
