"""The player in the switch-hands gap of the test routine, clock frozen."""

from __future__ import annotations

from support.player_app import PlayerApp

app = PlayerApp(seconds_in=71.0)

if __name__ == "__main__":
    app.run()
