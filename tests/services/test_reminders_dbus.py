"""Break reminders over a real D-Bus: a private `dbus-daemon` started here, with a notification
server, logind and GNOME's idle monitor that record what they are sent."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support.dbus_session import DBusDaemon, FakeService, NotificationServer
from support.reminders import make_loop

from handcue.core.break_schedule import Idle
from handcue.desktop.bus import Bus, jeepney_missing, session_address
from handcue.desktop.notifications import DesktopNotifier
from handcue.desktop.presence import Presence

LOGIN1 = "org.freedesktop.login1"
SESSION = "/org/freedesktop/login1/session/c2"


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[str]:
    daemon = DBusDaemon(tmp_path / "session")
    try:
        yield daemon.address
    finally:
        daemon.stop()


@pytest.fixture
def server(session_bus: str) -> Iterator[NotificationServer]:
    serving = NotificationServer(session_bus)
    serving.start()
    try:
        yield serving
    finally:
        serving.stop()


def eventually(check: Callable[[], bool], what: str) -> None:
    """The bus is another process: its answer may take a moment on a busy machine."""
    deadline = time.monotonic() + 10
    while not check():
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.02)


def test_a_notification_is_plain_replaced_and_closed(server: NotificationServer) -> None:
    notifier = DesktopNotifier(Bus(server.address, "session"))
    title = "Break \x1b]0;owned\x07 now"
    assert notifier.show(title, "Rub <b>both</b> hands & wrists; slowly", [("skip", "Skip")])
    assert notifier.show(title, "again", [("skip", "Skip")])
    notifier.withdraw()
    notified = server.notified()
    app, replaces, icon, summary, body, actions, hints, timeout = notified[0]
    assert (app, replaces, icon, timeout) == ("handcue", 0, "", -1)
    assert summary == "Break \\x1b]0,owned\\x07 now"  # nothing that acts on a terminal
    assert body == "Rub &lt;b&gt;both&lt;/b&gt; hands &amp; wrists, slowly"
    assert actions == ["skip", "Skip"] and hints == {"urgency": ("y", 1)}
    assert notified[1][1] == 42  # the second replaced the first: one break, one notification
    assert server.closed() == [42]


def test_no_markup_escaping_or_buttons_where_the_server_has_none(session_bus: str) -> None:
    serving = NotificationServer(session_bus, capabilities=("body",))
    serving.start()
    try:
        notifier = DesktopNotifier(Bus(session_bus, "session"))
        notifier.show("Break", "Rub & stretch", [("skip", "Skip")])
        body, actions = serving.notified()[0][4:6]
        assert body == "Rub & stretch" and actions == []
    finally:
        serving.stop()


def test_a_click_on_the_notification_snoozes_the_loop(
    server: NotificationServer, tmp_path: Path
) -> None:
    loop = make_loop(tmp_path)
    notifier = DesktopNotifier(Bus(server.address, "session"))
    loop.reminding.notifiers.append(notifier)
    loop.run(60)
    assert [body[3] for body in server.notified()] == ["Time for a hand break"]
    server.click(999, "skip")  # another program's notification: not ours to answer
    server.click(42, "snooze")
    eventually(lambda: any("snoozed" in line for line in loop.run(1)), "the snooze")
    assert server.closed() == [42]
    assert loop.store.open_one() is not None and loop.store.open_one().outcome == "snoozed"  # type: ignore[union-attr]


def test_inhibited_notifications_are_do_not_disturb(server: NotificationServer) -> None:
    notifier = DesktopNotifier(Bus(server.address, "session"))
    presence = Presence(None, None, notifier, env={}, run=lambda argv: None)
    assert not presence.sample().dnd
    server.inhibited = True
    assert presence.sample().dnd and "notifications Inhibited" in presence.sources


def _logind(address: str, hints: dict[str, bool]) -> FakeService:
    def display(message: Any) -> tuple[str, tuple[Any, ...]]:
        return "v", (("(so)", ("c2", SESSION)),)

    return FakeService(
        address,
        LOGIN1,
        {
            ("property", "Display"): display,
            ("property", "IdleHint"): lambda m: ("v", (("b", hints["IdleHint"]),)),
            ("property", "LockedHint"): lambda m: ("v", (("b", hints["LockedHint"]),)),
        },
    )


def test_logind_hints_on_the_system_bus(tmp_path: Path) -> None:
    daemon = DBusDaemon(tmp_path / "system")
    hints = {"IdleHint": False, "LockedHint": False}
    logind = _logind(daemon.address, hints)
    logind.start()
    try:
        presence = Presence(None, Bus(daemon.address, "system"), env={}, run=lambda argv: None)
        assert presence.sample().idle is Idle.ACTIVE and presence.sources == ["logind"]
        hints["LockedHint"] = True
        sample = presence.sample()
        assert sample.locked and sample.idle is Idle.IDLE
        hints.update(LockedHint=False, IdleHint=True)
        assert presence.sample().idle is Idle.IDLE
        # The hints were read from the user's graphical session, found through user/self.
        paths = [body for member, body in logind.calls if member == "Get"]
        assert ("org.freedesktop.login1.User", "Display") in paths
    finally:
        logind.stop()
        daemon.stop()


def test_idle_time_from_gnome_and_from_xprintidle(session_bus: str) -> None:
    idle_ms = [1000]
    mutter = FakeService(
        session_bus,
        "org.gnome.Mutter.IdleMonitor",
        {("org.gnome.Mutter.IdleMonitor", "GetIdletime"): lambda m: ("t", (idle_ms[0],))},
    )
    mutter.start()
    try:
        presence = Presence(Bus(session_bus, "session"), None, env={}, run=lambda argv: None)
        assert presence.sample().idle is Idle.ACTIVE
        idle_ms[0] = 301_000
        assert presence.sample().idle is Idle.IDLE
        assert presence.sources == ["Mutter idle monitor"]
    finally:
        mutter.stop()
    # No bus at all: X11's idle time from xprintidle, when there is a display.
    printed = {"xprintidle": "400000"}
    x11 = Presence(None, None, env={"DISPLAY": ":0"}, run=lambda argv: printed.get(argv[0]))
    assert x11.sample().idle is Idle.IDLE
    assert Presence(None, None, env={}, run=lambda argv: printed.get(argv[0])).sample().idle is (
        Idle.UNKNOWN
    )


def test_without_a_bus_or_jeepney_nothing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert DesktopNotifier(Bus(None, "session")).show("Break", "now") is False
    gone = Bus(f"unix:path={tmp_path / 'no-bus'}", "session")
    assert DesktopNotifier(gone).show("Break", "now") is False
    assert gone.problem is not None and "could not be reached" in gone.problem
    monkeypatch.setitem(sys.modules, "jeepney", None)
    assert jeepney_missing() is not None
    missing = Bus("unix:path=/whatever", "session")
    assert missing.connection() is None and "jeepney" in (missing.problem or "")


def test_a_service_finds_the_user_bus_without_an_address(tmp_path: Path) -> None:
    assert session_address({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"}) == "unix:path=/x"
    assert session_address({"XDG_RUNTIME_DIR": str(tmp_path)}) is None
    (tmp_path / "bus").touch()
    assert session_address({"XDG_RUNTIME_DIR": str(tmp_path)}) == f"unix:path={tmp_path}/bus"


def test_the_service_opens_a_break_in_a_new_terminal_only_when_play_is_clicked(
    server: NotificationServer, tmp_path: Path
) -> None:
    """`remind --service`, as systemd runs it: no terminal, a desktop notification with a Play
    button, and a new terminal (here a script that writes down what it was asked to run)
    only once Play is clicked. Short real time: the first break after one second of work."""
    import os
    import stat
    import subprocess

    opened = tmp_path / "opened"
    terminal = tmp_path / "my-terminal"
    terminal.write_text(f'#!/bin/sh\necho "$@" > "{opened}"\n')
    terminal.chmod(terminal.stat().st_mode | stat.S_IXUSR)
    env = {
        **os.environ,
        "DBUS_SESSION_BUS_ADDRESS": server.address,
        "DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={tmp_path / 'no-system-bus'}",
    }
    argv = ["-m", "handcue", "remind", "--service", "--every", "1s", "--terminal", str(terminal)]
    service = subprocess.Popen(
        [sys.executable, *argv], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE
    )
    try:
        eventually(lambda: bool(server.notified()), "the notification")
        summary, body, actions = server.notified()[0][3:6]
        assert summary == "Time for a hand break" and "Enter plays it" in body
        assert actions == ["play", "Play", "snooze", "Snooze", "skip", "Skip"]
        assert not opened.exists()
        server.click(42, "play")
        eventually(opened.exists, "the new terminal")
        eventually(lambda: opened.read_text().strip() != "", "its command")
        assert opened.read_text().split() == [sys.executable, "-m", "handcue", "remind", "--take"]
    finally:
        service.terminate()
        out, _ = service.communicate(timeout=30)
    assert service.returncode == 0
    assert out.decode().splitlines()[-1] == "Reminders off."
    assert server.closed() == [42]  # the break's notification went with the service
