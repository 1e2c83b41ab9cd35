"""Duration tweaks from the command line: resolving play options, saving, showing, resetting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import in_process
from support.in_process import Finished
from support.routine_texts import EVENING_HANDS

from handcue.core.loader import parse_routine
from handcue.core.tweaks import StepRef, TweakError, Tweaks, parse_length
from handcue.services.refusal import Refused
from handcue.services.timing import play_timing, resolve
from handcue.storage.routine_files import load_library
from handcue.storage.tweaks_file import TweakStore

ROUTINE_TEXT = EVENING_HANDS
"""20 + 2 x 30 + 3 (switch) + 40 = 123 seconds as written."""

ROUTINE = parse_routine(ROUTINE_TEXT, Path("evening.yaml"))
THUMB = StepRef(position=2, title="Thumb")
SHAKE = StepRef(key="shake")


def handcue(*args: str) -> Finished:
    return in_process.handcue(*args)


@pytest.fixture
def routines_dir() -> Path:
    folder = Path(os.environ["HANDCUE_ROUTINES"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evening.yaml").write_text(ROUTINE_TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def store() -> TweakStore:
    return TweakStore()


# resolving play options ------------------------------------------------------------------


def test_resolve_without_options_plays_the_saved_tweaks() -> None:
    saved = Tweaks({THUMB: 50.0}, 1.5)
    resolved = resolve(ROUTINE, saved)
    assert resolved.durations == {0: 30.0, 1: 50.0, 2: 60.0}
    assert resolved.tweaks == saved


def test_resolve_length_then_steps_by_number_and_key() -> None:
    resolved = resolve(ROUTINE, Tweaks(), length=0.5, steps=["2=1m", "shake=1:30"])
    assert resolved.durations == {0: 10.0, 1: 60.0, 2: 90.0}
    assert resolved.tweaks == Tweaks({THUMB: 60.0, SHAKE: 90.0}, 0.5)


def test_resolve_minutes_fits_with_one_length_rounded_as_a_person_writes_it() -> None:
    resolved = resolve(ROUTINE, Tweaks(), minutes=4)
    # (240 - 3) / 120 = 197.5% of every step; 198% would miss four minutes by 0.6 s
    assert resolved.tweaks == Tweaks(length=1.975)
    assert resolved.durations == pytest.approx({0: 20 * 1.975, 1: 30 * 1.975, 2: 40 * 1.975})
    total = resolved.durations[0] + 2 * resolved.durations[1] + 3 + resolved.durations[2]
    assert abs(total - 240) <= 0.5
    assert "fits 4m" in resolved.note


def test_resolve_minutes_past_the_longest_length_saves_step_times() -> None:
    resolved = resolve(ROUTINE, Tweaks(), minutes=60)
    # (3600 - 3) / 120 would be 2997.5%: past 400%, so whole seconds per step instead
    assert resolved.tweaks.length == 1.0
    assert resolved.tweaks.steps


def test_resolve_minutes_with_own_step_times_keeps_whole_seconds_per_step() -> None:
    resolved = resolve(ROUTINE, Tweaks({SHAKE: 60.0}), minutes=1)
    assert set(resolved.tweaks.steps) == {
        StepRef(position=1, title="Warm"),
        THUMB,
        SHAKE,
    }
    assert resolved.tweaks.length == 1.0
    assert all(seconds.is_integer() for seconds in resolved.durations.values())
    assert min(resolved.durations.values()) >= 10
    total = resolved.durations[0] + 2 * resolved.durations[1] + 3 + resolved.durations[2]
    assert abs(total - 60) <= 2


def test_resolve_a_time_too_short_plays_the_closest_fit_and_says_what_it_takes() -> None:
    resolved = resolve(ROUTINE, Tweaks(), minutes=0.5)
    assert resolved.durations == {0: 10.0, 1: 10.0, 2: 10.0}  # 10 + 2 x 10 + 3 + 10 = 43 s
    assert resolved.note == (
        "Evening hands fitted to 43s, the shortest it plays with at least 10s a step (30s asked)."
    )


def test_tweak_minutes_too_short_saves_the_closest_fit(routines_dir: Path) -> None:
    result = handcue("tweak", "evening", "--minutes", "0.5")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "handcue: Evening hands fitted to 43s, the shortest it plays with at least 10s a step "
        "(30s asked).\n"
    )
    assert "it takes 43s" in result.stdout
    assert "time: 43s (as written 2m03s)" in handcue("show", "evening").stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"minutes": 300}, "Cannot stretch Evening hands to 300m"),
        ({"length": 1.5, "minutes": 3}, "give one"),
        ({"length": 4.5}, "from 10% to 400% of the routine as written"),
        ({"steps": ["4=10s"]}, "has steps 1 to 3, there is no step 4"),
        ({"steps": ["thumb=10s"]}, 'no step has the key "thumb"'),
        ({"steps": ["2=soon"]}, "expected a number of seconds"),
        ({"steps": ["2"]}, "write STEP=DURATION"),
    ],
)
def test_resolve_refuses_what_cannot_be_played(options: dict[str, object], message: str) -> None:
    with pytest.raises(TweakError, match=message):
        resolve(ROUTINE, Tweaks(), **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "length"),
    [("1.5", 1.5), ("150%", 1.5), (" 50 % ", 0.5), ("1.5x", 1.5), ("10%", 0.1), ("4", 4.0)],
)
def test_a_length_is_a_factor_or_a_percentage(text: str, length: float) -> None:
    assert parse_length(text) == length


@pytest.mark.parametrize(
    ("text", "says"),
    [("4.5", "to 400%"), ("9%", "from 10%"), ("nan", "not a length"), ("fast", "not a length")],
)
def test_a_length_outside_the_range_is_refused(text: str, says: str) -> None:
    with pytest.raises(TweakError, match=says) as raised:
        parse_length(text)
    assert raised.value.about == "length"


def test_play_options_are_one_off_unless_saved(routines_dir: Path, store: TweakStore) -> None:
    library = load_library(routines_dir)
    messages: list[str] = []
    once = play_timing(library, "evening", store, messages.append, steps=["2=45s"])
    assert once.durations_for(library.get("evening"), messages.append) == {  # type: ignore[arg-type]
        0: 20.0,
        1: 45.0,
        2: 40.0,
    }
    assert not store.path.exists()
    kept = play_timing(library, "evening", store, messages.append, length=2, save=True)
    assert TweakStore().get("evening") == Tweaks(length=2.0)
    assert messages[-1].startswith("saved for next time: Evening hands: length 200%")
    assert kept.durations_for(library.get("evening"), messages.append) == {  # type: ignore[arg-type]
        0: 40.0,
        1: 60.0,
        2: 80.0,
    }
    with pytest.raises(Refused, match="--save keeps"):
        play_timing(library, "evening", store, messages.append, save=True)


# the command line ------------------------------------------------------------------------


def test_tweak_saves_without_opening_the_screen_and_show_reflects_it(routines_dir: Path) -> None:
    result = handcue("tweak", "evening", "--length", "150%", "--step", "2=45s")
    assert result.returncode == 0, result.stderr
    assert "length 150% of the routine as written, 1 step with times of your own" in result.stdout
    assert "it takes 3m03s (as written 2m03s)" in result.stdout
    assert TweakStore().get("evening") == Tweaks({THUMB: 45.0}, 1.5)

    shown = handcue("show", "evening")
    assert shown.returncode == 0, shown.stderr
    top, steps = shown.stdout.split("Steps:")
    assert "time: 3m03s (as written 2m03s)" in top
    assert "your times: length 150% of the routine as written, 1 step with a time" in top
    assert "1. Warm (both hands, 30s [as written 20s])" in steps
    assert "2. Thumb (each hand, 45s per hand [as written 30s])" in steps
    assert "3. Shake out (both hands, 1m [as written 40s])" in steps
    assert "2m03s" not in steps

    data = json.loads(handcue("show", "evening", "--json").stdout)
    assert data["total_seconds"] == 183
    assert data["written_seconds"] == 123
    assert data["effective_total_seconds"] == 183
    assert data["tweaks"] == {"length": 1.5, "steps": {"2: Thumb": 45.0}}
    assert [
        (s["duration_seconds"], s["effective_seconds"], s["tweaked"]) for s in data["steps"]
    ] == [
        (20.0, 30.0, "length"),
        (30.0, 45.0, "step"),
        (40.0, 60.0, "length"),
    ]


def test_show_without_tweaks_is_the_routine_as_written(routines_dir: Path) -> None:
    shown = handcue("show", "evening")
    assert shown.returncode == 0, shown.stderr
    assert "time: 2m03s\n" in shown.stdout
    assert "as written" not in shown.stdout and "your times" not in shown.stdout
    data = json.loads(handcue("show", "evening", "--json").stdout)
    assert [s["tweaked"] for s in data["steps"]] == [None, None, None]
    assert data["effective_total_seconds"] == 123


def test_a_fit_from_the_command_line_is_saved_as_a_length(routines_dir: Path) -> None:
    result = handcue("tweak", "evening", "--minutes", "4")
    assert result.returncode == 0, result.stderr
    assert "fits 4m" in result.stderr
    assert TweakStore().get("evening").length == 1.975
    assert "length: 197.5%" in TweakStore().path.read_text()


def test_after_a_saved_length_list_shows_your_time_and_filters_on_it(routines_dir: Path) -> None:
    """The issue's check: after `tweak ID --scale 2`, list shows the new length and
    `--max-minutes` filters on it."""
    before = json.loads(handcue("list", "--max-minutes", "3", "--json").stdout)
    assert "evening" in {r["id"] for r in before}
    assert handcue("tweak", "evening", "--scale", "2").returncode == 0
    # 2 x (20 + 2 x 30 + 40) + 3 = 243 seconds: past three minutes
    listed = handcue("list")
    row = next(line for line in listed.stdout.splitlines() if line.startswith("evening"))
    assert row.split()[-2:] == ["4m03s", "2m03s"]
    assert "AS WRITTEN" in listed.stdout
    after = json.loads(handcue("list", "--max-minutes", "3", "--json").stdout)
    assert "evening" not in {r["id"] for r in after}
    every = {r["id"]: r for r in json.loads(handcue("list", "--json").stdout)}
    assert (every["evening"]["total_seconds"], every["evening"]["written_seconds"]) == (243, 123)
    assert handcue("list", "--max-minutes", "4.1").stdout.count("evening") == 1


def test_tweak_reset_clears_one_step_or_everything(routines_dir: Path, store: TweakStore) -> None:
    store.set_step("evening", THUMB, 45)
    store.set_step("evening", SHAKE, 50)
    store.set_length("evening", 1.5)
    one = handcue("tweak", "evening", "--reset-step", "shake")
    assert one.returncode == 0, one.stderr
    assert "saved time cleared for step shake" in one.stdout
    none = handcue("tweak", "evening", "--reset-step", "1")
    assert "step 1 had no saved time of its own; nothing changed" in none.stdout
    assert TweakStore().get("evening") == Tweaks({THUMB: 45.0}, 1.5)
    store.set_step("other-routine", SHAKE, 50)
    every = handcue("tweak", "evening", "--reset")
    assert every.returncode == 0, every.stderr
    assert "every saved tweak cleared" in every.stdout
    assert TweakStore().get("evening").is_empty
    assert TweakStore().get("other-routine").steps == {SHAKE: 50.0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["tweak", "evening", "--scale", "5"],
            "--scale 5: a length must be from 10% to 400% of the routine as written",
        ),
        (["tweak", "evening", "--length", "8"], "use --minutes 8"),
        (["tweak", "evening", "--minutes", "300"], "--minutes 300: Cannot stretch Evening hands"),
        (["tweak", "evening", "--minutes", "soon"], "--minutes soon: not a number of minutes"),
        (["tweak", "evening", "--minutes", "1e308"], "--minutes 1e308: at most 1440 minutes"),
        (["tweak", "evening", "--step", "9=10s"], "--step 9=10s: Evening hands has steps 1"),
        (["tweak", "evening", "--step", "2=-5"], "--step 2=-5: a duration must be above 0"),
        (["tweak", "evening", "--step", "shak=5"], 'did you mean "shake"?'),
        (["tweak", "evening", "--reset", "--length", "2"], "--reset cannot be combined"),
        (["tweak", "evening", "--reset-step", "7"], "--reset-step 7: Evening hands has"),
        (["tweak", "evenin"], "did you mean 'evening'"),
        (["play", "evening", "--length", "1.5", "--minutes", "3"], "cannot be given together"),
        (["play", "evening", "--save"], "--save keeps --length, --minutes or --step"),
        (["play", "evening", "--step", "shake"], "--step shake: not a step time"),
    ],
)
def test_mistakes_get_one_clear_line_and_status_2(
    routines_dir: Path, args: list[str], message: str
) -> None:
    result = handcue(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("handcue: ")
    assert not TweakStore().path.exists()


def test_stale_tweaks_are_reported_once_and_dropped(routines_dir: Path, store: TweakStore) -> None:
    store.set_step("evening", StepRef(position=2, title="Old thumb"), 45)
    store.set_step("evening", SHAKE, 50)
    first = handcue("show", "evening")
    assert first.returncode == 0, first.stderr
    assert 'step "2: Old thumb" is not used, because step 2 is now "Thumb"' in first.stderr
    assert TweakStore().get("evening").steps == {SHAKE: 50.0}
    copies = list(store.path.parent.glob(f"{store.path.name}.before-drop-*"))
    assert len(copies) == 1 and f"kept in {copies[0].name}" in first.stderr
    assert "that time is removed" in first.stderr
    kept = TweakStore(copies[0]).get("evening").steps
    assert kept == {StepRef(position=2, title="Old thumb"): 45.0, SHAKE: 50.0}
    again = handcue("show", "evening")
    assert "not used" not in again.stderr


def test_stale_tweaks_wait_while_the_routine_file_is_broken(
    routines_dir: Path, store: TweakStore
) -> None:
    bundled = load_library().routines[0].id
    mine = ROUTINE_TEXT.replace("key: shake", "key: only-in-mine")
    (routines_dir / f"{bundled}.yaml").write_text(mine, encoding="utf-8")
    store.set_step(bundled, StepRef(key="only-in-mine"), 45)
    assert "[as written" in handcue("show", bundled).stdout

    # Half-way through an edit the file is broken, so the bundled routine stands in for it:
    # the saved time matches none of its steps, but it must not be dropped.
    (routines_dir / f"{bundled}.yaml").write_text(mine + "  - [unclosed\n", encoding="utf-8")
    shown = handcue("show", bundled)
    assert shown.returncode == 0, shown.stderr
    assert "kept until it is fixed" in shown.stderr
    assert TweakStore().get(bundled).steps == {StepRef(key="only-in-mine"): 45.0}

    (routines_dir / f"{bundled}.yaml").write_text(mine, encoding="utf-8")
    assert "[as written" in handcue("show", bundled).stdout


def test_tweak_options_and_reset_do_not_load_textual(routines_dir: Path) -> None:
    code = (
        "import sys; from handcue.__main__ import main; "
        "main(['tweak', 'evening', '--length', '1.2']); "
        "main(['tweak', 'evening', '--reset']); "
        "main(['show', 'evening']); "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False")
