"""D-Bus, the desktop's message bus, through jeepney (pure Python) when it is installed.

Every call is short (a second at most) and never raises: a desktop without a bus, a service
that is not there, or jeepney missing all read as "not known", and the reminders go on with
what else they have. A bus that went away is tried again, at most every `RETRY_SECONDS`.

The session bus is found the way systemd user services need it: `DBUS_SESSION_BUS_ADDRESS`,
else the user bus socket in `XDG_RUNTIME_DIR` (where a timer or cron job finds no address).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

CALL_SECONDS = 1.0
RETRY_SECONDS = 30.0

Message = Any
"""A jeepney message (jeepney ships no type information)."""


def jeepney_missing() -> str | None:
    """Why D-Bus cannot be used from here, or None when it can."""
    try:
        import jeepney  # noqa: F401
    except ImportError:
        return "the Python package jeepney is not installed (pip install jeepney)"
    return None


def session_address(env: Mapping[str, str]) -> str | None:
    """The session bus: the address given, else systemd's user bus socket when it exists."""
    given = env.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if given:
        return given
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    return None


def system_address(env: Mapping[str, str]) -> str:
    return env.get("DBUS_SYSTEM_BUS_ADDRESS", "").strip() or "unix:path=/run/dbus/system_bus_socket"


class Bus:
    """One connection to one bus, opened when first needed and again after it failed."""

    def __init__(
        self, address: str | None, name: str, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.address = address
        self.name = name
        """"session" or "system", for what is said about it."""
        self.problem: str | None = None if address else f"no {name} bus here"
        self._clock = clock
        self._connection: Any = None
        self._failed_at: float | None = None
        self._rules: list[Any] = []
        self._queue: Any = None
        self._filters: list[Any] = []

    # connecting --------------------------------------------------------------------------

    def connection(self) -> Any:
        """The open connection, or None (and `problem` says why)."""
        if self._connection is not None:
            return self._connection
        if self.address is None:
            return None
        if self._failed_at is not None and self._clock() - self._failed_at < RETRY_SECONDS:
            return None
        missing = jeepney_missing()
        if missing is not None:
            self.problem = missing
            self._failed_at = self._clock()
            return None
        from jeepney.io.blocking import open_dbus_connection

        try:
            self._connection = open_dbus_connection(self.address, auth_timeout=CALL_SECONDS)
        except (OSError, RuntimeError, ValueError, KeyError, TimeoutError) as error:
            self.problem = f"the {self.name} bus could not be reached ({error})"
            self._failed_at = self._clock()
            return None
        self.problem = None
        self._failed_at = None
        for rule in self._rules:
            self._add_match(rule)
        return self._connection

    def _lost(self, error: BaseException) -> None:
        self.problem = f"the {self.name} bus stopped answering ({error})"
        self.close()
        self._failed_at = self._clock()

    def close(self) -> None:
        for handle in self._filters:
            with contextlib.suppress(Exception):
                handle.close()
        self._filters = []
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.close()
        self._connection = None

    # calling -----------------------------------------------------------------------------

    def call(
        self,
        path: str,
        bus_name: str,
        interface: str,
        method: str,
        signature: str | None = None,
        body: tuple[Any, ...] = (),
    ) -> tuple[Any, ...] | None:
        """The reply's values, or None when the call could not be made or was refused."""
        connection = self.connection()
        if connection is None:
            return None
        from jeepney import DBusAddress, MessageType, new_method_call

        message = new_method_call(
            DBusAddress(path, bus_name=bus_name, interface=interface), method, signature, body
        )
        try:
            reply = connection.send_and_get_reply(message, timeout=CALL_SECONDS)
        except (OSError, TimeoutError, ValueError) as error:
            self._lost(error)
            return None
        if reply.header.message_type is MessageType.error:
            return None
        return tuple(reply.body)

    def get_property(self, path: str, bus_name: str, interface: str, name: str) -> Any:
        """A property's value (its variant unwrapped), or None."""
        reply = self.call(
            path, bus_name, "org.freedesktop.DBus.Properties", "Get", "ss", (interface, name)
        )
        if not reply:
            return None
        value = reply[0]
        return value[1] if isinstance(value, tuple) and len(value) == 2 else value

    # signals -----------------------------------------------------------------------------

    def listen(self, interface: str, path: str) -> None:
        """Keep the signals of `interface` at `path` for `signals()`."""
        from jeepney import MatchRule

        rule = MatchRule(type="signal", interface=interface, path=path)
        self._rules.append(rule)
        if self._connection is not None:
            self._add_match(rule)

    def _add_match(self, rule: Any) -> None:
        from collections import deque

        from jeepney.bus_messages import message_bus

        connection = self._connection
        if self._queue is None:
            self._queue = deque(maxlen=64)
        try:
            self._filters.append(connection.filter(rule, queue=self._queue))
            connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_SECONDS)
        except (OSError, TimeoutError, ValueError) as error:
            self._lost(error)

    def wait(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for a signal `listen` asked for, leaving it queued."""
        connection = self.connection()
        if connection is None or self._queue is None:
            time.sleep(max(0.0, timeout))
            return
        if self._queue:
            return
        try:
            connection.recv_messages(timeout=max(0.0, timeout))
        except TimeoutError:
            return
        except (OSError, ValueError) as error:
            self._lost(error)

    def signals(self, timeout: float = 0.0) -> list[Message]:
        """The signals that came since the last look, waiting up to `timeout` for the first."""
        connection = self.connection()
        if connection is None or self._queue is None:
            return []
        found: list[Message] = []
        try:
            if not self._queue:
                with contextlib.suppress(TimeoutError):
                    connection.recv_messages(timeout=max(0.0, timeout))
            while True:
                while self._queue:
                    found.append(self._queue.popleft())
                try:
                    connection.recv_messages(timeout=0.0)
                except TimeoutError:
                    break
        except (OSError, ValueError) as error:
            self._lost(error)
        return found


def bus_for(name: str, env: Mapping[str, str] | None = None) -> Bus:
    """The session or system bus of this environment."""
    env = os.environ if env is None else env
    address = session_address(env) if name == "session" else system_address(env)
    return Bus(address, name)
