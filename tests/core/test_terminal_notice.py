"""Which terminal gets which notification escape, inside tmux too, and text that cannot act."""

from __future__ import annotations

import pytest

from handcue.core.terminal_notice import NoticeKind, notice_escape, notice_kind, plain


@pytest.mark.parametrize(
    ("env", "outer", "kind"),
    [
        ({"TERM_PROGRAM": "iTerm.app", "TERM": "xterm-256color"}, None, NoticeKind.OSC9),
        ({"TERM": "xterm-kitty"}, None, NoticeKind.OSC9),
        ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"}, None, NoticeKind.OSC9),
        ({"TERM_PROGRAM": "WezTerm", "TERM": "xterm-256color"}, None, NoticeKind.OSC777),
        ({"TERM_PROGRAM": "ghostty", "TERM": "xterm-ghostty"}, None, NoticeKind.OSC777),
        ({"TERM": "foot-extra"}, None, NoticeKind.OSC777),
        ({"TERM": "alacritty"}, None, NoticeKind.NONE),
        ({"TERM": "xterm-256color", "WT_SESSION": "x"}, None, NoticeKind.NONE),
        ({"TERM_PROGRAM": "Apple_Terminal"}, None, NoticeKind.NONE),
        (
            {"TERM": "tmux-256color", "TMUX": "/tmp/t,1,0", "TERM_PROGRAM": "tmux"},
            "foot",
            NoticeKind.OSC777,
        ),
        ({"TERM": "tmux-256color", "TMUX": "/tmp/t,1,0"}, "xterm-256color", NoticeKind.NONE),
        ({"TERM": "foot", "TMUX": "/tmp/t,1,0"}, "alacritty", NoticeKind.NONE),
    ],
)
def test_the_escape_is_chosen_per_terminal(
    env: dict[str, str], outer: str | None, kind: NoticeKind
) -> None:
    assert notice_kind(env, outer) is kind


def test_escapes_and_tmux_passthrough() -> None:
    assert notice_escape(NoticeKind.OSC9, "Break", "Desk break") == "\x1b]9;Break: Desk break\x07"
    assert notice_escape(NoticeKind.OSC777, "Break", "a; b") == "\x1b]777;notify;Break;a, b\x07"
    assert notice_escape(NoticeKind.NONE, "Break", "x") == ""
    wrapped = notice_escape(NoticeKind.OSC9, "Break", "now", tmux=True)
    assert wrapped == "\x1bPtmux;\x1b\x1b]9;Break: now\x07\x1b\\"


def test_text_from_a_routine_cannot_act_on_the_terminal() -> None:
    hostile = "Desk\x1b]52;c;ZXZpbA==\x07 break\n\tnow" + "x" * 300
    line = plain(hostile)
    assert "\x1b" not in line and "\x07" not in line and "\n" not in line
    assert line.startswith("Desk\\x1b]52,c,ZXZpbA==\\x07 break now")
    assert len(line) == 200 and line.endswith("…")
