"""A grouped bar chart as plain SVG geometry, drawn by a template (no JavaScript, no chart library).

The numbers are also in a table beside the chart: the SVG is a picture (``role="img"`` with a title and a
description), the table is what a screen reader reads.
"""

import datetime
import math
from dataclasses import dataclass, field

BAR = 10
GAP = 2
GROUP_PAD = 14
PLOT_HEIGHT = 180
LEFT = 44
RIGHT = 12
TOP = 12
BOTTOM = 40


@dataclass
class Series:
    key: str
    label: str
    colour: str


@dataclass
class Chart:
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    left: int
    right: int
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    series: list = field(default_factory=list)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of every month from ``start``'s month to ``end``'s month."""
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def nice_step(maximum: int, steps: int = 4) -> int:
    """A round tick step (1, 2, 5 × 10ⁿ) so that ``steps`` ticks cover ``maximum``."""
    if maximum <= steps:
        return 1
    raw = maximum / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)


def bar_chart(months: list[datetime.date], values: dict, series: list[Series]) -> Chart:
    """``values[(month, series.key)]`` -> number. Returns the geometry the SVG template draws."""
    group = len(series) * BAR + (len(series) - 1) * GAP + GROUP_PAD
    width = LEFT + RIGHT + max(1, len(months)) * group
    height = TOP + PLOT_HEIGHT + BOTTOM
    bottom = TOP + PLOT_HEIGHT
    top_value = max([values.get((m, s.key), 0) or 0 for m in months for s in series] + [0])
    step = nice_step(top_value)
    scale_max = max(step * math.ceil(top_value / step), step)
    chart = Chart(width, height, TOP, bottom, LEFT, width - RIGHT, series=series)
    for value in range(0, scale_max + 1, step):
        chart.ticks.append({"value": value, "y": round(bottom - value * PLOT_HEIGHT / scale_max, 1)})
    for i, month in enumerate(months):
        x0 = LEFT + i * group + GROUP_PAD / 2
        chart.labels.append({"x": round(x0 + (group - GROUP_PAD) / 2, 1), "text": f"{month:%m.%Y}"})
        for j, s in enumerate(series):
            value = values.get((month, s.key), 0) or 0
            h = round(value * PLOT_HEIGHT / scale_max, 1)
            chart.bars.append(
                {
                    "x": round(x0 + j * (BAR + GAP), 1),
                    "y": round(bottom - h, 1),
                    "width": BAR,
                    "height": h,
                    "colour": s.colour,
                    "title": f"{s.label}, {month:%m.%Y}: {value}",
                }
            )
    return chart
