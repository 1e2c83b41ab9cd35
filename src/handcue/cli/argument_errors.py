"""argparse, with every mistake said in one line: the option, the value, what is allowed.

Never the usage block, and "did you mean" where a close word exists: a mistyped command or
option, a value not among its choices, an option given to the wrong command or after it.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

from handcue.cli.commands import COMMANDS


class Parser(argparse.ArgumentParser):
    """argparse, with every mistake said in one line: the option, the value, what is allowed.

    `exit_on_error=False` makes argparse raise its `ArgumentError` (which knows the option)
    instead of printing usage; `error()`, argparse's documented hook for the rest, prints one
    line and exits with status 2.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("exit_on_error", False)
        super().__init__(*args, **kwargs)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        try:
            return super().parse_known_args(args, namespace)
        except argparse.ArgumentError as error:
            self.error(self._explain(error))

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            self.error(self._extra(extra, getattr(parsed, "command", None)))
        return parsed

    def error(self, message: str) -> NoReturn:
        missing = re.match(r"the following arguments are required: (.*)", message)
        if missing:
            message = f"missing {missing[1].upper()}; see '{self.prog} --help'"
        ambiguous = re.match(r"ambiguous option: (\S+?)(?:=\S*)? could match (.*)", message)
        if ambiguous:
            *some, last = ambiguous[2].split(", ")
            which = f"{', '.join(some)} or {last}" if some else last
            message = f"{ambiguous[1]} could be {which}; write the whole option"
        self.exit(2, f"handcue: {message}\n")

    def _explain(self, error: argparse.ArgumentError) -> str:
        name = error.argument_name or ""
        text = error.message
        if choice := re.match(r"invalid choice: (.*?) \(choose from", text):
            return self._not_a_choice(name, choice[1].strip("'\""))
        if text.startswith("expected "):
            action = self._action(name)
            wants = f" ({action.metavar})" if action is not None and action.metavar else ""
            return f"{name} needs a value{wants}"
        if other := re.match(r"not allowed with argument (.*)", text):
            return f"{name} and {other[1]} cannot be given together; choose one"
        if text.startswith("ignored explicit argument"):
            return f"{name} takes no value"
        return f"{name} {text}" if name else text

    def _action(self, name: str) -> argparse.Action | None:
        for action in self._actions:
            if name in (*action.option_strings, "/".join(action.option_strings), action.metavar):
                return action
        return None

    def _not_a_choice(self, name: str, word: str) -> str:
        """A word that must be one of a set: the command, `checkins MODE`, any option with
        choices; the set named, with the nearest word."""
        from handcue.core.suggest import did_you_mean

        if name == "COMMAND":
            hint = did_you_mean(word, COMMANDS)
            return f"no command '{word}'{hint} (commands: {', '.join(COMMANDS)})"
        action = self._action(name)
        choices = [str(choice) for choice in (action.choices or ())] if action else []
        hint = did_you_mean(word, choices)
        if action is not None and not action.option_strings:
            # A positional: named by the command it follows, as typed (`checkins of`).
            what = (action.metavar if isinstance(action.metavar, str) else action.dest).lower()
            command = self.prog.rpartition(" ")[2]
            return f"{command} {word}: no such {what}{hint} ({what}s: {', '.join(choices)})"
        return f"{name} {word}: not one of its values{hint} (choose from {', '.join(choices)})"

    def _extra(self, extra: list[str], command: str | None) -> str:
        """Words no option or argument took: an option of another command (or of handcue
        itself, given after the command), a mistyped option, or one word too many."""
        where = f"{self.prog} {command}" if command else self.prog
        see = f"(see '{where} --help')"
        word = extra[0]
        if not word.startswith("-"):
            return f"unexpected {' '.join(extra)!r} {see}"
        option = word.partition("=")[0]
        owners = dict(_options_by_owner(self))
        if any(option in options for options in owners.values()):
            return (
                f"{option} is not an option of '{where}'; it {self._belongs(option, command)} {see}"
            )
        from handcue.core.suggest import did_you_mean, nearest

        hint = did_you_mean(option, sorted(owners.get(command or "", ())))
        if not hint and (other := nearest(option, sorted(set().union(*owners.values())))):
            hint = f"; the nearest, {other}, {self._belongs(other, command)}"
        return f"no option {option} for '{where}'{hint} {see}"

    def _belongs(self, option: str, command: str | None) -> str:
        """Where `option` goes: `belongs to 'play' and 'history'`, or before the command when
        it is handcue's own."""
        owners = [owner for owner, options in _options_by_owner(self) if option in options]
        places = [f"'{owner}'" for owner in owners if owner]
        said = ""
        if places:
            listed = ", ".join(places[:-1]) + " and " + places[-1] if len(places) > 1 else places[0]
            said = f"belongs to {listed}"
        if "" in owners:
            action = self._action(option)
            value = f" {action.metavar}" if action is not None and action.metavar else ""
            before = f"handcue {option}{value} {command or 'COMMAND'} ..."
            said += ", and to handcue " if said else "goes "
            said += f"before the command: {before}"
        return said


def _options_by_owner(parser: argparse.ArgumentParser) -> Iterator[tuple[str, frozenset[str]]]:
    """The long options of handcue itself (owner "") and of each command."""
    yield "", frozenset(_long_options(parser))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield name, frozenset(_long_options(sub))


def _long_options(parser: argparse.ArgumentParser) -> Iterator[str]:
    for action in parser._actions:
        yield from (option for option in action.option_strings if option.startswith("--"))
