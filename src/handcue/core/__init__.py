"""The pure core: routines, loading, timing and cues. Never imports Textual."""
