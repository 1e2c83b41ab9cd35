"""Before and after a routine: the precautions screen and its memory, the finish screen."""

from __future__ import annotations

import dataclasses

import pytest
from support.acknowledgements import MemoryAcknowledgements
from support.shell import ROUTINES, ScriptedPlayer, ShellApp
from textual.widgets import Static

from handcue.app.screens.finish import FinishScreen, report_text
from handcue.app.screens.picker import PickerScreen
from handcue.app.screens.precautions import SPOKEN_KEYS, PrecautionsScreen, precautions_text
from handcue.core import briefing
from handcue.core.engine import Session
from handcue.services.listening import Listening
from handcue.services.report import SessionReport

SIZE = (120, 40)
JOINTS = next(routine for routine in ROUTINES if routine.id == "joints")
DESK = next(routine for routine in ROUTINES if routine.id == "desk")


def test_precautions_text_names_each_caution_and_the_preparation() -> None:
    text = str(precautions_text(JOINTS))
    assert "Arthritis flare-ups" in text
    assert "While joints are hot" in text
    assert "Recent injury" in text
    assert "Warm your hands in water first." in text
    assert "Recent injury" not in str(precautions_text(DESK))
    assert "names no particular cautions" in str(precautions_text(DESK))


def test_report_counts_each_step_once_and_the_time_per_hand() -> None:
    session = Session(DESK)
    session.start(0.0)
    session.advance(1_000.0)
    report = SessionReport.from_session(session, 1_000.0)
    assert report.done == ("Shake out", "Finger pulls")
    assert report.skipped == ()
    assert report.seconds_by_hand == {"left": 30.0, "right": 30.0, "both": 20.0}
    assert report.elapsed == DESK.total_seconds


def test_report_names_the_side_left_out() -> None:
    session = Session(DESK)
    session.start(0.0)
    session.advance(25.0)  # into the left half of "Finger pulls"
    session.next(25.0)  # skip the left half
    session.advance(1_000.0)
    report = SessionReport.from_session(session, 1_000.0)
    assert report.done == ("Shake out",)
    assert report.skipped == ("Finger pulls (left hand)",)
    assert "1 done, 1 skipped" in str(report_text(report))


def test_report_keeps_duration_changes_for_a_repeat() -> None:
    session = Session(DESK)
    session.start(0.0)
    session.adjust(1.0, 10.0)
    session.advance(1_000.0)
    report = SessionReport.from_session(session, 1_000.0)
    assert [(report.routine.steps[c.step_index].title, c.old, c.new) for c in report.changes] == [
        ("Shake out", 20.0, 30.0)
    ]
    assert report.durations == {0: 30.0}
    assert "Shake out: 20s → 30s" in str(report_text(report))


