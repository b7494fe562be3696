"""Staff pages: the ledger dashboard (issue 5, point 7), the figure item lists, HR's annual
assessment and its .xlsx (S-14). All figures come from `selectors.figures` / `selectors.details`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengwu.assessment import selectors, services
from zhengwu.assessment.forms import ConcludeForm, TaskCaseForm
from zhengwu.assessment.selectors import PERIODS, Figures, Period
from zhengwu.core import clock, inputs
from zhengwu.core.charts import Series, bar_chart
from zhengwu.core.display import week_label
from zhengwu.core.errors import DomainError
from zhengwu.supervision.models import Milestone, Task
from zhengwu.supervision.selectors import visible_tasks
from zhengwu.warnings import services as warning_services


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
        series=[
            Series(f"level-{lv}", _("Level %(level)s") % {"level": lv}, lv - 1)
            for lv in selectors.LEVELS
        ],
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
        category_heading=_("Week"),
        categories=[week_label(end) for end, _c, _o in trend],
        series=[Series("closed", _("Closed"), 0), Series("still-open", _("Still open"), 1)],
        values=[[closed, still_open] for _e, closed, still_open in trend],
        hrefs=[
            [
                items_url(period, "closed", as_of=end.isoformat()),
                items_url(period, "open", as_of=end.isoformat()),
            ]
            for end, _c, _o in trend
        ],
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
        if request.GET.get("as_of"):
            as_of = inputs.parse_date(request.GET["as_of"])
    except ValueError as exc:
        error = str(exc)
    try:
        if request.GET.get("unit"):
            unit_id = int(request.GET["unit"])
        if not error:
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
    export = (
        f"{reverse('assessment:export')}?{urlencode({'year': period.year, 'period': period.key})}"
    )
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


def _task_for_case(request: HttpRequest, task_id: Any) -> Task:
    """A task the supervision office sees (S-13: hidden and missing look the same)."""
    try:
        return visible_tasks(request.user).select_related("lead_unit").get(pk=int(task_id))
    except (TypeError, ValueError, Task.DoesNotExist):
        raise Http404 from None


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    """S-14: accountability cases on ledger tasks, with their outcome."""
    _require(request, "assessment.view_cases")
    task_id = request.GET.get("task")
    task = _task_for_case(request, task_id) if task_id else None
    rows = selectors.ledger_cases(request.user, task_id=task.pk if task else None)
    return render(
        request,
        "assessment/cases.html",
        {
            "rows": rows,
            "task": task,
            "can_work": request.user.has_perm("warnings.open_accountability_case"),
            "conclude_form": ConcludeForm(),
        },
    )


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    """S-14: the supervision office opens a case directly from a task (not only a key item)."""
    _require(request, "warnings.open_accountability_case")
    task = _task_for_case(request, request.GET.get("task") or request.POST.get("task"))
    milestones = list(
        Milestone.objects.filter(task=task, deadline__isnull=False)
        .select_related("deadline", "task")
        .order_by("deadline__due_date", "pk")
    )
    form = TaskCaseForm(request.POST or None, milestones=milestones)
    if request.method == "POST" and form.is_valid():
        milestone = next(m for m in milestones if m.pk == form.cleaned_data["milestone"])
        try:
            warning_services.open_accountability_case(
                by=request.user, on=milestone, subject=form.cleaned_data["subject"],
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The accountability case was saved."))
            return redirect(f"{reverse('assessment:cases')}?task={task.pk}")
    return render(request, "assessment/case_new.html", {"task": task, "form": form})


@login_required
def case_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    """S-14: the case ends with its outcome."""
    _require(request, "warnings.open_accountability_case")
    row = next((r for r in selectors.ledger_cases(request.user) if r.case.pk == pk), None)
    if row is None or request.method != "POST":
        raise Http404
    form = ConcludeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("State the outcome before concluding."))
    else:
        try:
            warning_services.conclude_accountability_case(
                by=request.user, case=row.case, outcome=form.cleaned_data["outcome"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The accountability case was saved."))
    return redirect(f"{reverse('assessment:cases')}?task={row.task.pk}")


# --- D-12: the disclosure assessment ------------------------------------------------------------


def _bureau_param(request: HttpRequest) -> str:
    return request.GET.get("bureau", "")


def disclosure_items_url(
    period: Period, figure: str, unit_id: int | None = None, bureau: Any = ""
) -> str:
    query: dict[str, Any] = {"year": period.year, "period": period.key, "figure": figure}
    if unit_id is not None:
        query["unit"] = unit_id
    if bureau:
        query["bureau"] = bureau
    return f"{reverse('assessment:disclosure-items')}?{urlencode(query)}"


def disclosure_label(figure: str) -> str:
    return {
        "published": _("Items published"),
        "published_on_time": _("Items published on time"),
        "published_late": _("Items published late"),
        "answered": _("Applications answered"),
        "answered_on_time": _("Applications answered on time"),
        "answered_late": _("Applications answered late"),
        "corrected": _("Answers corrected by review or litigation"),
        "clarifications": _("Clarifications"),
        "disclosure_cases": _("Accountability cases"),
    }.get(figure, figure)


def _bureau_choices(request: HttpRequest) -> list[Any]:
    from zhengwu.org.models import Bureau
    from zhengwu.org.selectors import bureaus_for

    return list(Bureau.objects.filter(pk__in=bureaus_for(request.user)).order_by("pk"))


@login_required
def disclosure(request: HttpRequest) -> HttpResponse:
    """D-12: per section, publication and answer timeliness, corrected answers, clarifications
    and accountability cases, for the bureau's performance evaluation."""
    _require(request, "assessment.view_disclosure_assessment")
    period = _period(request)
    bureau = _bureau_param(request)
    summary = selectors.disclosure_figures(request.user, period=period, bureau_id=bureau or None)
    if bureau and summary.bureau_id is None:
        raise Http404
    table = [
        {
            "row": row,
            "links": {
                figure: disclosure_items_url(
                    period, figure, None if row is summary_total else row.key, bureau
                )
                for figure in selectors.DISCLOSURE_FIGURES
            },
        }
        for summary_total in [summary.total]
        for row in [*summary.rows, summary_total]
    ]
    query = {"year": period.year, "period": period.key, "bureau": bureau}
    export = f"{reverse('assessment:disclosure-export')}?{urlencode(query)}"
    return render(
        request,
        "assessment/disclosure.html",
        {**_filter_context(period), "summary": summary, "table": table, "export_url": export,
         "bureaus": _bureau_choices(request), "bureau": summary.bureau_id,
         "cases_link": request.user.has_perm("assessment.view_cases")},
    )  # fmt: skip


