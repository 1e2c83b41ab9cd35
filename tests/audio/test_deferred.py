"""The deferred player opens nothing until needed, then behaves as the player it wraps."""

from __future__ import annotations

from handcue.audio.deferred import DeferredPlayer
from handcue.audio.player import Player, SilentPlayer
from handcue.core.cues import Cue, CueKind


class Recording(SilentPlayer):
    def __init__(self) -> None:
        super().__init__()
        self.played: list[Cue] = []
        self.closed = False

    def play(self, cue: Cue) -> None:
        if not self.muted:
            self.played.append(cue)

    def close(self) -> None:
        self.closed = True


def test_nothing_is_chosen_until_needed_and_settings_carry_over() -> None:
    made: list[Recording] = []

    def choose() -> Player:
        made.append(Recording())
        return made[-1]

    player = DeferredPlayer(choose, volume=70)
    player.muted = True
    player.volume = 40
    player.close()  # closing before use opens nothing
    assert made == [] and player.last_error is None and player.wait(0)
    player.play(Cue(CueKind.START))
    [real] = made
    assert (real.volume, real.muted, real.played) == (40, True, [])
    player.muted = False
    player.play(Cue(CueKind.FINISH))
    assert real.played == [Cue(CueKind.FINISH)]
    assert player.resolve() is real and len(made) == 1
    player.close()
    assert real.closed


def test_it_satisfies_the_player_protocol() -> None:
    assert isinstance(DeferredPlayer(SilentPlayer), Player)
