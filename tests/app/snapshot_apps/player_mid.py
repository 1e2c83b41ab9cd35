"""The player 50 s into the test routine, clock frozen: halfway through the left thumb."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from player_app import PlayerApp

app = PlayerApp(seconds_in=50.0)

if __name__ == "__main__":
    app.run()
