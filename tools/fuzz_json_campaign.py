"""A fuzzing campaign against `handcue history --import`, beside the routine files' one.

Mutated history exports (values swapped for hostile ones: huge and endless numbers, lone
surrogates, deep nesting, wrong types, dates far out, BOMs, bidirectional overrides and other
invisible characters, truncation, stray and broken bytes, other encodings) are written to a file
and go through the import's file reader (`read_export`: reading, decoding, parsing); every
fourth that it accepts is imported into a database that already keeps 50 sessions. Each text of
an accepted session, as the history shows it, must carry no control, bidirectional or other
invisible format character. It prints counts; anything but 0 tracebacks, 0 problems that are
not one line, 0 texts shown raw and 0 kept sessions lost is a bug, and the documents behind it
are kept in --keep. The test suite runs a few hundred of them.

    python tools/fuzz_json_campaign.py                  # 50,000 documents
    python tools/fuzz_json_campaign.py --documents 2000 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import traceback
import unicodedata
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from handcue.core.safe_text import visible
from handcue.services import history_file, recording
from handcue.storage.history import History, SessionRecord
from handcue.storage.user_database import UserDatabase

JOINERS = ("\u200c", "\u200d")
"""ZWNJ and ZWJ, which scripts and emoji need: allowed."""
BAD = ("tracebacks", "problems not one line", "texts shown raw", "kept sessions lost")
"""Counts that must stay at 0."""

HOSTILE: list[object] = [
    10**30,
    -1,
    1e308,
    -1e308,
    0.1,
    True,
    None,
    "",
    "\ud800",
    "\x1b[31m",
    "\u202e",
    "Press \u202egnp.exe\u202c",
    "\u2066isolated\u2069",
    "hid\u200bden\u2060\ufeff",
    "fine \u200d joined",
    "9" * 400,
    [],
    {},
    [[[[]]]],
    "1969-12-31T23:59:59",
    "2100-06-01T00:00:00",
    "0001-01-01",
    "not a date",
    86401,
    10001,
]
RAW_HOSTILE = ["9" * 5000, "Infinity", "NaN", "-Infinity", "1e999", '"\\udfff"', "[" * 3000]


def kept_session(number: int) -> SessionRecord:
    started = datetime(2025, 1, 1, 8, tzinfo=UTC) + timedelta(hours=number)
    return SessionRecord(
        routine_id=f"kept-{number}",
        started=started,
        ended=started + timedelta(minutes=5),
        left_seconds=120.0,
        right_seconds=120.0,
        steps_done=4,
        steps_skipped=0,
    )


def mutate(base: dict[str, object], chance: random.Random, number: int) -> bytes:
    """A mutated export as the bytes of a file."""
    text = _mutate_text(base, chance, number)
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate is broken UTF-8 here
    roll = chance.random()
    if roll < 0.05:
        data = text.encode("utf-16", "surrogatepass")
    elif roll < 0.10:
        spot = chance.randrange(len(data) or 1)
        data = data[:spot] + bytes([chance.choice([0x00, 0x80, 0xC3, 0xFF])]) + data[spot:]
    return data


def _mutate_text(base: dict[str, object], chance: random.Random, number: int) -> str:
    document = json.loads(json.dumps(base))
    sessions = document["sessions"]
    for place, item in enumerate(sessions):
        item["uid"] = f"fuzz-{number}-{place}"  # new sessions each time, so imports add rows
    for _ in range(chance.randint(1, 4)):
        item = chance.choice(sessions)
        key = chance.choice([*item, "checkins", "tweaks", "goals"])
        item[key] = chance.choice(HOSTILE)
    text = json.dumps(document, ensure_ascii=chance.random() < 0.5)
    roll = chance.random()
    if roll < 0.15:
        marker = '"steps_done": 4'
        text = text.replace(marker, f'"steps_done": {chance.choice(RAW_HOSTILE)}', 1)
    elif roll < 0.25:
        text = text[: chance.randrange(len(text))]
    elif roll < 0.32:
        depth = chance.choice([100, 5000, 200_000])
        text = "[" * depth + "]" * depth
    elif roll < 0.40:
        spot = chance.randrange(len(text))
        text = text[:spot] + chr(chance.randrange(0x110000)) + text[spot:]
    if chance.random() < 0.1:
        text = "\ufeff" + text
    return text


def shown_raw(record: SessionRecord) -> bool:
    """Whether a text of `record`, as the history shows it, still holds a character that could
    act on the terminal or hide or reorder text."""
    texts = [record.routine_id, record.routine_title or "", record.stopped_title or ""]
    texts += [*record.goals, record.fingerprint or "", record.uid]
    texts += [checkin.measure for checkin in record.checkins]
    return any(_unsafe(char) for text in texts for char in visible(text))


def _unsafe(char: str) -> bool:
    """Judged by Unicode's own categories, not by the lists `visible` works from."""
    category = unicodedata.category(char)
    return category == "Cc" or (category == "Cf" and char not in JOINERS)


def campaign(documents: int, seed: int, keep: Path) -> Counter[str]:
    """Run the campaign; the counts by name, `BAD` among them."""
    chance = random.Random(seed)
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="handcue-json-fuzz-") as scratch:
        path = Path(scratch) / "handcue.sqlite3"
        export = Path(scratch) / "fuzz.json"
        database = UserDatabase(path)
        history = History(database)
        kept = [history.record(kept_session(number)).uid for number in range(50)]
        base = history_file.export_document(
            [kept_session(number + 100) for number in range(3)], recording.local_now()
        )
        for number in range(documents):
            data = mutate(base, chance, number)
            export.write_bytes(data)
            try:
                imported = history_file.read_export(export)
                counts["read"] += 1
                counts["sessions left out"] += len(imported.problems)
                if any("\n" in problem for problem in imported.problems):
                    counts["problems not one line"] += 1
                counts["texts shown raw"] += sum(map(shown_raw, imported.sessions))
                if imported.sessions and number % 4 == 0:
                    added, _known = history.import_sessions(imported.sessions)
                    counts["imported"] += added
            except history_file.NotAnExport as refusal:
                counts["refused whole"] += 1
                if "\n" in str(refusal):
                    counts["problems not one line"] += 1
            except Exception:
                counts["tracebacks"] += 1
                keep.mkdir(exist_ok=True)
                (keep / f"document-{number}.json").write_bytes(data)
                (keep / f"document-{number}.txt").write_text(traceback.format_exc())
        shown = history.recent(None)
        counts["texts shown raw"] += sum(map(shown_raw, shown))
        database.close()
        with sqlite3.connect(path) as raw:
            present = {row[0] for row in raw.execute("SELECT uid FROM sessions")}
            counts["integrity problems"] = int(
                raw.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
            )
    counts["kept sessions lost"] = sum(1 for uid in kept if uid not in present)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--keep", type=Path, default=Path("fuzz-json-failures"))
    args = parser.parse_args()
    counts = campaign(args.documents, args.seed, args.keep)
    print(f"documents: {args.documents} (seed {args.seed})")
    for name in ("read", "refused whole", "sessions left out", "imported"):
        print(f"{name}: {counts[name]}")
    for name in (*BAD, "integrity problems"):
        print(f"{name}: {counts[name]}")
    return 1 if any(counts[name] for name in (*BAD, "integrity problems")) else 0


if __name__ == "__main__":
    sys.exit(main())
