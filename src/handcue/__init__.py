"""handcue: guided hand-massage routines with tone cues you can follow eyes-free."""

__version__ = "0.1.0"
