"""The server-drawn bar charts stay readable however many categories they have: the category
names, as drawn in the SVG, never overlap one another or the bars (issue 15, staff screens)."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

from django.template.loader import render_to_string

from zhengwu.core.charts import Series, bar_chart

SVG = "{http://www.w3.org/2000/svg}"
DISTRICTS = ["东城", "西城", "朝阳", "海淀", "丰台", "石景山", "门头沟", "房山", "通州", "顺义"]
KINDS = ["生态环境保护综合行政执法支队", "环境监测站", "固体废物和化学品管理中心"]


def _thirty_units() -> list[str]:
    return [f"{d}区{k}" for k, d in itertools.product(KINDS, DISTRICTS)]


def _svg(chart) -> ET.Element:  # type: ignore[no-untyped-def]
    html = render_to_string("core/_bar_chart.html", {"chart": chart})
    svg = re.search(r"<svg class=\"chart.*?</svg>", html, re.S)
    assert svg is not None
    # The SVG is the project's own template output, not untrusted input.
    return ET.fromstring(  # noqa: S314
        svg.group(0).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    )


def _boxes(svg: ET.Element, cls: str | None) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of each <text> (of class `cls`), from its x, y, anchor and
    font size; every character is taken as one em wide (CJK glyphs are, others are narrower)."""
    boxes = []
    for text in svg.iter(f"{SVG}text"):
        if cls is not None and text.get("class") != cls:
            continue
        if cls is None and text.get("class"):
            continue
        content = (text.text or "") + "".join((t.tail or "") for t in text)
        size = float(text.get("font-size"))
        x, y, width = float(text.get("x")), float(text.get("y")), len(content) * size
        anchor = text.get("text-anchor", "start")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        boxes.append((content, left, y - size, left + width, y + 0.25 * size))
    return boxes


def _overlap(a, b) -> bool:  # type: ignore[no-untyped-def]
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def _chart(names: list[str]):  # type: ignore[no-untyped-def]
    return bar_chart(
        chart_id="open-closed",
        title="各承办单位在办、办结事项",
        category_heading="承办单位",
        categories=names,
        series=[Series("open", "在办", 1), Series("closed", "办结", 0)],
        values=[[i % 7, (i * 3) % 11] for i in range(len(names))],
    )


def test_foundation_thirty_units_with_long_names_have_labels_that_do_not_overlap() -> None:
    names = _thirty_units()
    assert len(names) == 30
    svg = _svg(_chart(names))
    width, height = (float(v) for v in svg.get("viewBox").split()[2:])
    labels = _boxes(svg, "chart-category")
    assert [label[0] for label in labels] == names  # every name, in full
    for a, b in itertools.combinations(labels, 2):
        assert not _overlap(a, b), (a, b)
    bars = [
        (float(r.get("x")), float(r.get("y")), float(r.get("width")), float(r.get("height")))
        for r in svg.iter(f"{SVG}rect")
        if r.get("class") == "bar"
    ]
    assert bars
    for label in labels:
        assert label[1] >= 0 and label[3] <= width and label[2] >= 0 and label[4] <= height
        for x, y, w, h in bars:
            assert not _overlap(label, ("bar", x, y, x + w, y + h)), (label, (x, y, w, h))
    values = _boxes(svg, None)
    for a, b in itertools.product(labels, values):
        assert not _overlap(a, b), (a, b)


def test_foundation_a_few_short_names_keep_their_bars_upright_and_labels_apart() -> None:
    names = ["办公室", "大气科", "水环境科"]
    chart = _chart(names)
    assert not chart.horizontal
    labels = _boxes(_svg(chart), "chart-category")
    assert [label[0] for label in labels] == names
    for a, b in itertools.combinations(labels, 2):
        assert not _overlap(a, b)


def test_foundation_a_name_longer_than_half_the_chart_is_shortened_with_its_title_kept() -> None:
    long_name = "某某市生态环境局某某区分局生态环境保护综合行政执法大队第一中队机动组"
    html = render_to_string(
        "core/_bar_chart.html", {"chart": _chart([long_name, *_thirty_units()])}
    )
    assert f"<title>{long_name}</title>" in html
    svg = _svg(_chart([long_name, *_thirty_units()]))
    assert all(label[1] >= 0 for label in _boxes(svg, "chart-category"))