@login_required
def disclosure_items(request: HttpRequest) -> HttpResponse:
    """D-12: the items, applications, cases or clarifications behind one disclosure figure."""
    _require(request, "assessment.view_disclosure_assessment")
    period = _period(request)
    figure = request.GET.get("figure", "published")
    unit_id, rows, error = None, [], ""
    try:
        if request.GET.get("unit") not in (None, ""):
            unit_id = int(request.GET["unit"])
        rows = selectors.disclosure_details(
            request.user, period=period, figure=figure, unit_id=unit_id,
            bureau_id=_bureau_param(request) or None,
        )  # fmt: skip
    except ValueError as exc:
        error = str(exc) if figure not in selectors.DISCLOSURE_FIGURES else _("Invalid filter.")
    return render(
        request,
        "assessment/disclosure_items.html",
        {"period": period, "figure": figure, "figure_label": disclosure_label(figure),
         "rows": rows, "error": error, "unit_name": rows[0].unit if rows and unit_id is not None
         else ""},
        status=400 if error else 200,
    )  # fmt: skip


@login_required
def disclosure_export(request: HttpRequest) -> HttpResponse:
    """D-12: the disclosure assessment as .xlsx (summary + detail sheets); an audit event."""
    _require(request, "assessment.export_disclosure_assessment")
    try:
        period = selectors.parse_period(request.GET.get("year"), request.GET.get("period", ""))
    except ValueError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    bureau = _bureau_param(request)
    if bureau and selectors.disclosure_bureau(request.user, bureau) is None:
        raise Http404
    content = services.export_disclosure_assessment(
        by=request.user, period=period, bureau_id=bureau or None
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"disclosure-assessment-{period.year}{'-' + period.key if period.key else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
