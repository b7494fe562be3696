"""Bar charts the server draws as SVG (no JavaScript, no CDN), readable without colour alone.

One small module for every chart of the project: the warning dashboard (warnings by level per week)
and the ledger dashboards (open/closed and on-time rate per undertaker, the 清零 trend). Each series
has a fill pattern as well as a colour (plain, striped, dotted, cross-hatched), each bar carries its
value as a label and a <title>, can link to the items behind it, and the same figures come as a
data table (`rows`) that the template prints under the chart (`core/_bar_chart.html`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Colour and pattern of the n-th series; the pattern alone tells the series apart.
PATTERNS = (
    ("plain", "#f6c344"),
    ("striped", "#e07b24"),
    ("dotted", "#b3261e"),
    ("hatched", "#2f6fb0"),
)


MAX_BAR_WIDTH = 48  # a lone category still reads as bars, not as a wall


@dataclass(frozen=True)
class Series:
    key: str  # used in the pattern id: "<chart id>-<key>"
    label: Any  # lazy translation or str
    index: int = 0  # which pattern and colour

    @property
    def pattern(self) -> str:
        return PATTERNS[self.index % len(PATTERNS)][0]

    @property
    def colour(self) -> str:
        return PATTERNS[self.index % len(PATTERNS)][1]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: Series
    category: str
    value: float | None
    text: str  # the value as printed on the bar and in the table
    href: str = ""

    @property
    def level(self) -> str:  # kept for templates that name the series by level
        return self.series.key

    @property
    def count(self) -> float | None:
        return self.value

    @property
    def label_y(self) -> float:
        return round(self.y - 3, 1)

    @property
    def label_x(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass
class Cell:
    text: str
    href: str = ""


@dataclass
class BarChart:
    id: str
    title: Any
    categories: list[str]
    series: list[Series]
    bars: list[Bar] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    category_heading: Any = ""
    width: int = 720
    height: int = 240
    maximum: float = 0

    @property
    def baseline(self) -> int:
        return self.height - 20

    @property
    def levels(self) -> list[str]:
        return [s.key for s in self.series]


def bar_chart(
    *,
    chart_id: str,
    title: Any,
    categories: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[float | None]],
    hrefs: Sequence[Sequence[str]] | None = None,
    fmt: Callable[[float | None], str] = lambda v: "—" if v is None else f"{v:g}",
    maximum: float | None = None,
    category_heading: Any = "",
    show_zero: bool = True,
    width: int = 720,
    height: int = 240,
) -> BarChart:
    """Grouped bars: `values[i][j]` is category i, series j; `hrefs` the same shape (may be "")."""
    chart = BarChart(
        id=chart_id, title=title, categories=list(categories), series=list(series),
        category_heading=category_heading, width=width, height=height,
    )  # fmt: skip
    numbers = [v for row in values for v in row if v is not None]
    chart.maximum = maximum if maximum is not None else max(numbers or [0])
    top, left = 20, 10
    plot_height = chart.baseline - top
    slots = max(len(chart.categories), 1)
    slot = (width - left) / slots
    bar_width = min((slot - 8) / max(len(chart.series), 1), MAX_BAR_WIDTH)
    group_width = bar_width * len(chart.series)
    for i, category in enumerate(chart.categories):
        x0 = left + i * slot + (slot - group_width) / 2
        chart.labels.append((round(x0 + group_width / 2, 1), category))
        cells = []
        for j, one in enumerate(chart.series):
            value = values[i][j]
            href = hrefs[i][j] if hrefs else ""
            text = fmt(value)
            cells.append(Cell(text=text, href=href))
            if value is None or (not value and not show_zero):
                continue
            height_ = plot_height * value / chart.maximum if chart.maximum else 0
            chart.bars.append(
                Bar(x=round(x0 + j * bar_width, 1), y=round(top + plot_height - height_, 1),
                    width=round(bar_width - 1, 1), height=round(height_, 1), series=one,
                    category=category, value=value, text=text, href=href)
            )  # fmt: skip
        chart.rows.append((category, cells))
    return chart
