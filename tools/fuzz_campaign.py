"""A long fuzzing campaign against everything that reads files a stranger may have written.

Mutated routine files (values swapped for hostile ones, tags added, lines dropped or doubled,
control characters and stray bytes inserted, deep nesting, alias bombs, truncation) go through
the loader in this process, a share of them through the tweaks reader too, and then through
the real `handcue check` and `handcue list` in folders that also hold a named pipe and a link
to /dev/zero. It prints counts; anything but 0 crashes, 0 hangs, 0 unlocated problems, 0
control characters in messages, 0 escape bytes on the terminal and 0 hidden routines is a bug,
and the documents behind it are kept in --keep for a test.

    python tools/fuzz_campaign.py                      # 100,000 documents, 1,000 on the CLI
    python tools/fuzz_campaign.py --documents 2000 --cli-documents 100 --seed 7
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from handcue.core.loader import LoadError, parse_routine
from handcue.core.safe_text import first_control
from handcue.storage.routine_files import load_routine
from handcue.storage.tweaks_yaml import parse as parse_tweaks

REPO = Path(__file__).resolve().parent.parent
HANG_SECONDS = 10.0
"""A document that takes longer than this in-process counts as a hang (a normal one takes
milliseconds); the command line gets CLI_HANG_SECONDS per run."""
CLI_HANG_SECONDS = 120.0
BATCH = 50

HOSTILE_VALUES = [
    "!!bool maybe",
    '!!bool ""',
    '!!int ""',
    '!!float ""',
    "!!int 0x",
    "!!int 0b",
    "!!int 0o9",
    "!!float x",
    "!!float .nan",
    "!!float -.inf",
    "!!null x",
    "!!str [1]",
    "!!str {a: 1}",
    "!!int [1]",
    "!!map x",
    "!!seq x",
    "!!merge x",
    "!!value x",
    "!!timestamp 2024-13-45",
    "!!binary ===",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!!python/object:os.system echo",
    "!!python/object/apply:os.system [echo]",
    "!!python/name:builtins.eval",
    "!custom x",
    "!<tag:example.com,2024:x> y",
    "~",
    "null",
    "yes",
    "=",
    "1:30",
    "190:20:30",
    "0x1F",
    "-1",
    "0",
    "1e400",
    "-1e400",
    ".inf",
    ".nan",
    '"\\e]0;owned\\a"',
    '"\\e]52;c;SGVsbG8=\\a"',
    '"x\\e[2Jy"',
    '"\\e[6n"',
    '"\\x9b6n"',
    '"\\x7f"',
    '"a\\rb"',
    '"\\u0085"',
    '"\\0"',
    "*undefined",
    "&anchor value",
    "[]",
    "{}",
    "[[[]]]",
    "''",
    '""',
    "|\n  block\n  text",
    ">-\n  folded",
]


def _huge_numbers(rng: random.Random) -> str:
    digits = rng.choice([20, 309, 400, 4301, 5000, 20_000])
    return rng.choice(["", "-", "+"]) + rng.choice("123456789") + "9" * (digits - 1)


def _huge_text(rng: random.Random) -> str:
    return rng.choice("ax ") * rng.choice([1025, 10_000, 200_000])


def _deep(rng: random.Random) -> str:
    depth = rng.choice([10, 24, 25, 60, 1000])
    opening, closing = rng.choice([("[", "]"), ("{a: ", "}")])
    return opening * depth + "1" + closing * depth


def _alias_bomb(rng: random.Random) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, rng.choice([5, 9, 12])):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def hostile_value(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(HOSTILE_VALUES)
    if roll < 0.7:
        return _huge_numbers(rng)
    if roll < 0.8:
        return rng.choice(["!!int ", "!!float ", "!!str ", ""]) + _huge_numbers(rng)
    if roll < 0.87:
        return _huge_text(rng)
    if roll < 0.95:
        return _deep(rng)
    return rng.choice(HOSTILE_VALUES) + " " + rng.choice(HOSTILE_VALUES)


STRAY = [
    "\t",
    "\x1b",
    "\x00",
    "\x07",
    "\x9b",
    "\x85",
    "\u2028",
    "\ufeff",
    "é",
    "手",
    ":",
    "- ",
    "? ",
    "&a ",
    "*a ",
    "!!",
    "<<: *a\n",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "'",
    '"',
    "[",
    "{",
    "#",
    "|",
    ">",
    "\n",
    "\r",
    "\\",
]


def _replace_value(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    candidates = [number for number, line in enumerate(lines) if ": " in line]
    if not candidates:
        return text
    number = rng.choice(candidates)
    key = lines[number].split(": ", 1)[0]
    value = hostile_value(rng)
    if "\n" in value:
        indent = " " * (len(key) - len(key.lstrip()) + 2)
        value = value.replace("\n", "\n" + indent)
    lines[number] = f"{key}: {value}"
    return "\n".join(lines)


def _add_tag(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    candidates = [number for number, line in enumerate(lines) if ": " in line]
    if not candidates:
        return text
    number = rng.choice(candidates)
    key, value = lines[number].split(": ", 1)
    tag = rng.choice(HOSTILE_VALUES).split(" ")[0]
    lines[number] = f"{key}: {tag} {value}"
    return "\n".join(lines)


def _line_edit(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    number = rng.randrange(len(lines))
    action = rng.choice(["drop", "double", "swap", "indent", "outdent"])
    if action == "drop":
        del lines[number]
    elif action == "double":
        lines.insert(number, lines[number])
    elif action == "swap":
        other = rng.randrange(len(lines))
        lines[number], lines[other] = lines[other], lines[number]
    elif action == "indent":
        lines[number] = " " * rng.choice([1, 2, 4]) + lines[number]
    else:
        lines[number] = lines[number].lstrip()
    return "\n".join(lines)


def _stray(text: str, rng: random.Random) -> str:
    position = rng.randrange(len(text) + 1)
    return text[:position] + rng.choice(STRAY) + text[position:]


def _truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _prepend(text: str, rng: random.Random) -> str:
    return rng.choice([_alias_bomb(rng), "base: &base {title: x}\n", "<<: *nothing\n"]) + text


MUTATIONS: list[tuple[float, Callable[[str, random.Random], str]]] = [
    (0.40, _replace_value),
    (0.15, _add_tag),
    (0.20, _line_edit),
    (0.15, _stray),
    (0.05, _truncate),
    (0.05, _prepend),
]


def documents(seeds: list[str], rng: random.Random) -> Iterator[str]:
    weights = [weight for weight, _ in MUTATIONS]
    operations = [operation for _, operation in MUTATIONS]
    while True:
        text = rng.choice(seeds)
        if rng.random() < 0.03:
            yield hostile_value(rng)  # a whole file of one odd value
            continue
        for operation in rng.choices(operations, weights, k=rng.choice([1, 1, 2, 3, 4])):
            text = operation(text, rng)
        yield text


@dataclass
class Tally:
    documents: int = 0
    loaded: int = 0
    refused: int = 0
    crashes: int = 0
    hangs: int = 0
    unlocated: int = 0
    controls: int = 0
    slowest: float = 0.0
    kinds: Counter[str] = field(default_factory=Counter)


class Hang(Exception):
    pass


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def _keep(folder: Path | None, name: str, text: str) -> None:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8", errors="surrogateescape")


def run_loader(count: int, seeds: list[str], rng: random.Random, keep: Path | None) -> Tally:
    tally = Tally()
    generated = documents(seeds, rng)
    signal.signal(signal.SIGALRM, _on_alarm)
    for number in range(count):
        text = next(generated)
        tally.documents += 1
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
        try:
            parse_routine(text, Path(f"doc-{number}.yaml"))
            tally.loaded += 1
        except LoadError as error:
            tally.refused += 1
            for problem in error.problems:
                shown = str(problem)
                if problem.line < 1 or problem.column < 1:
                    tally.unlocated += 1
                    tally.kinds[f"unlocated: {problem.message[:60]}"] += 1
                    _keep(keep, f"unlocated-{number}.yaml", text)
                if first_control(shown) is not None or "\n" in shown:
                    tally.controls += 1
        except Hang:
            tally.hangs += 1
            _keep(keep, f"hang-{number}.yaml", text)
        except Exception as error:
            tally.crashes += 1
            tally.kinds[f"crash: {type(error).__name__}"] += 1
            _keep(keep, f"crash-{number}.yaml", text)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        tally.slowest = max(tally.slowest, time.perf_counter() - started)
    return tally


TWEAK_SEEDS = [
    'evening:\n  scale: 1.25\n  steps:\n    "3: Thumb circles": 90\n    pulls: 45\nmorning: {}\n',
    "desk-break:\n  steps:\n    warm-up: 30\n  scale: 0.75\n",
]


def run_tweaks(count: int, rng: random.Random, keep: Path | None) -> Tally:
    tally = Tally()
    generated = documents(TWEAK_SEEDS, rng)
    signal.signal(signal.SIGALRM, _on_alarm)
    for number in range(count):
        text = next(generated)
        tally.documents += 1
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
        try:
            snapshot = parse_tweaks(text.encode("utf-8", "surrogateescape"), "tweaks.yaml")
            tally.loaded += not snapshot.problems
            tally.refused += bool(snapshot.problems)
        except Hang:
            tally.hangs += 1
            _keep(keep, f"tweaks-hang-{number}.yaml", text)
        except Exception as error:
            tally.crashes += 1
            tally.kinds[f"crash: {type(error).__name__}"] += 1
            _keep(keep, f"tweaks-crash-{number}.yaml", text)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        tally.slowest = max(tally.slowest, time.perf_counter() - started)
    return tally


@dataclass
class CliTally:
    documents: int = 0
    runs: int = 0
    crashes: int = 0
    hangs: int = 0
    escapes: int = 0
    hidden: int = 0
    slowest: float = 0.0
    notes: list[str] = field(default_factory=list)


def _handcue(args: list[str], env: dict[str, str], tally: CliTally, ok: set[int]) -> bytes:
    tally.runs += 1
    started = time.perf_counter()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "handcue", *args],
            capture_output=True,
            env=env,
            timeout=CLI_HANG_SECONDS,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        tally.hangs += 1
        tally.notes.append(f"hang: handcue {' '.join(args)}")
        return b""
    tally.slowest = max(tally.slowest, time.perf_counter() - started)
    if b"Traceback" in result.stderr or result.returncode not in ok:
        tally.crashes += 1
        tally.notes.append(f"exit {result.returncode}: {result.stderr[-300:]!r}")
    if b"\x1b" in result.stdout + result.stderr:
        tally.escapes += 1
    return result.stdout


def run_cli(count: int, seeds: list[str], rng: random.Random, keep: Path | None) -> CliTally:
    tally = CliTally()
    generated = documents(seeds, rng)
    with tempfile.TemporaryDirectory(prefix="handcue-fuzz-") as scratch:
        root = Path(scratch)
        env = {
            **os.environ,
            "HANDCUE_DATA_DIR": str(root / "data"),
            "HANDCUE_CONFIG_DIR": str(root / "config"),
            "HANDCUE_CACHE_DIR": str(root / "cache"),
            "HANDCUE_AUDIO": "silent",
        }
        for batch in range(0, count, BATCH):
            folder = root / f"routines-{batch // BATCH:04d}"
            folder.mkdir()
            good: dict[str, str] = {}
            for number in range(batch, min(count, batch + BATCH)):
                path = folder / f"doc-{number:05d}.yaml"
                text = next(generated)
                path.write_bytes(text.encode("utf-8", "surrogateescape"))
                tally.documents += 1
                # refused, or a crash the loader's count already shows
                with contextlib.suppress(Exception):
                    good[str(path)] = load_routine(path).id
            os.mkfifo(folder / "a-named-pipe.yaml")
            if Path("/dev/zero").exists():
                (folder / "endless.yaml").symlink_to("/dev/zero")
            _handcue(["check", str(folder)], env, tally, ok={0, 1})
            _handcue(["--routines", str(folder), "list"], env, tally, ok={0})
            listed = _handcue(["--routines", str(folder), "list", "--json"], env, tally, ok={0})
            try:
                paths = {entry["path"] for entry in json.loads(listed or b"[]")}
            except ValueError:
                paths = set()
            ids = Counter(good.values())
            for path, routine_id in good.items():
                if path not in paths and ids[routine_id] == 1:
                    tally.hidden += 1
                    tally.notes.append(f"hidden: {path}")
                    _keep(keep, Path(path).name, Path(path).read_text("utf-8", "surrogateescape"))
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--tweak-documents", type=int, default=None, help="default: a fifth")
    parser.add_argument("--cli-documents", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", type=Path, help="folder for documents that found a bug")
    args = parser.parse_args()
    seeds = [
        path.read_text(encoding="utf-8") for path in sorted((REPO / "routines").glob("*.yaml"))
    ]
    seeds += [
        path.read_text(encoding="utf-8") for path in sorted((REPO / "tests/data/valid").glob("*"))
    ]
    rng = random.Random(args.seed)
    started = time.perf_counter()

    loader = run_loader(args.documents, seeds, rng, args.keep)
    print(
        f"loader:  {loader.documents} documents, {loader.loaded} loaded, {loader.refused} "
        f"refused with problems; {loader.crashes} crashes, {loader.hangs} hangs, "
        f"{loader.unlocated} problems without line:col, {loader.controls} messages with control "
        f"characters; slowest {loader.slowest * 1000:.0f} ms",
        flush=True,
    )
    tweak_count = args.tweak_documents if args.tweak_documents is not None else args.documents // 5
    tweaks = run_tweaks(tweak_count, rng, args.keep)
    print(
        f"tweaks:  {tweaks.documents} documents, {tweaks.loaded} clean, {tweaks.refused} with "
        f"reported lines; {tweaks.crashes} crashes, {tweaks.hangs} hangs; slowest "
        f"{tweaks.slowest * 1000:.0f} ms",
        flush=True,
    )
    cli = run_cli(args.cli_documents, seeds, rng, args.keep)
    print(
        f"cli:     {cli.documents} documents in {-(-cli.documents // BATCH)} folders (each also "
        f"holding a named pipe and a link to /dev/zero), {cli.runs} runs of check, list and "
        f"list --json; {cli.crashes} crashes, {cli.hangs} hangs, {cli.escapes} runs with an "
        f"escape byte in their output, {cli.hidden} good routines hidden; slowest run "
        f"{cli.slowest:.1f} s",
        flush=True,
    )
    for kind, number in (loader.kinds + tweaks.kinds).most_common(10):
        print(f"  {number} x {kind}")
    for note in cli.notes[:10]:
        print(f"  {note}")
    print(f"total time {time.perf_counter() - started:.0f} s")
    bad = loader.crashes + loader.hangs + loader.unlocated + loader.controls
    bad += tweaks.crashes + tweaks.hangs + cli.crashes + cli.hangs + cli.escapes + cli.hidden
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
