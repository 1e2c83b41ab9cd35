"""Times as people read them: a countdown rounds up, a length rounds to the nearest second, and
the rows of a breakdown add up to their total."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handcue.core.durations import format_clock, format_length, rounded_parts


def test_a_countdown_rounds_up_and_a_length_to_the_nearest_second() -> None:
    assert format_clock(0.2) == "0:01"
    assert format_length(0.2) == "0:00"
    assert format_length(846.4) == "14:06"
    assert format_length(846.6) == "14:07"
    assert format_length(3725) == "1:02:05"


def test_three_short_parts_add_up_to_what_they_make_together() -> None:
    """Three parts of about a second each: rounding each up made 0:05 of a 0:03 session."""
    parts = {"left": 1.2, "right": 0.9, "both": 0.8}
    shown = rounded_parts(parts)
    assert sum(shown.values()) == 3
    assert shown == {"left": 1, "right": 1, "both": 1}


@given(st.dictionaries(st.sampled_from(["left", "right", "both"]), st.floats(0, 5000)))
def test_the_parts_always_sum_to_the_rounded_total(parts: dict[str, float]) -> None:
    shown = rounded_parts(parts)
    assert sum(shown.values()) == round(sum(parts.values()))
    for key, value in parts.items():
        assert abs(shown[key] - value) < 1


@pytest.mark.parametrize("total", [0.0, 0.4])
def test_nothing_played_is_nothing_on_every_row(total: float) -> None:
    assert set(rounded_parts({"left": total, "right": 0.0}).values()) == {0}
