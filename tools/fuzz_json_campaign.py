"""A fuzzing campaign against `handcue history --import`, beside the routine files' one.

Mutated history exports (values swapped for hostile ones: huge and endless numbers, lone
surrogates, deep nesting, wrong types, dates far out, BOMs, truncation and stray bytes) go
through the import's reader; every fourth that it accepts is imported into a database that
already keeps 50 sessions. It prints counts; anything but 0 tracebacks, 0 problems that are not
one line, and 0 kept sessions lost is a bug, and the documents behind it are kept in --keep.

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
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from handcue.services import history as progress
from handcue.storage.history import History, SessionRecord
from handcue.storage.user_database import UserDatabase

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


def mutate(base: dict[str, object], chance: random.Random, number: int) -> str:
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--keep", type=Path, default=Path("fuzz-json-failures"))
    args = parser.parse_args()
    chance = random.Random(args.seed)
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="handcue-json-fuzz-") as scratch:
        path = Path(scratch) / "handcue.sqlite3"
        database = UserDatabase(path)
        history = History(database)
        kept = [history.record(kept_session(number)).uid for number in range(50)]
        base = progress.export_document(
            [kept_session(number + 100) for number in range(3)], progress.local_now()
        )
        for number in range(args.documents):
            text = mutate(base, chance, number)
            try:
                imported = progress.parse_export(text, "fuzz.json")
                counts["read"] += 1
                counts["sessions left out"] += len(imported.problems)
                if any("\n" in problem for problem in imported.problems):
                    counts["problems not one line"] += 1
                if imported.sessions and number % 4 == 0:
                    added, _known = history.import_sessions(imported.sessions)
                    counts["imported"] += added
            except progress.NotAnExport:
                counts["refused whole"] += 1
            except Exception:
                counts["tracebacks"] += 1
                args.keep.mkdir(exist_ok=True)
                (args.keep / f"document-{number}.json").write_text(
                    text, encoding="utf-8", errors="surrogatepass"
                )
                (args.keep / f"document-{number}.txt").write_text(traceback.format_exc())
        database.close()
        with sqlite3.connect(path) as raw:
            present = {row[0] for row in raw.execute("SELECT uid FROM sessions")}
            integrity = raw.execute("PRAGMA integrity_check").fetchone()[0]
    counts["kept sessions lost"] = sum(1 for uid in kept if uid not in present)
    print(f"documents: {args.documents} (seed {args.seed})")
    for name in ("read", "refused whole", "sessions left out", "imported"):
        print(f"{name}: {counts[name]}")
    for name in ("tracebacks", "problems not one line", "kept sessions lost"):
        print(f"{name}: {counts[name]}")
    print(f"integrity_check: {integrity}")
    bad = counts["tracebacks"] + counts["problems not one line"] + counts["kept sessions lost"]
    return 1 if bad or integrity != "ok" else 0


if __name__ == "__main__":
    sys.exit(main())
