"""Bar charts the server draws as SVG (no JavaScript, no CDN), readable without colour alone.

One small module for every chart of the project: the warning dashboard (warnings by level per week)
and the ledger dashboards (open/closed and on-time rate per undertaker, the 清零 trend). Each series
has a fill pattern as well as a colour (plain, striped, dotted, cross-hatched), each bar carries its
value as a label and a <title>, can link to the items behind it, and the same figures come as a
data table (`rows`) that the template prints under the chart (`core/_bar_chart.html`).

Categories whose names do not fit under their bars (thirty undertakers with long names, a year
of weeks) turn the chart on its side: one row per category, its name on the left in full, the
bars running to the right, and the chart as tall as its rows need.
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
FONT_SIZE = 11  # of category names and values, in the chart's own units
BAR_THICKNESS = 14  # of a bar lying on its side
ROW_GAP = 8  # between the rows of a chart on its side
VALUE_ROOM = 44  # right of the longest bar on its side, for its value


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """How wide a label is drawn: a CJK (full-width) character is one em, anything else at most
    0.6 em — an upper bound for the sans-serif faces of the stylesheet."""
    return sum(font_size if ord(ch) > 0x2E7F else 0.6 * font_size for ch in text)


@dataclass(frozen=True)
class Label:
    """A category name in the chart: drawn at (x, y), `anchor` being SVG's text-anchor."""

    x: float
    y: float
    text: str
    anchor: str = "middle"
    full: str = ""  # the whole name when `text` had to be shortened


def _shorten(text: str, room: float) -> str:
    if text_width(text) <= room:
        return text
    while text and text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


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
    horizontal: bool = False

    @property
    def level(self) -> str:  # kept for templates that name the series by level
        return self.series.key

    @property
    def count(self) -> float | None:
        return self.value

    @property
    def label_y(self) -> float:
        if self.horizontal:
            return round(self.y + self.height / 2 + FONT_SIZE * 0.35, 1)
        return round(self.y - 3, 1)

    @property
    def label_x(self) -> float:
        if self.horizontal:
            return round(self.x + self.width + 3, 1)
        return round(self.x + self.width / 2, 1)

    @property
    def label_anchor(self) -> str:
        return "start" if self.horizontal else "middle"


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
    marks: list[Label] = field(default_factory=list)  # the category names as drawn
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    category_heading: Any = ""
    width: int = 720
    height: int = 240
    maximum: float = 0
    horizontal: bool = False
    axis: tuple[float, float, float, float] = (0, 0, 0, 0)  # x1, y1, x2, y2

    @property
    def baseline(self) -> int:
        return self.height - 20

    @property
    def font_size(self) -> int:
        return FONT_SIZE

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
    left = 10
    slots = max(len(chart.categories), 1)
    slot = (width - left) / slots
    widest = max((text_width(c) for c in chart.categories), default=0)
    if widest > slot - 4:
        _lay_on_side(chart, values, hrefs, fmt, show_zero)
        return chart
    top = 20
    plot_height = chart.baseline - top
    chart.axis = (left, chart.baseline, width, chart.baseline)
    bar_width = min((slot - 8) / max(len(chart.series), 1), MAX_BAR_WIDTH)
    group_width = bar_width * len(chart.series)
    for i, category in enumerate(chart.categories):
        x0 = left + i * slot + (slot - group_width) / 2
        chart.labels.append((round(x0 + group_width / 2, 1), category))
        chart.marks.append(Label(x=round(x0 + group_width / 2, 1), y=height - 5, text=category))
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


def _lay_on_side(
    chart: BarChart,
    values: Sequence[Sequence[float | None]],
    hrefs: Sequence[Sequence[str]] | None,
    fmt: Callable[[float | None], str],
    show_zero: bool,
) -> None:
    """One row per category, the name right-aligned left of the axis, bars running right."""
    chart.horizontal = True
    top = 10
    names = max((text_width(c) for c in chart.categories), default=0)
    plot_left = round(min(names, chart.width * 0.5) + 10, 1)
    plot_width = chart.width - plot_left - VALUE_ROOM
    row = max(len(chart.series), 1) * BAR_THICKNESS + ROW_GAP
    chart.height = int(top + row * max(len(chart.categories), 1) + top)
    chart.axis = (plot_left, top, plot_left, chart.height - top)
    for i, category in enumerate(chart.categories):
        y0 = top + i * row + ROW_GAP / 2
        middle = round(y0 + row / 2 - ROW_GAP / 2 + FONT_SIZE * 0.35, 1)
        chart.labels.append((middle, category))
        shown = _shorten(category, plot_left - 8)
        chart.marks.append(
            Label(x=plot_left - 6, y=middle, text=shown, anchor="end", full=category)
        )
        cells = []
        for j, one in enumerate(chart.series):
            value = values[i][j]
            href = hrefs[i][j] if hrefs else ""
            text = fmt(value)
            cells.append(Cell(text=text, href=href))
            if value is None or (not value and not show_zero):
                continue
            length = plot_width * value / chart.maximum if chart.maximum else 0
            chart.bars.append(
                Bar(x=plot_left, y=round(y0 + j * BAR_THICKNESS, 1), width=round(length, 1),
                    height=BAR_THICKNESS - 1, series=one, category=category, value=value,
                    text=text, href=href, horizontal=True)
            )  # fmt: skip
        chart.rows.append((category, cells))
