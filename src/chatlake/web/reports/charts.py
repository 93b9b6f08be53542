"""Bar charts as plain numbers for the template to draw as SVG: every coordinate is computed here, so the
page needs no script and no style attribute (the CSP allows neither inline)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

# The SVG's own units; CSS scales the whole drawing to the card's width.
# About the size they are drawn at in a half-width card at 1280 px, so 12-unit text reads as 12 px.
WIDTH, HEIGHT = 560, 210
LEFT, RIGHT, TOP, BOTTOM = 52, 8, 12, 30
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_TICK_LABELS = 8
RANK_WIDTH, ROW_HEIGHT, NAME_WIDTH, VALUE_WIDTH = 720, 28, 180, 60
# Chart tops for durations whose half is a round duration too: 30 s, 1 min, 2 min ... 20 d, 30 d and on.
MINUTE, HOUR, DAY = 60, 3600, 86400
DURATION_TOPS = (
    [10, 20, 30, MINUTE, 2 * MINUTE, 4 * MINUTE, 10 * MINUTE, 20 * MINUTE, 30 * MINUTE, HOUR]
    + [hours * HOUR for hours in (2, 4, 6, 8, 12)]
    + [days * DAY for days in (1, 2, 4, 6, 10, 20, 30, 60, 120, 240, 360)]
)


def period_label(timestamp: int, group_by: str, *, short: bool = False) -> str:
    moment = datetime.fromtimestamp(timestamp, UTC)
    if group_by == "month":
        return moment.strftime("%b %Y")
    label = f"{moment.strftime('%b')} {moment.day}"
    if group_by == "week" and not short:
        return f"Week of {label}, {moment.year}"
    return label if short else f"{moment.strftime('%a')} {label}, {moment.year}"


def count_text(value: float) -> str:
    return f"{value:,.0f}"


@dataclass(frozen=True)
class Series:
    name: str
    css_class: str  # colour, from reports.css
    values: list[float]


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    tooltip: str


@dataclass
class Period:
    label: str
    rects: list[Rect]
    cells: list[str]  # the data table's row


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class GridLine:
    y: float
    label: str


@dataclass
class TimeChart:
    key: str
    title: str
    summary: str
    empty_message: str
    series: list[Series]
    periods: list[Period] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    grid: list[GridLine] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    baseline: int = TOP + PLOT_HEIGHT

    empty: bool = False


def _count_top(value: float) -> float:
    """2, 4, 6, 8 or 10 times a power of ten, at least `value`: the top and middle grid lines are whole numbers."""
    if value <= 2:
        return 2
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 4, 6, 8, 10) if step * power >= value)


def _duration_top(value: float) -> float:
    return next((top for top in DURATION_TOPS if top >= value), value)


def time_chart(
    key: str,
    title: str,
    timestamps: list[int],
    series: list[Series],
    *,
    group_by: str,
    summary: str,
    empty_message: str,
    show: Callable[[float], str] = count_text,
    extra_columns: list[tuple[str, list[str]]] = (),
    has_data: bool | None = None,
) -> TimeChart:
    """`has_data`: whether anything happened in the range; by default, whether any value is above zero (an
    average of zero seconds is still data, so averaged charts say so themselves)."""
    if has_data is None:
        has_data = any(value for one in series for value in one.values)
    chart = TimeChart(key, title, summary, empty_message, series, empty=not has_data)
    chart.columns = [s.name for s in series] + [name for name, _ in extra_columns]
    highest = max((v for s in series for v in s.values), default=0)
    top = _count_top(highest) if show is count_text else _duration_top(highest)
    chart.grid = [GridLine(TOP + PLOT_HEIGHT * (1 - share), show(top * share)) for share in (0, 0.5, 1)]
    slot = PLOT_WIDTH / max(len(timestamps), 1)
    bar_width = max(slot * 0.72 / len(series), 1)
    every = math.ceil(len(timestamps) / MAX_TICK_LABELS) or 1
    for index, timestamp in enumerate(timestamps):
        start = LEFT + slot * index + (slot - bar_width * len(series)) / 2
        label = period_label(timestamp, group_by)
        rects = []
        for position, one in enumerate(series):
            value = one.values[index]
            height = PLOT_HEIGHT * value / top
            rects.append(
                Rect(
                    round(start + bar_width * position, 2),
                    round(TOP + PLOT_HEIGHT - height, 2),
                    round(bar_width, 2),
                    round(height, 2),
                    one.css_class,
                    f"{label}: {show(value)} {one.name.lower()}" if show is count_text else f"{label}: {show(value)}",
                )
            )
        cells = [show(s.values[index]) for s in series] + [values[index] for _, values in extra_columns]
        chart.periods.append(Period(label, rects, cells))
        if index % every == 0:
            chart.ticks.append(
                Tick(round(LEFT + slot * (index + 0.5), 2), period_label(timestamp, group_by, short=True))
            )
    return chart


@dataclass
class Row:
    name: str
    y: float
    width: float
    value_text: str
    text_y: float


@dataclass
class RankChart:
    """Horizontal bars, one per agent or inbox, largest first."""

    key: str
    title: str
    rows: list[Row]
    width: int = RANK_WIDTH
    name_width: int = NAME_WIDTH
    bar_height: int = ROW_HEIGHT - 10

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.rows) + 4


def rank_chart(key: str, title: str, items: list[tuple[str, float]]) -> RankChart:
    highest = max((value for _, value in items), default=0) or 1
    room = RANK_WIDTH - NAME_WIDTH - VALUE_WIDTH
    rows = [
        Row(
            name,
            ROW_HEIGHT * index + 5,
            round(max(room * value / highest, 1), 2),
            count_text(value),
            ROW_HEIGHT * index + 19,
        )
        for index, (name, value) in enumerate(items)
    ]
    return RankChart(key, title, rows)
