"""The play flow on real storage: what comes next for a routine, and what each answer keeps.

Every front end walks this flow, so these tests are the journey's rules: precautions once,
the check-in before and after, the session kept as it plays, changed times kept on request,
and the voice guided for a routine's first plays.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handcue.core.checkin import Moment, answer
from handcue.core.guided_text import GUIDED_PLAYS, VoiceMode
from handcue.core.routine import Hand, Routine, Step, Technique
from handcue.services.keeping import Keep
from handcue.services.listening import Listening
from handcue.services.play_flow import (
    CheckIn,
    Done,
    Finished,
    FlowError,
    Play,
    PlayFlow,
    Precautions,
    Stopped,
)
from handcue.services.timing import Timing
from handcue.services.user_data import UserData
from handcue.storage.history import History
from handcue.storage.tweaks_file import TweakStore
from handcue.storage.user_database import UserDatabase

ROUTINE = Routine(
    id="desk",
    title="Desk break",
    goals=("stiffness",),
    cautions=("arthritis-flare",),
    prepare="Sit at a table.",
    steps=(
        Step("Shake out", "Shake both hands loosely.", 20, Technique.SHAKE_OUT),
        Step("Finger pulls", "Pull each finger gently.", 30, Technique.FINGER_PULL, Hand.EACH),
    ),
)


@pytest.fixture
def user(tmp_path: Path) -> UserData:
    path = tmp_path / "handcue.sqlite3"
    return UserData(
        database=lambda: UserDatabase(path),
        timing=Timing(TweakStore(tmp_path / "tweaks.yaml")),
    )


def _history(user: UserData) -> History:
    return user.history


def _play_to_the_end(flow: PlayFlow, *, longer: float = 0.0) -> None:
    step = flow.step
    assert isinstance(step, Play)
    flow.start(0.0)
    session = step.session
    session.start(0.0)
    if longer:
        session.adjust(1.0, longer)
    session.advance(10_000.0)
    assert session.finished
    flow.end(10_000.0)


def test_the_first_play_shows_the_precautions_and_back_plays_and_keeps_nothing(
    user: UserData,
) -> None:
    flow = PlayFlow(ROUTINE, user)
    step = flow.step
    assert isinstance(step, Precautions)
    assert step.confirm and not step.changed and not step.read_aloud
    assert flow.accept_precautions(False) == Done("back")
    assert not user.acknowledged(ROUTINE)
    assert _history(user).count() == 0


def test_once_accepted_the_precautions_are_not_shown_again(user: UserData) -> None:
    first = PlayFlow(ROUTINE, user, checkin=False)
    assert isinstance(first.accept_precautions(True), Play)
    assert isinstance(PlayFlow(ROUTINE, user, checkin=False).step, Play)


def test_yes_skips_the_precautions_but_reading_them_aloud_shows_them_without_asking_again(
    user: UserData,
) -> None:
    assert isinstance(PlayFlow(ROUTINE, user, yes=True, checkin=False).step, Play)
    user.acknowledge(ROUTINE)
    read = PlayFlow(ROUTINE, user, checkin=False, listening=Listening(intro=True)).step
    assert isinstance(read, Precautions)
    assert read.read_aloud and not read.confirm


def test_check_in_before_and_after_is_kept_with_the_session(user: UserData) -> None:
    flow = PlayFlow(ROUTINE, user, yes=True)
    step = flow.step
    assert isinstance(step, CheckIn) and step.moment is Moment.BEFORE
    before = (answer(step.questions[0], Moment.BEFORE, 7),)
    assert isinstance(flow.answer(before), Play)
    _play_to_the_end(flow)
    after = flow.step
    assert isinstance(after, CheckIn) and after.moment is Moment.AFTER
    finished = flow.answer((answer(after.questions[0], Moment.AFTER, 3),))
    assert isinstance(finished, Finished) and finished.offer is None
    assert flow.leave() == Done("finished")
    [record] = _history(user).recent()
    assert record.outcome == "finished"
    assert [(c.moment, c.rating) for c in record.checkins] == [("before", 7), ("after", 3)]


def test_no_rating_before_asks_nothing_after(user: UserData) -> None:
    flow = PlayFlow(ROUTINE, user, yes=True)
    assert isinstance(flow.answer(()), Play)
    _play_to_the_end(flow)
    assert isinstance(flow.step, Finished)


def test_back_at_the_check_in_plays_nothing_and_off_stops_asking(user: UserData) -> None:
    flow = PlayFlow(ROUTINE, user, yes=True)
    assert flow.answer("back") == Done("back")
    assert _history(user).count() == 0
    flow = PlayFlow(ROUTINE, user, yes=True)
    assert isinstance(flow.answer("off"), Play)
    assert user.checkin_mode() == "off"
    assert isinstance(PlayFlow(ROUTINE, user, yes=True).step, Play)


def test_the_session_is_kept_from_its_start_and_a_stop_says_where(user: UserData) -> None:
    flow = PlayFlow(ROUTINE, user, yes=True, checkin=False)
    step = flow.step
    assert isinstance(step, Play)
    flow.start(0.0)
    [playing] = _history(user).recent()
    assert playing.outcome == "playing"
    step.session.start(0.0)
    step.session.advance(25.0)
    flow.checkpoint(25.0)
    assert _history(user).recent()[0].played_seconds == pytest.approx(25.0)
    assert flow.end(26.0) == Done("stopped")
    [stopped] = _history(user).recent()
    assert stopped.outcome == "stopped" and stopped.stopped_title == "Finger pulls"


def test_times_changed_then_stopped_are_kept_only_when_asked(user: UserData) -> None:
    flow = PlayFlow(ROUTINE, user, yes=True, checkin=False)
    step = flow.step
    assert isinstance(step, Play)
    flow.start(0.0)
    step.session.start(0.0)
    step.session.adjust(1.0, 10.0)
    stopped = flow.end(2.0)
    assert isinstance(stopped, Stopped) and stopped.changes == 1
    message = flow.keep(Keep.STEPS)
    assert message is not None and "Kept 1 step time" in message
    assert flow.step == Done("stopped")
    assert PlayFlow(ROUTINE, user, yes=True, checkin=False).durations[0] == 30.0


def test_finished_with_changes_offers_to_keep_and_again_plays_the_new_times(
    user: UserData,
) -> None:
    flow = PlayFlow(ROUTINE, user, yes=True, checkin=False)
    _play_to_the_end(flow, longer=10.0)
    finished = flow.step
    assert isinstance(finished, Finished) and finished.offer is not None
    assert flow.keep(Keep.NOTHING) is not None
    assert flow.keep(Keep.STEPS) is None, "answered once"
    assert flow.leave("repeat") == Done("finished", "repeat")
    again = flow.again()
    assert isinstance(again.step, Play), "its precautions were just accepted"
    assert again.durations[0] == 30.0
    assert PlayFlow(ROUTINE, user, yes=True, checkin=False).durations == {0: 20.0, 1: 30.0}


def test_the_voice_is_guided_for_the_first_plays_then_brief_unless_chosen(
    user: UserData,
) -> None:
    for _ in range(GUIDED_PLAYS):
        flow = PlayFlow(ROUTINE, user, yes=True, checkin=False)
        step = flow.step
        assert isinstance(step, Play) and step.mode is VoiceMode.GUIDED
        _play_to_the_end(flow)
    step = PlayFlow(ROUTINE, user, yes=True, checkin=False).step
    assert isinstance(step, Play) and step.mode is VoiceMode.BRIEF
    user.set_voice_choice(VoiceMode.GUIDED)
    step = PlayFlow(ROUTINE, user, yes=True, checkin=False).step
    assert isinstance(step, Play) and step.mode is VoiceMode.GUIDED
    chosen = Listening(voice=True, mode=VoiceMode.BRIEF)
    step = PlayFlow(ROUTINE, user, yes=True, checkin=False, listening=chosen).step
    assert isinstance(step, Play) and step.mode is VoiceMode.BRIEF


def test_an_answer_out_of_turn_is_a_bug_said_as_such(user: UserData) -> None:
    flow = PlayFlow(ROUTINE, user, yes=True, checkin=False)
    with pytest.raises(FlowError, match="expected Precautions"):
        flow.accept_precautions(True)
    with pytest.raises(FlowError, match="expected Finished or Stopped"):
        flow.keep(Keep.STEPS)


def test_the_flags_choose_the_mode() -> None:
    from handcue.cli.full_screen import listening
    from handcue.cli.parser import build_parser

    parser = build_parser()
    assert listening(parser.parse_args(["play", "desk-break", "--voice"])).mode is None
    brief = parser.parse_args(["play", "desk-break", "--voice", "--brief"])
    assert listening(brief).mode is VoiceMode.BRIEF
    guided = parser.parse_args(["play", "desk-break", "--voice", "--guided"])
    assert listening(guided).mode is VoiceMode.GUIDED
