"""Text that got past the loader, drawn by the real app in a real terminal: every byte the app
writes is recorded, and none of the routine's escape sequences is among them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from support.terminal import HANDCUE, Terminal

pytestmark = pytest.mark.tmux

OSC_TITLE = "\x1b]0;owned\x07"
OSC_CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
WAIT_FOR_GO = 'while [ ! -e "$0" ]; do sleep 0.05; done; shift; exec "$@"'


def tamper_cache(env: dict[str, str], cache: Path) -> None:
    """Build the library cache, then slip escape sequences into the routine's texts, as any
    way around the loader's check would."""
    subprocess.run(
        [str(HANDCUE), "list"], env={**env, "HANDCUE_CACHE_DIR": str(cache)}, check=True,
        capture_output=True, timeout=60,
    )  # fmt: skip
    path = cache / "library.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    [routine] = [routine for routine in data["routines"] if routine["id"] == "e2e-quick"]
    routine["title"] = "Quick" + OSC_TITLE + OSC_CLIPBOARD
    routine["summary"] = "Sum" + OSC_CLIPBOARD
    routine["prepare"] = "Sit" + OSC_CLIPBOARD
    for step in routine["steps"]:
        step["title"] += OSC_TITLE
        step["instruction"] += OSC_CLIPBOARD + "\x1b[2J\x1b[6n"
    path.write_text(json.dumps(data), encoding="utf-8")


def test_no_escape_sequence_from_outside_reaches_the_terminal(
    terminal: Terminal, handcue_env: dict[str, str], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    routines = Path(handcue_env["HANDCUE_ROUTINES"])
    # changing the folder after the cache is built would rebuild it: add the bad file first
    (routines / f"broken{OSC_CLIPBOARD}.yaml").write_text("title: [", encoding="utf-8")
    tamper_cache(handcue_env, cache)
    go = tmp_path / "go"
    output = tmp_path / "output.bin"
    env = {**handcue_env, "HANDCUE_CACHE_DIR": str(cache)}
    terminal.start(["sh", "-c", WAIT_FOR_GO, str(go), "sh", str(HANDCUE)], env, 120, 40)
    terminal.record(output)
    go.touch()

    # generous waits: the whole suite may be running beside this test on a loaded machine
    terminal.wait_for("All goals", "Some routine files were skipped", timeout=30)
    terminal.search("quick")
    terminal.wait_for("Quick\\x1b]0;owned", "Sum\\x1b]52", timeout=30)
    terminal.keys("Enter", "Enter")
    terminal.wait_for("Before you start: Quick\\x1b]0;owned", "Sit\\x1b]52", timeout=30)
    terminal.keys("Enter")
    terminal.wait_for("Rub the palms together briskly.\\x1b]52", timeout=30)
    terminal.wait_for("Routine complete", timeout=60)
    terminal.keys("b")
    terminal.wait_for("All goals", timeout=30)
    terminal.keys("q")
    terminal.wait_until(lambda _: terminal.exited(), "the app to exit", timeout=30)
    assert terminal.exit_status() == "0"

    written = output.read_bytes()
    assert b"Quick" in written, "the recording holds the app's output"
    for sequence in (OSC_TITLE, OSC_CLIPBOARD, "\x1b[6n", "\x1b]52"):
        assert sequence.encode() not in written, sequence
    assert b"\x1b]2;" not in written, "the app sets no window title at all"


def _notice_words(screen: str) -> str:
    """The text of the notices on `screen` (right of their "▌" edge), whitespace removed."""
    parts = [line.split("▌", 1)[1] for line in screen.splitlines() if "▌" in line]
    return "".join("".join(parts).split())


def test_square_brackets_in_names_and_files_are_shown_as_written(
    terminal: Terminal, handcue_env: dict[str, str]
) -> None:
    """Notifications carry file names and what files say: text, never styles (the picker said
    "mine old.yaml ... unknown key 'x '" for this file)."""
    routines = Path(handcue_env["HANDCUE_ROUTINES"])
    (routines / "mine [b]old.yaml").write_text(
        'title: T\ngoals: [sleep]\nsteps:\n  - {title: a, instruction: b, duration: 5}\n"x [/b]": 1\n',
        encoding="utf-8",
    )
    terminal.start([str(HANDCUE)], handcue_env, 160, 40)
    # The notice wraps the file's long path wherever the width falls: read its words as one run.
    wanted = ("Someroutinefileswereskipped", "mine[b]old.yaml", "unknownkey'x[/b]'")
    terminal.wait_until(
        lambda screen: all(text in _notice_words(screen) for text in wanted), "the notice"
    )
    terminal.keys("q")
    terminal.wait_until(lambda _: terminal.exited(), "the app to exit")
