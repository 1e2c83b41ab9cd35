"""The checks of option values: what was typed, as the value a command needs, or refused.

Each is an argparse `type`: its refusal is said after the option's name, in one line that names
what is allowed (`--volume 150: the volume is a whole number from 0 to 100`). Each imports what
it needs when a value is given: `handcue --help` and the picker's start should not pay for the
routine model.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any


def _value_error(text: str, why: str) -> argparse.ArgumentTypeError:
    """The message argparse puts after the option's name: `150: the volume is ...`."""
    shown = text if text and len(text) <= 40 and text.isprintable() else repr(text[:40])
    return argparse.ArgumentTypeError(f"{shown}: {why}")


def max_minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _value_error(text, "write a number of minutes, such as 10 or 7.5") from None
    if not 0 < value < math.inf:  # also refuses nan
        raise _value_error(text, "the number of minutes must be above 0, such as 10 or 7.5")
    return value


def minutes(text: str) -> float:
    """`--minutes`: the time to fit a routine into, in minutes."""
    from handcue.core.tweaks import TweakError, parse_minutes

    try:
        return parse_minutes(text) / 60
    except TweakError as error:
        raise _value_error(text, str(error)) from None


def length(text: str) -> float:
    """`--length`: a share of the routine as written; a bare number past the range is more
    likely minutes, which the message says."""
    from handcue.core.tweaks import MAX_LENGTH, TweakError, parse_length

    try:
        return parse_length(text)
    except TweakError as error:
        why = str(error)
        bare = text.strip().replace(".", "", 1).isdigit()
        if bare and float(text) > MAX_LENGTH:
            why += f"; to fit the routine into {text.strip()} minutes, use --minutes {text.strip()}"
        raise _value_error(text, why) from None


def goal(text: str) -> str:
    """Goals are ids such as carpal-tunnel; "Carpal tunnel" means the same."""
    from handcue.core.suggest import did_you_mean
    from handcue.core.vocabulary import GOALS

    goal = "-".join(text.lower().replace("_", " ").split())
    if goal not in GOALS:
        hint = did_you_mean(goal, GOALS)
        raise _value_error(text, f"no such goal{hint} (goals: {', '.join(GOALS)})")
    return goal


def volume(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _value_error(text, "the volume is a whole number from 0 to 100") from None
    if not 0 <= value <= 100:
        raise _value_error(text, "the volume is a whole number from 0 to 100")
    return value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _value_error(text, "write a number of seconds, above 0 and at most 3600") from None
    if not 0 < value <= 3600:
        raise _value_error(text, "the number of seconds must be above 0 and at most 3600")
    return value


def one_of(what: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    """A check that the value is one of `choices`, saying which, with "did you mean"."""

    def check(text: str) -> str:
        from handcue.core.suggest import did_you_mean

        word = text.strip().lower()
        if word not in choices:
            hint = did_you_mean(word, choices)
            raise _value_error(text, f"no such {what}{hint} (choose from {', '.join(choices)})")
        return word

    check.choices = choices  # type: ignore[attr-defined]  # for the tests that try each set
    return check


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _value_error(text, "write a whole number of sessions, 1 or more") from None
    if value < 1:
        raise _value_error(text, "the number of sessions must be 1 or more")
    return value


def _plan_value(parse: Any) -> Any:
    """An argparse type from a reminder-plan parser: its PlanError said after the option."""

    def check(text: str) -> Any:
        from handcue.core.reminder_plan import PlanError

        try:
            return parse(text)
        except PlanError as error:
            raise _value_error(text, str(error)) from None

    return check


def every(text: str) -> float:
    from handcue.core.reminder_plan import MOST_EVERY, parse_span

    return float(_plan_value(lambda t: parse_span(t, most=MOST_EVERY, what="the work time"))(text))


def pause(text: str) -> float:
    from handcue.core.reminder_plan import MOST_PAUSE, parse_span

    return float(_plan_value(lambda t: parse_span(t, most=MOST_PAUSE, what="a pause"))(text))


def span_of_day(text: str) -> Any:
    from handcue.core.reminder_plan import parse_span_of_day

    return _plan_value(parse_span_of_day)(text)


def days(text: str) -> Any:
    from handcue.core.reminder_plan import parse_days

    return _plan_value(parse_days)(text)
