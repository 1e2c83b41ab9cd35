"""The desktop session around handcue: the message bus, notifications, whether the person is
there, and starting handcue in the background (systemd) or in a new terminal."""
