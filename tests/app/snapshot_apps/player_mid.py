"""The player 50 s into the test routine, clock frozen: halfway through the left thumb."""

from __future__ import annotations

from support.player_app import PlayerApp

app = PlayerApp(seconds_in=50.0)

if __name__ == "__main__":
    app.run()
