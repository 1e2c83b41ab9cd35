"""Counts of things as people read them: "1 step", "3 steps"; every message counts this way."""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """`count` and `noun`, the noun plural unless there is exactly one (nouns here take -s)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
