"""The eyes-free command-line options, kept apart so building the parser stays light."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_play_arguments(parser: argparse.ArgumentParser) -> None:
    """The eyes-free options of `handcue play`."""
    parser.add_argument(
        "--plain", action="store_true", help="no full-screen interface: one line per event"
    )
    _add_shared(parser)


def add_render_arguments(parser: argparse.ArgumentParser) -> None:
    """`handcue render ID OUT.wav` and its own options (durations options are shared with play)."""
    parser.add_argument("id")
    parser.add_argument("out", type=Path, metavar="OUT.wav")
    parser.add_argument("--force", action="store_true", help="replace OUT.wav if it exists")
    _add_shared(parser)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"seconds must be above 0 and at most 3600, got {text!r}")
    return value


def _add_shared(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--voice", action="store_true", help="say each step's hand and name")
    parser.add_argument(
        "--announce-next",
        type=_seconds,
        metavar="N",
        help="say what comes next N seconds before a step ends",
    )
    parser.add_argument(
        "--voice-intro",
        action="store_true",
        help="read the preparation and precautions first (implies --voice)",
    )
    parser.add_argument("--pacer", action="store_true", help="tick the stroke tempo of steps")
