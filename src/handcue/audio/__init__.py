"""Sound for cues: a small Player interface with simpleaudio, system and silent backends.

Playing is pure Python and free of Textual and numpy, so the core and the app can both use it.
Only `loudness` and `sound_files`, used to make sounds and render files, need numpy (and
soundfile), and only they import it. Nothing is imported here: the app takes the player it
needs after its first frame, and `choose` reads package metadata, which is slow to import.
"""
