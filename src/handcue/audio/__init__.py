"""Sound for cues: a small Player interface with simpleaudio, system and silent backends.

Pure Python and free of Textual and numpy, so the core and the app can both use it. Nothing is
imported here: the app takes the player it needs after its first frame, and `choose` reads
package metadata, which is slow to import.
"""
