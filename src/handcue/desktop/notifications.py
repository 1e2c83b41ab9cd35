"""A desktop notification through the freedesktop Notifications service on the session bus.

A notification never takes the focus. One break is one notification: it is replaced when the
break comes back after a snooze and closed when the break is answered anywhere, so none pile up.
Its text is plain (control characters written out; markup escaped where the server reads
markup), and its buttons are offered only where the server has them; a click comes back
through `answers()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from handcue.core.terminal_notice import plain
from handcue.desktop.bus import Bus

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "handcue"


class DesktopNotifier:
    """Shows, replaces and closes the one notification of the break now offered."""

    def __init__(self, bus: Bus) -> None:
        self.bus = bus
        self._shown: int = 0
        self._capabilities: list[str] | None = None
        bus.listen(SERVICE, PATH)

    @property
    def problem(self) -> str | None:
        return self.bus.problem

    def capabilities(self) -> list[str]:
        if self._capabilities is None:
            reply = self.bus.call(PATH, SERVICE, SERVICE, "GetCapabilities")
            if reply is None:
                return []
            self._capabilities = [str(item) for item in reply[0]]
        return self._capabilities

    def show(self, title: str, body: str, actions: Sequence[tuple[str, str]] = ()) -> bool:
        """Show (or replace) the notification; True once the service has taken it."""
        capabilities = self.capabilities()
        text = plain(body)
        if "body-markup" in capabilities:
            text = escape(text, quote=False)
        buttons: list[str] = []
        if "actions" in capabilities:
            for key, label in actions:
                buttons += [key, plain(label)]
        reply = self.bus.call(
            PATH,
            SERVICE,
            SERVICE,
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, self._shown, "", plain(title), text, buttons, {"urgency": ("y", 1)}, -1),
        )
        if reply is None:
            return False
        self._shown = int(reply[0])
        return True

    def withdraw(self) -> None:
        """Close the notification of a break that was answered."""
        if self._shown:
            self.bus.call(PATH, SERVICE, SERVICE, "CloseNotification", "u", (self._shown,))
            self._shown = 0

    def answers(self, timeout: float = 0.0) -> list[str]:
        """The buttons clicked on our notification since the last look."""
        clicked: list[str] = []
        for message in self.bus.signals(timeout):
            member = message.header.fields.get(_MEMBER)
            body = tuple(message.body)
            if member == "ActionInvoked" and len(body) == 2 and body[0] == self._shown:
                clicked.append(str(body[1]))
        return clicked

    def inhibited(self) -> bool | None:
        """The service's own Do Not Disturb (`Inhibited`, spec 1.3), where it has one."""
        value = self.bus.get_property(PATH, SERVICE, SERVICE, "Inhibited")
        return value if isinstance(value, bool) else None


def _member_field() -> object:
    try:
        from jeepney import HeaderFields
    except ImportError:
        return None
    return HeaderFields.member


_MEMBER = _member_field()
