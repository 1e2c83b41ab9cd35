"""The player in the switch-hands gap of the test routine, clock frozen."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from player_app import PlayerApp

app = PlayerApp(seconds_in=71.0)

if __name__ == "__main__":
    app.run()
