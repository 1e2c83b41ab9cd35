"""What both front ends do: the timing of a routine and its saved tweaks, the wiring of a
session (what sounds and when), rendering to a file, and the library as people ask for it.

Services raise `Refused` for a request a person can fix; the command line prints it and exits
2, the app shows it. Nothing here imports a front end, and nothing imports Textual.
"""
