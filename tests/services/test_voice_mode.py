"""Guided for a routine's first plays, brief after; the person's choice, flag or not, wins."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from handcue.cli.full_screen import listening
from handcue.cli.parser import build_parser
from handcue.core.guided_text import GUIDED_PLAYS, VoiceMode
from handcue.services.listening import Listening, voice_mode
from handcue.storage.history import History, SessionRecord
from handcue.storage.user_database import UserDatabase

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _played(history: History, routine_id: str, times: int) -> None:
    for index in range(times):
        started = START + timedelta(days=index)
        history.record(
            SessionRecord(
                routine_id=routine_id,
                routine_title="Desk break",
                goals=(),
                started=started,
                ended=started + timedelta(minutes=5),
                outcome="finished",
                played_seconds=300.0,
                left_seconds=150.0,
                right_seconds=150.0,
                steps_done=5,
                steps_skipped=0,
                steps_total=5,
                stopped_step=None,
                stopped_title=None,
                checkins=(),
            )
        )


def test_guided_until_the_routine_was_played_enough_then_brief(tmp_path: Path) -> None:
    history = History(UserDatabase(tmp_path / "handcue.sqlite3"))
    _played(history, "desk-break", GUIDED_PLAYS - 1)
    assert voice_mode(Listening(voice=True), "desk-break", history) is VoiceMode.GUIDED
    _played(history, "desk-break", 1)
    assert voice_mode(Listening(voice=True), "desk-break", history) is VoiceMode.BRIEF
    assert voice_mode(Listening(voice=True), "bedtime-wind-down", history) is VoiceMode.GUIDED
    chosen = replace(Listening(voice=True), mode=VoiceMode.GUIDED)
    assert voice_mode(chosen, "desk-break", history) is VoiceMode.GUIDED


def test_the_flags_choose_the_mode() -> None:
    parser = build_parser()
    assert listening(parser.parse_args(["play", "desk-break", "--voice"])).mode is None
    brief = parser.parse_args(["play", "desk-break", "--voice", "--brief"])
    assert listening(brief).mode is VoiceMode.BRIEF
    guided = parser.parse_args(["play", "desk-break", "--voice", "--guided"])
    assert listening(guided).mode is VoiceMode.GUIDED
