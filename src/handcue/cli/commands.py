"""The commands, each once: its arguments and the line that describes it.

The same line is shown in the list `handcue --help` ends with and at the top of the command's
own help, and the names are offered when a command is mistyped.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("ID", "play a routine (--plain: one line per event, no full screen)"),
    "render": ("ID OUT", "write a routine's tones (and --voice) to a .wav, .flac or .ogg file"),
    "list": ("", "list the routines, with your times (--goal G, --max-minutes N)"),
    "show": ("ID", "show every step of a routine, with your times"),
    "tweak": ("ID", "change and save a routine's step times and length"),
    "new": ("ID", "start a routine of your own (--from OTHER copies one)"),
    "edit": ("ID", "open your copy of a routine in $VISUAL or $EDITOR, and check it"),
    "check": ("[PATH...]", "check routine files or folders (by default your routines folder)"),
    "goals": ("", "list the goals routines are grouped by"),
    "schema": ("", "print the JSON Schema of the routine format"),
    "cues": ("", "hear every tone cue with its meaning (--list only prints them)"),
    "doctor": ("", "report the sound backend, speech engine, folders and versions"),
    "history": ("", "your sessions, streaks and check-ins (--json, --csv, --export, --import)"),
    "checkins": (
        "[MODE]",
        "show or set the check-ins before and after a routine: on, off, per-hand",
    ),
    "remind": ("", "break reminders after every N minutes of work (--status, --pause, --install)"),
    "voice": (
        "[MODE]",
        "show or set how the voice guides: guided, brief, auto (--engine, --speak-by)",
    ),
}
"""Each command once: its arguments and the one line that describes it, in `handcue --help`
and at the top of its own help."""


def epilog() -> str:
    """The list of commands at the end of `handcue --help`."""
    width = max(len(f"{name} {args}".strip()) for name, (args, _) in COMMANDS.items())
    lines = ["commands:", f"  {'(none)':<{width}}  open the routine picker (--goal G filters it)"]
    lines += [
        f"  {f'{name} {args}'.strip():<{width}}  {text}" for name, (args, text) in COMMANDS.items()
    ]
    lines += [
        "",
        "'handcue COMMAND --help' describes a command's options. Your own routines live in the",
        "folder given by --routines, $HANDCUE_ROUTINES or the default user data folder",
        "('handcue doctor' prints it).",
    ]
    return "\n".join(lines)
