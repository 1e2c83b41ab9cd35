"""The History screen's charts at any size: Plotext divides by zero on a one-column plot, which
a screen caught mid-layout (or a very narrow terminal) hands it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.app import App, ComposeResult

from handcue.app.widgets.charts import Weeks, WeeksChart

START = date(2026, 9, 14)
WEEKS = Weeks(tuple((START + timedelta(weeks=n), 2.0 if n == 10 else 0.0) for n in range(12)))


class ChartApp(App[None]):
    CSS = "WeeksChart { width: 1; height: 13; }"

    def compose(self) -> ComposeResult:
        yield WeeksChart(id="chart")


@pytest.mark.parametrize("width", [1, 2, 30])
async def test_the_weeks_chart_draws_at_any_width_without_stopping_the_app(width: int) -> None:
    app = ChartApp()
    async with app.run_test(size=(60, 20)) as pilot:
        chart = app.query_one(WeeksChart)
        chart.styles.width = width
        chart.weeks = WEEKS
        await pilot.pause()
        await pilot.pause()  # drawn, not only laid out
        assert chart.size.width == width
        assert app.is_running
