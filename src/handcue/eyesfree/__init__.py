"""Following a routine without looking: voice, stroke pacer, plain text mode, and audio files.

Free of Textual: the conductor here decides what to play and say for any front end, the
terminal player included.
"""
