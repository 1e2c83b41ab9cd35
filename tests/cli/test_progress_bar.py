"""The progress bar on stderr: one bar redrawn in place on a terminal, a line per tenth in a log."""

from __future__ import annotations

import io

from handcue.cli.progress_bar import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_line_per_tenth_and_no_more() -> None:
    log = io.StringIO()
    bar = ProgressBar(log, "writing")
    for step in range(101):
        bar(step / 100)
    bar.done()
    assert log.getvalue().splitlines() == [f"writing: {tenth * 10}%" for tenth in range(11)]


def test_a_terminal_gets_one_bar_redrawn_only_when_the_percent_changes() -> None:
    terminal = Terminal()
    bar = ProgressBar(terminal, "speech")
    bar(0.5)
    bar(0.501)
    bar.done()
    assert terminal.getvalue() == (
        f"\rspeech [{'#' * 15}{'-' * 15}]  50%\rspeech [{'#' * 30}] 100%\n"
    )


def test_a_fraction_out_of_range_is_held_to_the_ends() -> None:
    log = io.StringIO()
    bar = ProgressBar(log, "writing")
    bar(-0.5)
    bar(1.5)
    assert log.getvalue().splitlines() == ["writing: 0%", "writing: 100%"]
