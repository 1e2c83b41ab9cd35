"""Which process plays a session, told apart from any later process with the same id.

A row left 'playing' is closed as 'interrupted' once the process that played it is gone. A
process id alone cannot say that: ids are used again, a reboot starts them over, and a database
synced from another machine names processes of that machine. So beside the id each session
keeps the machine's boot (Linux's boot id), the process's start (in clock ticks since boot) and
the host's name; where a fact cannot be had here, what can be is compared.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

ELSEWHERE_AFTER = timedelta(hours=24)
"""A session of another machine (whose processes cannot be looked at from here) that started
longer ago than this is over: no session lasts a day."""
REUSED_SLACK = timedelta(minutes=1)
"""A process that started this long after the session it is named by cannot have played it."""


@dataclass(frozen=True, slots=True)
class Player:
    pid: int
    boot: str | None = None
    start: int | None = None
    host: str | None = None

    def text(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def parse(cls, text: object) -> Player | None:
        """A saved player; the bare process id an earlier handcue wrote is read too."""
        if not isinstance(text, str):
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if not isinstance(value, dict) or not isinstance(value.get("pid"), int):
            return None
        boot, start, host = value.get("boot"), value.get("start"), value.get("host")
        return cls(
            value["pid"],
            boot if isinstance(boot, str) else None,
            start if isinstance(start, int) else None,
            host if isinstance(host, str) else None,
        )


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as file:
            return file.read(4096)
    except OSError:
        return None


def boot_id() -> str | None:
    text = _read("/proc/sys/kernel/random/boot_id")
    return text.strip() if text else None


def process_start(pid: int) -> int | None:
    """Clock ticks from boot to the process's start (field 22 of /proc/PID/stat)."""
    text = _read(f"/proc/{pid}/stat")
    if not text or ")" not in text:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    try:
        return int(fields[19])
    except (IndexError, ValueError):
        return None


def _boot_time() -> float | None:
    text = _read("/proc/stat") or ""
    for line in text.splitlines():
        if line.startswith("btime "):
            return float(line.split()[1])
    return None


def host_name() -> str:
    return socket.gethostname()


def this_process() -> Player:
    pid = os.getpid()
    return Player(pid, boot_id(), process_start(pid), host_name())


def _running(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it runs, as another user
    return True


def gone(player: Player | None, started: datetime, now: datetime) -> bool:
    """Whether the process that played a session started at `started` is no more."""
    if player is None:
        return True
    if player.host is not None and player.host != host_name():
        return now - started > ELSEWHERE_AFTER
    here = boot_id()
    if player.boot is not None and here is not None and player.boot != here:
        return True  # the machine started again since
    if not _running(player.pid):
        return True
    start = process_start(player.pid)
    if start is None:
        return False
    if player.start is not None:
        return start != player.start  # the id now names another process
    boot = _boot_time()
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    if boot is None:
        return False
    began = datetime.fromtimestamp(boot + start / ticks, tz=started.tzinfo)
    return began > started + REUSED_SLACK
