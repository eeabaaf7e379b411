"""Charts drawn on the server as SVG: the geometry here, the markup in templates/pay.

A chart is a picture of a table the page shows beside it, so the numbers reach screen
readers and anyone who prefers them; the SVG carries a title, a description and labelled
axes. Sizes are in the viewBox's units: the picture scales to the column, 375 px wide or
more, and its text stays at least 11 px there."""

from __future__ import annotations

from dataclasses import dataclass

from careercenter.pay.figures import Spread
from careercenter.pay.service import Bin, FacetBar

WIDTH = 400
PLOT_LEFT = 48
PLOT_RIGHT = 8
PLOT_TOP = 26  # room above the plot for the axis's name
PLOT_HEIGHT = 150
AXIS_GAP = 34


def dollars_short(amount: float) -> str:
    """$62k, $105k: axis labels that fit."""
    return f"${amount / 1000:,.0f}k" if amount >= 1000 else f"${amount:,.0f}"


@dataclass
class Column:
    x: float
    y: float
    width: float
    height: float
    label: str
    postings: int
    quartile: bool  # holds the median


@dataclass
class Histogram:
    columns: list[Column]
    ticks: list[tuple[float, str]]  # y, label of the postings axis
    x_labels: list[tuple[float, str]]
    height: int
    width: int = WIDTH
    left: int = PLOT_LEFT
    baseline: float = PLOT_TOP + PLOT_HEIGHT


def histogram(bins: list[Bin], spread: Spread | None) -> Histogram:
    top = max((item.postings for item in bins), default=0) or 1
    plot_width = WIDTH - PLOT_LEFT - PLOT_RIGHT
    step = plot_width / max(len(bins), 1)
    columns = []
    for i, item in enumerate(bins):
        height = PLOT_HEIGHT * item.postings / top
        columns.append(
            Column(
                x=PLOT_LEFT + i * step + 1,
                y=PLOT_TOP + PLOT_HEIGHT - height,
                width=max(step - 2, 1),
                height=height,
                label=f"{dollars_short(item.low)}–{dollars_short(item.high)}",
                postings=item.postings,
                quartile=bool(spread and item.low <= spread.median < item.high),
            )
        )
    ticks = [
        (PLOT_TOP + PLOT_HEIGHT * (1 - share), f"{round(top * share):,}") for share in (0, 0.5, 1)
    ]
    # Every other band labelled on narrow screens' behalf: the labels never overlap.
    every = max(1, -(-len(bins) // 6))
    x_labels = [
        (PLOT_LEFT + i * step, dollars_short(item.low))
        for i, item in enumerate(bins)
        if i % every == 0
    ]
    return Histogram(columns, ticks, x_labels, height=PLOT_TOP + PLOT_HEIGHT + AXIS_GAP)


@dataclass
class Bar:
    y: float
    width: float
    label: str
    value: str
    postings: int


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    width: int = WIDTH
    left: int = 150
    bar_height: int = 20


def bar_chart(bars: list[FacetBar]) -> BarChart:
    """Side-by-side medians, one bar per value with enough postings."""
    shown = [bar for bar in bars if bar.median is not None]
    top = max((bar.median or 0 for bar in shown), default=0) or 1
    left, room = 150, WIDTH - 150 - 60
    return BarChart(
        [
            Bar(
                y=8 + i * 28,
                width=room * (bar.median or 0) / top,
                label=bar.label,
                value=dollars_short(bar.median or 0),
                postings=bar.postings,
            )
            for i, bar in enumerate(shown)
        ],
        height=8 + 28 * len(shown) + 4,
        left=left,
    )
