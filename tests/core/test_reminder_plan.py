"""The reminder plan: what people type, what the settings row keeps, which routine a break offers."""

from __future__ import annotations

from datetime import time

import pytest

from handcue.core.reminder_plan import (
    PlanError,
    ReminderPlan,
    choose_routine,
    days_text,
    parse_days,
    parse_span,
    parse_span_of_day,
    plan_from_json,
    span_text,
)
from handcue.core.routine import Routine, Step, Technique


def routine(ident: str, seconds: float, goals: tuple[str, ...]) -> Routine:
    step = Step("Shake out", "Shake both hands.", seconds, Technique.SHAKE_OUT)
    return Routine(id=ident, title=ident, goals=goals, steps=(step,))


ROUTINES = (
    routine("b-desk", 120, ("desk-work",)),
    routine("a-desk", 120, ("desk-work", "stiffness")),
    routine("long-desk", 600, ("desk-work",)),
    routine("sleep-only", 30, ("sleep",)),
)


def seconds(r: Routine) -> float:
    return r.total_seconds


@pytest.mark.parametrize(
    ("text", "expected"),
    [("50m", 3000), ("50", 3000), ("1h30m", 5400), ("3s", 3), ("2.5m", 150), ("1d", 86400)],
)
def test_spans(text: str, expected: float) -> None:
    assert parse_span(text, most=7 * 86400, what="x") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("soon", "as minutes or a time"), ("0s", "at least one second"), ("9h", "at most 8h")],
)
def test_span_mistakes_say_the_fix(text: str, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        parse_span(text, most=8 * 3600, what="the work time")


def test_days_and_hours() -> None:
    assert parse_days("mon-fri") == frozenset(range(5))
    assert parse_days("fri-mon") == frozenset({4, 5, 6, 0})
    assert parse_days("Monday,wed") == frozenset({0, 2})
    assert parse_days("weekends") == frozenset({5, 6})
    assert days_text(frozenset({0, 1, 2, 4})) == "mon-wed,fri"
    with pytest.raises(PlanError, match="did you mean 'tuesday'"):
        parse_days("tusday")
    assert parse_span_of_day("9-17:30") == (time(9), time(17, 30))
    assert parse_span_of_day("off") is None
    with pytest.raises(PlanError, match="hours go to 23"):
        parse_span_of_day("9:00-25:00")
    with pytest.raises(PlanError, match="START-END"):
        parse_span_of_day("9:00")
    assert span_text(5400) == "1h30m" and span_text(3) == "3s"


def test_the_plan_survives_the_settings_row_and_a_damaged_one_falls_back() -> None:
    plan = ReminderPlan(
        every=1800,
        hours=(time(9), time(17, 30)),
        days=frozenset(range(5)),
        quiet=(time(22), time(7)),
        goal="stiffness",
    )
    assert plan_from_json(plan.to_json()) == (plan, [])
    damaged, problems = plan_from_json('{"every": -5, "days": [9], "hours": "25-26", "goal": 3}')
    assert damaged == ReminderPlan()
    assert len(problems) == 3 and all("default" in p or "every day" in p for p in problems)
    assert plan_from_json("not json") == (ReminderPlan(), [plan_from_json("[]")[1][0]])


def test_the_shortest_desk_routine_a_goal_in_turn_or_one_by_id() -> None:
    assert choose_routine(ReminderPlan(), ROUTINES, seconds)[0] == ROUTINES[1]  # ties by id
    turn = ReminderPlan(goal="desk-work")
    picked = [choose_routine(turn, ROUTINES, seconds, last)[0] for last in (None, "a-desk")]
    assert [r.id for r in picked if r] == ["a-desk", "b-desk"]
    assert choose_routine(turn, ROUTINES, seconds, "long-desk")[0] == ROUTINES[1]
    assert choose_routine(ReminderPlan(routine_id="long-desk"), ROUTINES, seconds) == (
        ROUTINES[2],
        None,
    )
    gone, why = choose_routine(ReminderPlan(routine_id="gone"), ROUTINES, seconds)
    assert gone == ROUTINES[1] and why is not None and "gone" in why
    assert choose_routine(ReminderPlan(), ROUTINES[3:], seconds)[0] == ROUTINES[3]
    assert choose_routine(ReminderPlan(), (), seconds) == (None, None)
