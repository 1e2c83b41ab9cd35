"""What keeping a session's changes saves, worked out before anything is written: relative to
the routine as written, exact for steps given an exact time, rounded as a person writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.routine_texts import EVENING_HANDS

from handcue.core.events import DurationChange
from handcue.core.loader import parse_routine
from handcue.core.tweaks import StepRef, Tweaks
from handcue.services.keeping import Keep, keep, offer
from handcue.services.rounding import round_length, round_seconds
from handcue.services.your_time import your_time
from handcue.storage.tweaks_file import TweakStore

ROUTINE = parse_routine(
    EVENING_HANDS,
    Path("evening.yaml"),
)
"""20 + 2 x 30 + 3 (switch) + 40 = 123 seconds as written."""
WARM = StepRef(position=1, title="Warm")
THUMB = StepRef(position=2, title="Thumb")


@pytest.mark.parametrize(
    ("seconds", "kept"),
    [(0.2, 1.0), (43.4, 43.0), (59.6, 60.0), (74.3, 75.0), (103.0, 105.0), (3700.0, 3600.0)],
)
def test_step_times_are_rounded_as_a_person_writes_them(seconds: float, kept: float) -> None:
    assert round_seconds(seconds) == kept


def test_a_length_is_a_whole_percent_unless_a_target_needs_more() -> None:
    assert round_length(0.9155287832432428) == 0.92
    assert round_length(0.8357, lambda length: 3 + 140 * length, 120.0) == 0.836


def test_a_step_given_an_exact_time_for_the_play_keeps_the_time_it_reached() -> None:
    """`play evening --step 2=45s`, then + on that step: 55 s is kept, not 55 x 30 / 45."""
    made = offer(ROUTINE, Tweaks(), {1: 45.0}, [DurationChange(1, 45.0, 55.0)], frozenset({1}))
    assert made.steps == Tweaks({THUMB: 55.0})


def test_a_change_at_a_one_off_length_is_kept_as_its_share_of_the_written_step() -> None:
    half = {0: 10.0, 1: 15.0, 2: 20.0}
    made = offer(ROUTINE, Tweaks(), half, [DurationChange(0, 10.0, 20.0)])
    assert made.steps == Tweaks({WARM: 40.0})


def test_keeping_as_a_length_leaves_steps_with_their_own_time_alone() -> None:
    saved = Tweaks({THUMB: 60.0})
    # plays 20 + 2 x 60 + 3 + 40 = 183; Warm made 20 s longer: 203, which the length gives
    # by stretching Warm and Shake out (60 s as written) to 80 s
    made = offer(ROUTINE, saved, {0: 20.0, 1: 60.0, 2: 40.0}, [DurationChange(0, 20.0, 40.0)])
    assert made.length == Tweaks({THUMB: 60.0}, 1.33)
    assert made.time_with(Keep.LENGTH).seconds == pytest.approx(203, abs=0.5)
    assert made.label(Keep.LENGTH) == "Keep as overall length 133%: 3m23s"


def test_no_length_when_every_step_has_its_own_time() -> None:
    saved = Tweaks({WARM: 20.0, THUMB: 30.0, StepRef(key="shake"): 40.0})
    made = offer(ROUTINE, saved, {}, [DurationChange(0, 20.0, 30.0)])
    assert made.length is None
    assert made.no_length == "every step has a time of its own"


def test_keep_writes_only_the_choice_and_says_the_time_it_gives(tmp_path: Path) -> None:
    store = TweakStore(tmp_path / "tweaks.yaml")
    made = offer(ROUTINE, Tweaks(), {}, [DurationChange(0, 20.0, 30.0)])
    assert keep(store, made, Keep.NOTHING).startswith("Your changed times were not kept")
    assert not store.path.exists()
    said = keep(store, made, Keep.STEPS)
    assert said == "Kept 1 step time for Evening hands; it now takes 2m13s (as written 2m03s)."
    assert TweakStore(store.path).get("evening") == Tweaks({WARM: 30.0})
    assert (
        your_time(ROUTINE, TweakStore(store.path).get("evening")).text == "2m13s (as written 2m03s)"
    )