async def test_acknowledgement_is_remembered_per_routine() -> None:
    store = MemoryAcknowledgements()
    app = ShellApp(acknowledgements=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")  # joints
        assert isinstance(app.screen, PrecautionsScreen)
        assert app.screen.routine.id == "joints"
        await pilot.click("#start")
        assert isinstance(app.screen, ScriptedPlayer)
    assert store.is_acknowledged("joints", briefing.shown(JOINTS))
    assert store.unseen("bedtime", []) is None
    again = ShellApp(acknowledgements=store)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(again.screen, ScriptedPlayer)
        await pilot.press("q", "up", "enter")  # a routine not yet acknowledged still asks
        assert isinstance(again.screen, PrecautionsScreen)
        assert again.screen.routine.id == "bedtime"


async def test_back_button_on_the_precautions_does_not_start() -> None:
    app = ShellApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.click("#back")
        assert isinstance(app.screen, PickerScreen)
        assert app.players == []


async def test_finish_screen_shows_the_session_and_returns_to_the_picker() -> None:
    app = ShellApp(yes=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "s")  # bedtime: skip the first step, play the rest
        assert isinstance(app.screen, FinishScreen)
        text = str(app.screen.query_one("#summary", Static).content)
        assert "You finished Bedtime wind-down" in text
        assert "1 done, 1 skipped" in text
        assert "Settle with your breath (skipped)" in text
        await pilot.press("b")
        assert isinstance(app.screen, PickerScreen)
        assert len(app.screen_stack) == 1  # the picker is the base: nothing left behind


async def test_again_plays_with_the_changed_times() -> None:
    app = ShellApp(yes=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f")  # the scripted player adds 10 s to the first step
        assert isinstance(app.screen, FinishScreen)
        await pilot.press("r")  # restarts a step in the player: nothing here
        assert isinstance(app.screen, FinishScreen)
        await pilot.press("a")
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.routine.id == "bedtime"
        assert app.screen.durations == {0: 70.0}


async def test_quit_from_the_finish_screen_exits() -> None:
    app = ShellApp(yes=True, play_id="desk")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, FinishScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_q_on_the_finish_screen_goes_back_to_the_routines_as_escape_does() -> None:
    for key in ("q", "escape", "b", "ctrl+c"):
        app = ShellApp(yes=True, play_id="desk")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f")
            assert isinstance(app.screen, FinishScreen)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen), key
            assert app.is_running


async def test_palette_from_the_finish_screen_starts_another_routine() -> None:
    app = ShellApp(yes=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f")
        assert isinstance(app.screen, FinishScreen)
        app.start_routine(DESK)
        await pilot.pause()
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.routine.id == "desk"
        assert [type(s).__name__ for s in app.screen_stack] == ["PickerScreen", "ScriptedPlayer"]


async def test_no_second_routine_while_one_plays() -> None:
    app = ShellApp(yes=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        app.start_routine(DESK)
        await pilot.pause()
        assert isinstance(app.screen, ScriptedPlayer)
        assert app.screen.routine.id == "bedtime"
        assert any("Stop the current routine" in n.message for n in app.notices)


async def test_a_finished_routine_is_added_to_the_history() -> None:
    from handcue.storage.history import History

    assert History().recent(5) == []
    app = ShellApp(yes=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "s")  # bedtime: skip the first step, play the rest
        assert isinstance(app.screen, FinishScreen)
    [record] = History().recent(5)
    assert record.routine_id == "bedtime"
    assert (record.steps_done, record.steps_skipped) == (1, 1)
    assert record.outcome == "finished"
    assert record.ended is not None and record.ended >= record.started


class FakeSpeaker:
    """Keeps what it was asked to say and whether it was cut off."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.stopped = 0

    def speak(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        self.stopped += 1


async def test_the_spoken_introduction_is_read_every_time_and_cut_off_by_starting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from handcue.audio import speech

    speaker = FakeSpeaker()
    monkeypatch.setattr(speech, "speech_status", lambda: (speaker, "fake"))
    store = MemoryAcknowledgements()
    store.acknowledge("joints")  # already acknowledged, and --yes: still shown when asked
    app = ShellApp(
        acknowledgements=store, yes=True, play_id="joints", listening=Listening(intro=True)
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PrecautionsScreen)
        assert len(speaker.said) == 1
        words = speaker.said[0]
        assert words.startswith("Gentle warm-up for arthritic joints.")
        assert "Preparation. Warm your hands in water first." in words
        assert "Arthritis flare-ups." in words
        assert words.endswith(SPOKEN_KEYS)
        await pilot.press("enter")
        await pilot.pause()
        assert speaker.stopped >= 1
        assert app.players and app.players[0].routine.id == "joints"


async def test_no_speech_engine_leaves_the_text_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from handcue.audio import speech

    monkeypatch.setattr(speech, "speech_status", lambda: (None, "no speech engine found"))
    app = ShellApp(play_id="joints", listening=Listening(intro=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PrecautionsScreen)
        messages = [notice.message for notice in app.notices]
        assert any("No voice: no speech engine found" in message for message in messages)


async def test_a_routine_whose_cautions_changed_is_introduced_again_with_the_new_one_marked() -> (
    None
):
    store = MemoryAcknowledgements()
    before = dataclasses.replace(JOINTS, cautions=("arthritis-flare",))
    store.acknowledge(JOINTS.id, briefing.shown(before))
    app = ShellApp(acknowledgements=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")  # joints, now with "acute-injury" too
        assert isinstance(app.screen, PrecautionsScreen)
        assert app.screen.new == {"acute-injury"} and app.screen.changed
        text = str(app.screen.query_one("#text", Static).content)
        assert "changed since you last read it" in text
        assert f"{briefing.NEW_MARK} " in text.split("Recent injury")[0].split("Arthritis")[1]
        await pilot.click("#start")
    assert store.is_acknowledged(JOINTS.id, briefing.shown(JOINTS))


def test_a_routine_with_every_step_skipped_is_not_called_finished() -> None:
    routine = ROUTINES[0]
    skipped = SessionReport(
        routine, 2.4, {"left": 1.2}, done=(), skipped=tuple(s.title for s in routine.steps)
    )
    text = report_text(skipped).plain
    assert "Well done" not in text and "You skipped every step" in text
    done = dataclasses.replace(skipped, done=(routine.steps[0].title,), skipped=())
    assert "Well done" in report_text(done).plain


def test_the_time_per_hand_adds_up_to_no_more_than_the_session() -> None:
    """Three parts near a second each, in a 3.2 s session: each rounded up they made 0:05."""
    report = SessionReport(
        ROUTINES[0], 3.2, {"left": 1.2, "right": 0.9, "both": 0.8}, done=("a",), skipped=()
    )
    lines = report_text(report).plain.splitlines()
    assert "in 0:03." in lines[0]
    rows = [line for line in lines if line.strip().startswith(("Left", "Right", "Both"))]
    assert [row.split()[-1] for row in rows] == ["0:01", "0:01", "0:01"]
