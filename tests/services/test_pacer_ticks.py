"""Pacer tick times: one per stroke, the rate gliding linearly, clear of the step's cues."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handcue.core.cues import CueKind
from handcue.core.pacer import (
    cue_marks,
    quiet_spans,
    stroke_offsets,
    strokes_at,
    tempo_at,
    tick_offsets,
    time_of_strokes,
)


def test_steady_tempo_ticks_every_beat_strictly_inside() -> None:
    assert stroke_offsets(10.0, 60.0) == pytest.approx([1, 2, 3, 4, 5, 6, 7, 8, 9])


def test_slowing_tempo_spreads_the_strokes_out() -> None:
    ticks = stroke_offsets(60.0, 30.0, 18.0)
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert all(later > earlier for earlier, later in itertools.pairwise(gaps))
    # The first gap is close to the starting tempo's 2 s, the last close to 18/min's 3.33 s.
    assert gaps[0] == pytest.approx(60 / 30, rel=0.05)
    assert gaps[-1] == pytest.approx(60 / 18, rel=0.1)
    # Average tempo 24/min over a minute: 24 strokes, the 24th exactly at the end, left out.
    assert len(ticks) == 23


@given(
    duration=st.floats(1.0, 600.0),
    tempo=st.floats(5.0, 200.0),
    tempo_end=st.one_of(st.none(), st.floats(5.0, 200.0)),
)
def test_strokes_match_the_integral_of_the_rate(
    duration: float, tempo: float, tempo_end: float | None
) -> None:
    ticks = stroke_offsets(duration, tempo, tempo_end)
    end = tempo if tempo_end is None else tempo_end
    strokes = (tempo + end) / 2 * duration / 60
    assert all(0 < t < duration for t in ticks)
    assert ticks == sorted(set(ticks))
    assert len(ticks) in {math.ceil(strokes) - 1, math.floor(strokes), math.ceil(strokes)}
    # The k-th tick falls where the integral of the rate reaches k.
    for k, t in enumerate(ticks, start=1):
        done = (tempo * t + (end - tempo) * t * t / (2 * duration)) / 60
        assert done == pytest.approx(k, rel=1e-6)


def test_cue_marks_cover_start_halfway_countdown_and_end() -> None:
    assert cue_marks(22.0) == [
        (0.0, CueKind.STEP),
        (11.0, CueKind.HALFWAY),
        (19.0, CueKind.PIP),
        (20.0, CueKind.PIP),
        (21.0, CueKind.PIP),
        (22.0, CueKind.STEP),
    ]
    assert cue_marks(2.5) == [
        (0.0, CueKind.STEP),
        (0.5, CueKind.PIP),
        (1.5, CueKind.PIP),
        (2.5, CueKind.STEP),
    ]


def test_ticks_stay_clear_of_cues() -> None:
    lengths = {CueKind.STEP: 0.35, CueKind.HALFWAY: 0.6, CueKind.PIP: 0.12}
    quiet = quiet_spans(22.0, lengths.__getitem__)
    ticks = tick_offsets(22.0, 60.0, quiet=quiet)
    # Beats 11, 19, 20 and 21 sit on cues; every other whole second is kept.
    assert ticks == pytest.approx([t for t in range(1, 22) if t not in {11, 19, 20, 21}])
    for t in ticks:
        for offset, kind in cue_marks(22.0):
            assert not offset - 0.05 <= t <= offset + lengths[kind] + 0.05


def test_a_tick_just_after_a_cue_is_dropped() -> None:
    quiet = quiet_spans(10.0, lambda kind: 0.35)
    ticks = tick_offsets(10.0, 300.0, quiet=quiet)
    # At 300/min strokes fall every 0.2 s: the one inside the start tone's 0.35 s goes.
    assert ticks[0] == pytest.approx(0.4)
    assert ticks[1] == pytest.approx(0.6)


def test_no_tempo_or_no_time_means_no_ticks() -> None:
    assert stroke_offsets(0.0, 60.0) == []
    assert stroke_offsets(10.0, 0.0) == []


@pytest.mark.parametrize(("tempo", "tempo_end"), [(30.0, None), (40.0, 16.0), (12.0, 30.0)])
def test_strokes_counted_and_their_times_agree(tempo: float, tempo_end: float | None) -> None:
    """`strokes_at` and `time_of_strokes` are each other's inverse; whole strokes are ticks."""
    duration = 45.0
    for number, offset in enumerate(stroke_offsets(duration, tempo, tempo_end), start=1):
        assert strokes_at(offset, duration, tempo, tempo_end) == pytest.approx(number)
    for strokes in (0.25, 1.5, 7.75):
        at = time_of_strokes(strokes, duration, tempo, tempo_end)
        assert at is not None
        assert strokes_at(at, duration, tempo, tempo_end) == pytest.approx(strokes)
    assert time_of_strokes(10_000.0, duration, tempo, tempo_end) is None
    assert tempo_at(0.0, duration, tempo, tempo_end) == tempo
    assert tempo_at(duration, duration, tempo, tempo_end) == (tempo_end or tempo)
