"""Routine files the tests write to disk or parse, each shared by the tests that need its shape."""

EVENING_HANDS = """\
title: Evening hands
goals: [sleep]
steps:
  - title: Warm
    instruction: Rub the palms together.
    duration: 20
  - title: Thumb
    instruction: Circle the thumb pad.
    hand: each
    duration: 30
  - key: shake
    title: Shake out
    instruction: Shake both hands loosely.
    duration: 40s
"""
"""Three steps: one for both hands, one for each hand, one with a key; 20 s, 2 x 30 s, 40 s."""
