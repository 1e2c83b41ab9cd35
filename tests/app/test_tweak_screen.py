"""The tweak screen driven with Pilot: typing times, length, fit, reset, save and leaving."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.notices import KeepsNotices
from support.user_data import saved_times
from textual.widgets import Input, Static

from handcue.app.screens.tweak import ConfirmLeave, TweakScreen, seconds_text
from handcue.app.tweak_app import TweakApp
from handcue.core.routine import Hand, Routine, Step
from handcue.core.tweaks import StepRef, Tweaks
from handcue.storage.tweaks_file import TweakStore

SIZE = (120, 40)

ROUTINE = Routine(
    id="evening",
    title="Evening hands",
    goals=("sleep",),
    steps=(
        Step("Warm the palms", "Rub.", 30, key="warm"),
        Step("Thumb circles", "Circle.", 45, hand=Hand.EACH),
        Step("Shake out", "Shake.", 20, key="shake"),
    ),
)
"""30 + 2 x 45 + 3 (switch) + 20 = 143 seconds as written."""


@pytest.fixture
def store(tmp_path: Path) -> TweakStore:
    return TweakStore(tmp_path / "tweaks.yaml")


def text_of(screen: TweakScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def type_into(pilot: object, field: Input, text: str) -> None:
    field.focus()
    field.value = ""
    await pilot.press(*text)  # type: ignore[attr-defined]


def test_seconds_text_reads_back_exactly() -> None:
    assert [seconds_text(s) for s in (45, 90, 120, 3600, 37.5)] == [
        "45s",
        "1m30s",
        "2m",
        "60m",
        "37.5s",
    ]


async def test_typing_a_time_changes_the_total_and_save_persists_it(store: TweakStore) -> None:
    app = TweakApp(ROUTINE, saved_times(store))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TweakScreen)
        assert "Total 2m23s" in text_of(screen, "#total")
        await type_into(pilot, screen.query_one("#step-1", Input), "1m")
        await pilot.pause()
        # 30 + 2 x 60 + 3 + 20
        assert "Total 2m53s" in text_of(screen, "#total")
        assert "unsaved changes" in text_of(screen, "#total")
        assert text_of(screen, "#note-1") == "your time"
        assert store.get("evening").is_empty
        await pilot.press("ctrl+s")
        assert "unsaved" not in text_of(screen, "#total")
    saved = TweakStore(store.path).get("evening")
    assert saved == Tweaks({StepRef(position=2, title="Thumb circles"): 60.0})

    again = TweakApp(ROUTINE, saved_times(TweakStore(store.path)))
    async with again.run_test(size=SIZE) as pilot:
        screen = again.screen
        assert isinstance(screen, TweakScreen)
        assert screen.query_one("#step-1", Input).value == "1m"
        assert screen.query_one("#step-0", Input).value == ""
        assert "Total 2m53s" in text_of(screen, "#total")


async def test_a_bad_value_is_shown_inline_and_blocks_saving(store: TweakStore) -> None:
    app = TweakApp(ROUTINE, saved_times(store))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TweakScreen)
        await type_into(pilot, screen.query_one("#step-0", Input), "abc")
        await pilot.pause()
        note = screen.query_one("#note-0", Static)
        assert "expected a number of seconds" in str(note.render())
        assert note.has_class("-bad")
        assert "Total 2m23s" in text_of(screen, "#total")
        assert "correct the marked values" in text_of(screen, "#total")
        await pilot.press("ctrl+s")
        assert not store.path.exists()
        await type_into(pilot, screen.query_one("#step-0", Input), "0")
        await pilot.pause()
        assert "above 0" in text_of(screen, "#note-0")
        await type_into(pilot, screen.query_one("#step-0", Input), "40")
        await pilot.pause()
        assert text_of(screen, "#note-0") == "your time"
        assert not screen.query_one("#note-0", Static).has_class("-bad")
        assert "Total 2m33s" in text_of(screen, "#total")


async def test_length_stretches_steps_without_their_own_time(store: TweakStore) -> None:
    app = TweakApp(ROUTINE, saved_times(store))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TweakScreen)
        await type_into(pilot, screen.query_one("#step-2", Input), "20")
        await type_into(pilot, screen.query_one("#length", Input), "200%")
        await pilot.pause()
        # 60 + 2 x 90 + 3 + 20 (own time, not stretched)
        assert "Total 4m23s" in text_of(screen, "#total")
        assert screen.query_one("#step-0", Input).placeholder == "1m"
        screen.query_one("#length", Input).value = "500%"  # replaced in one go
        await pilot.pause()
        assert "Length: a length must be from 10% to 400%" in text_of(screen, "#controls-note")
        assert "Total 4m23s" in text_of(screen, "#total")  # the last good length stays
        await type_into(pilot, screen.query_one("#length", Input), "1.5")
        await pilot.press("ctrl+s")
    assert TweakStore(store.path).get("evening") == Tweaks({StepRef(key="shake"): 20.0}, 1.5)


async def test_fit_reaches_a_target_or_says_why_not(store: TweakStore) -> None:
    app = TweakApp(ROUTINE, saved_times(store))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TweakScreen)
        await type_into(pilot, screen.query_one("#fit", Input), "0.5")
        await pilot.press("enter")
        assert "Cannot fit Evening hands into 30s" in text_of(screen, "#controls-note")
        assert screen.query_one("#controls-note", Static).has_class("-bad")
        assert screen.draft.is_empty
        await type_into(pilot, screen.query_one("#fit", Input), "2")
        await pilot.press("enter")
        assert "fits 2m" in text_of(screen, "#controls-note")
        assert "Total 2m " in text_of(screen, "#total") + " "
        # one length gives two minutes: (120 - 3) / 140 = 83.57 %, kept to a tenth of a percent
        assert screen.draft.length == 0.836
        assert screen.query_one("#length", Input).value == "83.6%"
        await pilot.press("ctrl+s")
    assert TweakStore(store.path).get("evening").length == 0.836


async def test_reset_one_step_and_all(store: TweakStore) -> None:
    store.set_step("evening", StepRef(key="warm"), 50)
    store.set_step("evening", StepRef(key="shake"), 40)
    store.set_length("evening", 1.5)
    app = NoticedTweakApp(ROUTINE, saved_times(TweakStore(store.path)))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TweakScreen)
        assert screen.query_one("#step-0", Input).value == "50s"
        screen.query_one("#step-0", Input).focus()
        await pilot.press("ctrl+r")
        assert screen.query_one("#step-0", Input).value == ""
        assert StepRef(key="warm") not in screen.draft.steps
        assert StepRef(key="shake") in screen.draft.steps
        await pilot.click("#reset-all")
        assert screen.draft.is_empty
        assert screen.query_one("#step-2", Input).value == ""
        assert screen.query_one("#length", Input).value == ""
        await pilot.press("ctrl+s")
    assert TweakStore(store.path).get("evening").is_empty


async def test_leaving_with_unsaved_changes_asks(store: TweakStore) -> None:
    app = TweakApp(ROUTINE, saved_times(store))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TweakScreen)
        await type_into(pilot, screen.query_one("#step-0", Input), "50")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmLeave)
        await pilot.press("escape")  # stay
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.press("s")
        await pilot.pause()
    assert app.return_value is True
    assert TweakStore(store.path).get("evening").steps == {StepRef(key="warm"): 50.0}


async def test_discarding_keeps_the_saved_times(store: TweakStore) -> None:
    store.set_step("evening", StepRef(key="warm"), 50)
    app = NoticedTweakApp(ROUTINE, saved_times(TweakStore(store.path)))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TweakScreen)
        await type_into(pilot, screen.query_one("#step-0", Input), "90")
        await pilot.press("escape", "d")
        await pilot.pause()
    assert app.return_value is False
    assert TweakStore(store.path).get("evening").steps == {StepRef(key="warm"): 50.0}


async def test_stale_tweaks_are_reported_and_dropped(store: TweakStore) -> None:
    store.set_step("evening", StepRef(key="gone"), 50)
    store.set_step("evening", StepRef(key="warm"), 35)
    app = NoticedTweakApp(ROUTINE, saved_times(TweakStore(store.path)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app.notices]
        assert any('no step has the key "gone"' in m for m in messages)
    assert TweakStore(store.path).get("evening").steps == {StepRef(key="warm"): 35.0}


class NoticedTweakApp(KeepsNotices, TweakApp):
    """The tweak screen's own app, keeping what it notifies."""
