"""A private D-Bus daemon for tests, and small services on it that record what they are sent:
a freedesktop notification server, logind's session hints, GNOME's idle monitor."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support.desktop_tools import missing

CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class DBusDaemon:
    """`dbus-daemon --nofork` on a socket of its own, stopped by `stop`."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("dbus-daemon") is None:
            missing("dbus-daemon is not installed (apt-get install dbus-daemon)")
        try:
            import jeepney  # noqa: F401
        except ImportError:
            missing("jeepney is not installed")
        folder.mkdir(parents=True, exist_ok=True)
        config = folder / "bus.conf"
        config.write_text(CONFIG.format(socket=folder / "bus"))
        self.process = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--print-address", "--nofork"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.address = self.process.stdout.readline().strip()
        assert self.address.startswith("unix:"), self.address

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


Handler = Callable[[Any], tuple[str, tuple[Any, ...]] | None]
"""A method call to (signature, values) of its reply; None to leave it unanswered."""


@dataclass
class FakeService:
    """Owns `name` on the bus and answers calls from a thread, keeping every call it got."""

    address: str
    name: str
    handlers: dict[tuple[str, str], Handler]
    """(interface, member) to its handler."""
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import Proxy, open_dbus_connection

        self.connection = open_dbus_connection(self.address)
        Proxy(message_bus, self.connection).RequestName(self.name, 4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType, new_error, new_method_return

        while not self._stop.is_set():
            try:
                message = self.connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            except OSError:
                return
            if message.header.message_type is not MessageType.method_call:
                continue
            fields = message.header.fields
            key = (fields.get(HeaderFields.interface), fields.get(HeaderFields.member))
            self.calls.append((str(key[1]), tuple(message.body)))
            handler = self.handlers.get(key)
            if handler is None and key[0] == "org.freedesktop.DBus.Properties":
                handler = self.handlers.get(("property", str(message.body[1])))
            if handler is None:
                self.connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))
                continue
            reply = handler(message)
            if reply is not None:
                self.connection.send(new_method_return(message, reply[0], reply[1]))

    def signal(
        self, path: str, interface: str, member: str, signature: str, body: tuple[Any, ...]
    ) -> None:
        from jeepney import DBusAddress, new_signal

        self.connection.send(
            new_signal(DBusAddress(path, interface=interface), member, signature, body)
        )

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)
        self.connection.close()

    def members(self) -> list[str]:
        return [member for member, _ in self.calls]


NOTIFY = "org.freedesktop.Notifications"


class NotificationServer(FakeService):
    """A freedesktop notification server; `inhibited` is its Do Not Disturb."""

    def __init__(
        self, address: str, capabilities: tuple[str, ...] = ("body", "body-markup", "actions")
    ) -> None:
        self.inhibited = False
        self.next_id = 41
        super().__init__(
            address,
            NOTIFY,
            {
                (NOTIFY, "GetCapabilities"): lambda m: ("as", (list(capabilities),)),
                (NOTIFY, "Notify"): self._notify,
                (NOTIFY, "CloseNotification"): lambda m: ("", ()),
                ("property", "Inhibited"): lambda m: ("v", (("b", self.inhibited),)),
            },
        )

    def _notify(self, message: Any) -> tuple[str, tuple[Any, ...]]:
        replaces = message.body[1]
        if replaces:
            return "u", (replaces,)
        self.next_id += 1
        return "u", (self.next_id,)

    def notified(self) -> list[tuple[Any, ...]]:
        return [body for member, body in self.calls if member == "Notify"]

    def closed(self) -> list[int]:
        return [body[0] for member, body in self.calls if member == "CloseNotification"]

    def click(self, notification: int, action: str) -> None:
        self.signal(
            "/org/freedesktop/Notifications", NOTIFY, "ActionInvoked", "us", (notification, action)
        )
