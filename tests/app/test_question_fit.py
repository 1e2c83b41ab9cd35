"""The small questions (stop, keep, leave) keep every answer in view at every size."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widgets import Button

from handcue.app.screens.confirm_quit import ConfirmQuit
from handcue.app.screens.question import Answer, Question

SIZES = [(200, 60), (120, 40), (80, 24), (40, 12), (20, 8)]
LONG = " ".join(["Your changed times are kept only if you say so here."] * 12)


class _Host(App[object]):
    def __init__(self, question: Question[object]) -> None:
        super().__init__()
        self.question = question

    def on_mount(self) -> None:
        self.push_screen(self.question, self.exit)


def _questions() -> list[Question[object]]:
    three: list[Answer[object]] = [
        Answer(0, "Keep going", "primary"),
        Answer(1, "Stop"),
        Answer(2, "Not now"),
    ]
    stop: Question[object] = ConfirmQuit()  # type: ignore[assignment]
    return [stop, Question("Long question", LONG, three)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("which", [0, 1], ids=["stop", "long"])
async def test_every_answer_is_in_view(size: tuple[int, int], which: int) -> None:
    question = _questions()[which]
    app = _Host(question)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        inside = Region(0, 0, *size)
        for button in question.query(Button):
            assert button.region.area > 0, button.id
            assert inside.contains_region(button.region), (button.id, button.region)


async def test_escape_gives_the_safe_answer_to_stop() -> None:
    app = _Host(ConfirmQuit())  # type: ignore[arg-type]
    async with app.run_test(size=(20, 8)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
    assert app.return_value is False
