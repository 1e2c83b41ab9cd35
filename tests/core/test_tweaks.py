"""Duration tweaks: identity matching, scaling, fitting and `--step` specs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handcue.core.fitting import fit
from handcue.core.routine import Hand, Routine, Step
from handcue.core.tweaks import (
    MAX_SECONDS,
    StepRef,
    TweakError,
    Tweaks,
    apply,
    parse_step_spec,
    scale,
    total_seconds,
)


def make_routine(*steps: Step, switch: float = 3.0) -> Routine:
    return Routine(id="evening", title="Evening", steps=steps, switch_seconds=switch)


def step(title: str, seconds: float, key: str | None = None, hand: Hand = Hand.BOTH) -> Step:
    return Step(title=title, instruction="", duration=seconds, key=key, hand=hand)


ROUTINE = make_routine(
    step("Warm up", 30),
    step("Thumb circles", 40, hand=Hand.EACH),
    step("Finger pulls", 60, key="pulls"),
    step("Palm press", 20),
)


# identity


def test_step_ref_uses_key_when_given_else_place_and_title() -> None:
    assert StepRef.of(ROUTINE, 2) == StepRef(key="pulls")
    assert StepRef.of(ROUTINE, 1) == StepRef(position=2, title="Thumb circles")


@pytest.mark.parametrize(
    "ref",
    [StepRef(key="pulls"), StepRef(position=3, title="Thumb circles"), StepRef(key="a: b")],
)
def test_labels_read_back_as_the_same_reference(ref: StepRef) -> None:
    assert StepRef.from_label(ref.label) == ref


def test_place_label_is_human_readable() -> None:
    assert StepRef(position=3, title="Thumb circles").label == "3: Thumb circles"


@pytest.mark.parametrize(
    "fields",
    [{}, {"key": ""}, {"position": 0, "title": "x"}, {"position": 2}, {"key": "k", "position": 1}],
)
def test_step_ref_rejects_incomplete_identities(fields: dict[str, object]) -> None:
    with pytest.raises(TweakError):
        StepRef(**fields)  # type: ignore[arg-type]


# apply


def test_override_applies_to_its_step_and_scale_to_the_others() -> None:
    tweaks = Tweaks({StepRef(position=2, title="Thumb circles"): 90}, length=1.5)
    applied = apply(ROUTINE, tweaks)
    assert applied.durations == {0: 45.0, 1: 90.0, 2: 90.0, 3: 30.0}
    assert applied.overridden == {1}
    assert applied.stale == ()


def test_no_tweaks_gives_the_routine_durations() -> None:
    applied = apply(ROUTINE, Tweaks())
    assert applied.durations == {i: s.duration for i, s in enumerate(ROUTINE.steps)}


def test_keyed_tweak_follows_its_step_when_reordered_and_renamed() -> None:
    tweaks = Tweaks({StepRef(key="pulls"): 75})
    edited = make_routine(
        step("Gentle finger pulls", 50, key="pulls"),
        step("Warm up", 30),
        step("Thumb circles", 40),
    )
    applied = apply(edited, tweaks)
    assert applied.durations[0] == 75
    assert applied.overridden == {0}
    assert applied.stale == ()


def test_place_tweak_whose_step_moved_is_reported_and_not_applied() -> None:
    tweaks = Tweaks({StepRef(position=2, title="Thumb circles"): 90})
    reordered = make_routine(step("Warm up", 30), step("Palm press", 20), step("Thumb circles", 40))
    applied = apply(reordered, tweaks)
    assert applied.durations == {0: 30, 1: 20, 2: 40}
    assert applied.overridden == frozenset()
    [stale] = applied.stale
    assert stale.ref == StepRef(position=2, title="Thumb circles")
    assert "Palm press" in stale.message
    assert "2: Thumb circles" in stale.message


def test_place_tweak_for_renamed_step_is_dropped() -> None:
    tweaks = Tweaks({StepRef(position=1, title="Warm up"): 99})
    renamed = make_routine(step("Warm the hands", 30))
    applied = apply(renamed, tweaks)
    assert applied.durations == {0: 30}
    assert len(applied.stale) == 1


@pytest.mark.parametrize(
    ("ref", "routine", "reason"),
    [
        (StepRef(position=5, title="Palm press"), ROUTINE, "now has 4 steps"),
        (StepRef(key="gone"), ROUTINE, 'no step has the key "gone"'),
        (
            StepRef(position=1, title="Warm up"),
            make_routine(step("Warm up", 30, key="warm")),
            'its own key "warm"',
        ),
        (
            StepRef(key="twin"),
            make_routine(step("A", 30, key="twin"), step("B", 30, key="twin")),
            "2 steps share",
        ),
    ],
)
def test_unmatched_tweaks_say_why(ref: StepRef, routine: Routine, reason: str) -> None:
    applied = apply(routine, Tweaks({ref: 12}))
    assert 12 not in applied.durations.values()
    [stale] = applied.stale
    assert reason in stale.reason


def test_scaled_duration_is_capped_at_an_hour() -> None:
    long = make_routine(step("Long hold", 3000))
    assert apply(long, Tweaks(length=2.0)).durations == {0: MAX_SECONDS}


@pytest.mark.parametrize("seconds", [0, -1, 3600.5, float("nan"), float("inf"), True, "45"])
def test_tweaks_reject_durations_out_of_range(seconds: object) -> None:
    with pytest.raises(TweakError):
        Tweaks({StepRef(key="k"): seconds})  # type: ignore[dict-item]


@pytest.mark.parametrize("value", [0.09, 4.01, 0, float("nan"), float("inf"), True])
def test_tweaks_reject_a_length_out_of_range(value: float) -> None:
    with pytest.raises(TweakError):
        Tweaks(length=value)


def test_tweaks_cannot_be_changed_in_place() -> None:
    tweaks = Tweaks({StepRef(key="k"): 10})
    with pytest.raises(TypeError):
        tweaks.steps[StepRef(key="j")] = 5  # type: ignore[index]
    changed = tweaks.with_step(StepRef(key="j"), 5).without_step(StepRef(key="k"))
    assert dict(changed.steps) == {StepRef(key="j"): 5}
    assert dict(tweaks.steps) == {StepRef(key="k"): 10}


# totals and scale


def test_total_matches_the_routine_total_for_untweaked_durations() -> None:
    durations = apply(ROUTINE, Tweaks()).durations
    assert total_seconds(ROUTINE, durations) == ROUTINE.total_seconds


def test_total_counts_each_steps_twice_plus_the_switch() -> None:
    routine = make_routine(step("A", 10), step("B", 20, hand=Hand.EACH), switch=5)
    assert total_seconds(routine, {0: 1, 1: 2}) == 1 + 2 * 2 + 5


def test_scale_multiplies_every_duration_within_an_hour() -> None:
    assert scale({0: 10, 1: 3000}, 1.5) == {0: 15, 1: MAX_SECONDS}


@pytest.mark.parametrize("factor", [0, -1, float("nan"), float("inf")])
def test_scale_rejects_meaningless_factors(factor: float) -> None:
    with pytest.raises(TweakError):
        scale({0: 10}, factor)


# fit


def test_fit_meets_a_shorter_target_proportionally() -> None:
    result = fit(ROUTINE, 120)
    assert result.met
    assert result.total == pytest.approx(120)
    assert total_seconds(ROUTINE, result.durations) == pytest.approx(120)
    ratios = {result.durations[i] / s.duration for i, s in enumerate(ROUTINE.steps)}
    assert max(ratios) == pytest.approx(min(ratios))


def test_fit_holds_steps_at_the_minimum_and_says_so() -> None:
    routine = make_routine(step("Short", 12), step("Long", 300))
    result = fit(routine, 110, minimum_step=10)
    assert result.met
    assert result.durations[0] == 10
    assert result.durations[1] == pytest.approx(100)
    assert "1 step kept at the minimum" in result.message


def test_fit_never_lengthens_a_step_already_below_the_minimum() -> None:
    routine = make_routine(step("Tap", 5), step("Long", 300))
    result = fit(routine, 100, minimum_step=10)
    assert result.met
    assert result.durations[0] == 5
    assert result.durations[1] == pytest.approx(95)


def test_fit_reports_an_impossible_target_with_the_closest_result() -> None:
    result = fit(ROUTINE, 30, minimum_step=10)
    assert not result.met
    assert all(seconds == 10 for seconds in result.durations.values())
    shortest = 10 + 10 * 2 + 3 + 10 + 10
    assert result.total == shortest
    assert "Cannot fit" in result.message
    assert "53s" in result.message


def test_fit_reports_a_target_too_long_to_reach() -> None:
    result = fit(make_routine(step("A", 10)), 2 * MAX_SECONDS)
    assert not result.met
    assert result.durations == {0: MAX_SECONDS}


def test_fit_starts_from_the_tweaked_durations() -> None:
    tweaks = Tweaks({StepRef(key="pulls"): 120})
    result = fit(ROUTINE, ROUTINE.total_seconds, tweaks=tweaks)
    assert result.met
    assert result.durations[2] > ROUTINE.steps[2].duration * 1.2


@given(
    durations=st.lists(st.floats(min_value=1, max_value=600), min_size=1, max_size=12),
    target=st.floats(min_value=1, max_value=20_000),
    minimum=st.floats(min_value=1, max_value=60),
)
def test_fit_meets_any_reachable_target_and_respects_the_minimum(
    durations: list[float], target: float, minimum: float
) -> None:
    routine = make_routine(*(step(f"S{i}", d) for i, d in enumerate(durations)))
    result = fit(routine, target, minimum_step=minimum)
    shortest = sum(min(d, minimum) for d in durations)
    longest = MAX_SECONDS * len(durations)
    for index, seconds in result.durations.items():
        assert min(durations[index], minimum) - 1e-9 <= seconds <= MAX_SECONDS
    # fit allows 1e-9 s either side, so a target a rounding error short of the floor is met
    if shortest - 1e-9 <= target <= longest + 1e-9:
        assert result.met
        assert result.total == pytest.approx(target, rel=1e-9, abs=1e-6)
    else:
        assert not result.met


@pytest.mark.parametrize("target", [0, -5, float("nan")])
def test_fit_rejects_a_meaningless_target(target: float) -> None:
    with pytest.raises(TweakError):
        fit(ROUTINE, target)


# --step


@pytest.mark.parametrize(
    ("spec", "index", "ref", "seconds"),
    [
        ("2=45s", 1, StepRef(position=2, title="Thumb circles"), 45.0),
        (" 1 = 1:30 ", 0, StepRef(position=1, title="Warm up"), 90.0),
        ("pulls=1m30s", 2, StepRef(key="pulls"), 90.0),
        ("3=20", 2, StepRef(key="pulls"), 20.0),
    ],
)
def test_step_spec_by_number_or_key(spec: str, index: int, ref: StepRef, seconds: float) -> None:
    parsed = parse_step_spec(ROUTINE, spec)
    assert (parsed.index, parsed.ref, parsed.seconds) == (index, ref, seconds)


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("2:45s", "STEP=DURATION"),
        ("=45s", "STEP=DURATION"),
        ("2=", "STEP=DURATION"),
        ("0=45s", "no step 0"),
        ("5=45s", "steps 1 to 4"),
        ("thumbs=45s", 'no step has the key "thumbs"'),
        ("2=0", "above 0"),
        ("2=2h", "at most one hour"),
        ("2=soon", "1m30s"),
    ],
)
def test_bad_step_specs_say_what_is_wrong(spec: str, says: str) -> None:
    with pytest.raises(TweakError) as raised:
        parse_step_spec(ROUTINE, spec)
    assert says in str(raised.value)
    assert raised.value.about == f"step {spec}"
