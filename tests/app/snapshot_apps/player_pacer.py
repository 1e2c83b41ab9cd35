"""The player with the stroke pacer on, 10.5 s into a step at 30 strokes a minute (a quarter
into the sixth stroke, which empties the bar: three quarters full), its long instruction,
clock frozen."""

from __future__ import annotations

from support.player_app import PlayerApp, with_pacer_and_long_instruction

from handcue.services.listening import Listening

app = PlayerApp(with_pacer_and_long_instruction(), seconds_in=40.5, listening=Listening(pacer=True))

if __name__ == "__main__":
    app.run()
