"""Staff pages: the ledger dashboard (issue 5, point 7), the figure item lists, HR's annual
assessment and its .xlsx (S-14). All figures come from `selectors.figures` / `selectors.details`."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengwu.assessment import selectors, services
from zhengwu.assessment.selectors import PERIODS, Figures, Period
from zhengwu.core import clock
from zhengwu.core.charts import Series, bar_chart


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _period(request: HttpRequest) -> Period:
    """Year and period from the query; bad input → a message and the current year."""
    try:
        return selectors.parse_period(request.GET.get("year"), request.GET.get("period", ""))
    except ValueError as exc:
        messages.error(request, str(exc))
        return Period(clock.today().year)


def items_url(period: Period, figure: str, unit_id: int | None = None, **extra: Any) -> str:
    query = {"year": period.year, "period": period.key, "figure": figure}
    if unit_id:
        query["unit"] = unit_id
    query.update({k: v for k, v in extra.items() if v})
    return f"{reverse('assessment:items')}?{urlencode(query)}"


def _links(summary: Figures) -> list[dict[str, Any]]:
    """Each undertaker's figures with the link to the list behind each one."""
    out = []
    for row in [*summary.rows, summary.total]:
        unit_id = row.unit.pk
        out.append(
            {
                "row": row,
                "links": {
                    figure: items_url(summary.period, figure, unit_id)
                    for figure in selectors.FIGURES
                },
            }
        )
    return out


def _filter_context(period: Period) -> dict[str, Any]:
    this_year = clock.today().year
    return {
        "period": period,
        "years": list(range(this_year + 1, this_year - 6, -1)),
        "periods": PERIODS,
    }


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Issue 5, point 7: open/closed and on-time rate per undertaker, warnings by level over time,
    the 清零 trend and the key supervision list — each undertaker sees only its own."""
    _require(request, "assessment.view_dashboard")
    user, period = request.user, _period(request)
    summary = selectors.figures(user, period=period)
    names = [r.unit.name for r in summary.rows]
    ids = [r.unit.pk for r in summary.rows]
    open_closed = bar_chart(
        chart_id="open-closed",
        title=_("Open and closed items per undertaker"),
        category_heading=_("Undertaker"),
        categories=names,
        series=[Series("open", _("Open"), 1), Series("closed", _("Closed"), 0)],
        values=[[r.open, r.closed] for r in summary.rows],
        hrefs=[[items_url(period, "open", u), items_url(period, "closed", u)] for u in ids],
    )
    on_time = bar_chart(
        chart_id="on-time",
        title=_("On-time rate per undertaker"),
        category_heading=_("Undertaker"),
        categories=names,
        series=[Series("rate", _("On-time rate"), 3)],
        values=[
            [None if r.on_time_rate is None else round(100 * r.on_time_rate, 1)]
            for r in summary.rows
        ],
        hrefs=[[items_url(period, "due", u)] for u in ids],
        fmt=_percent,
        maximum=100,
    )
    months = selectors.warnings_by_month(user, period=period)
    warnings = bar_chart(
        chart_id="warnings-by-month",
        title=_("Warnings by level per month"),
        category_heading=_("Month"),
        categories=[f"{period.year}-{key[1:]}" for key, _c in months],
        series=[Series(f"level-{lv}", _("Level %(level)s") % {"level": lv}, lv - 1)
                for lv in selectors.LEVELS],  # fmt: skip
        values=[[c.get(lv, 0) for lv in selectors.LEVELS] for _k, c in months],
        hrefs=[
            [items_url(Period(period.year, key), f"warnings_{lv}") for lv in selectors.LEVELS]
            for key, _c in months
        ],
        show_zero=False,
    )
    trend = selectors.zeroing_trend(user, period=period)
    zeroing = bar_chart(
        chart_id="zeroing",
        title=_("Zeroing (清零) trend: closed and still open at each week's end"),
        category_heading=_("Week ending"),
        categories=[end.isoformat() for end, _c, _o in trend],
        series=[Series("closed", _("Closed"), 0), Series("still-open", _("Still open"), 1)],
        values=[[closed, still_open] for _e, closed, still_open in trend],
        hrefs=[
            [items_url(period, "closed", as_of=end.isoformat()),
             items_url(period, "open", as_of=end.isoformat())]
            for end, _c, _o in trend
        ],  # fmt: skip
    )
    return render(
        request,
        "assessment/dashboard.html",
        {
            **_filter_context(period),
            "summary": summary,
            "table": _links(summary),
            "charts": [open_closed, on_time, warnings, zeroing],
            "key_items": selectors.key_items_of(user),
        },
    )


@login_required
def items(request: HttpRequest) -> HttpResponse:
    """The rows behind one figure: every item, milestone, warning, return or case it counts."""
    _require(request, "assessment.view_figure_items")
    period = _period(request)
    figure = request.GET.get("figure", "items")
    unit_id, as_of, rows, error = None, None, [], ""
    try:
        if request.GET.get("unit"):
            unit_id = int(request.GET["unit"])
        if request.GET.get("as_of"):
            as_of = dt.date.fromisoformat(request.GET["as_of"])
        rows = selectors.details(
            request.user, period=period, figure=figure, unit_id=unit_id, as_of=as_of
        )
    except ValueError as exc:
        error = str(exc) if figure not in selectors.FIGURES else _("Invalid filter.")
    unit = next(
        (u for u in selectors.units_for(request.user, selectors.bureau_for(request.user) or 0)
         if u.pk == unit_id),
        None,
    )  # fmt: skip
    return render(
        request,
        "assessment/items.html",
        {
            "period": period,
            "figure": figure,
            "figure_label": figure_label(figure),
            "unit": unit,
            "as_of": as_of,
            "rows": rows,
            "error": error,
            "task_links": request.user.has_perm("supervision.view_ledger"),
        },
        status=400 if error else 200,
    )


def figure_label(figure: str) -> str:
    return {
        "items": _("Items"),
        "open": _("Open items"),
        "closed": _("Closed items"),
        "due": _("Milestones due"),
        "on_time": _("Milestones met on time"),
        "late": _("Milestones late or not met"),
        "warnings": _("Warnings"),
        "warnings_1": _("Level 1 warnings"),
        "warnings_2": _("Level 2 warnings"),
        "warnings_3": _("Level 3 warnings"),
        "returned": _("Returned reports"),
        "cases": _("Accountability cases"),
    }.get(figure, figure)


@login_required
def annual(request: HttpRequest) -> HttpResponse:
    """S-14: HR chooses a year and reads the figures per undertaker."""
    _require(request, "assessment.view_assessment")
    period = _period(request)
    summary = selectors.figures(request.user, period=period)
    export = f"{reverse('assessment:export')}?{urlencode({'year': period.year, 'period': period.key})}"
    return render(
        request,
        "assessment/annual.html",
        {**_filter_context(period), "summary": summary, "table": _links(summary),
         "export_url": export},
    )  # fmt: skip


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """S-14: the .xlsx (summary + detail sheets); generating it is an audit event."""
    _require(request, "assessment.export_assessment")
    try:
        period = selectors.parse_period(request.GET.get("year"), request.GET.get("period", ""))
    except ValueError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    content = services.export_assessment(by=request.user, period=period)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"assessment-{period.year}{'-' + period.key if period.key else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
