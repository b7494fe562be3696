"""Staff pages of the working-day calendar (issue 3, points 2, 4, 6 and 7)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods

from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.workdays import selectors, services
from zhengwu.workdays.forms import ComputeForm, NoticeForm
from zhengwu.workdays.models import LimitUnit

# From this month on the next year's notice is due (it comes out in the autumn).
BANNER_FROM_MONTH = 10
# Column heads of the month grids (Monday first), translated with a context of their own so that
# Django's own "Mon"… of the date filters keep their translation.
WEEKDAY_COLUMNS = [
    pgettext_lazy("calendar column", "Mon"),
    pgettext_lazy("calendar column", "Tue"),
    pgettext_lazy("calendar column", "Wed"),
    pgettext_lazy("calendar column", "Thu"),
    pgettext_lazy("calendar column", "Fri"),
    pgettext_lazy("calendar column", "Sat"),
    pgettext_lazy("calendar column", "Sun"),
]


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def unconfirmed_year_banner(request: HttpRequest) -> list[dict[str, Any]]:
    """Point 4: from 1 October, every staff page says when next year's calendar is unconfirmed."""
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("workdays.view_calendar"):
        return []
    today = clock.today()
    if today.month < BANNER_FROM_MONTH or selectors.is_year_confirmed(today.year + 1):
        return []
    text = _(
        "The working-day calendar of %(year)s is not confirmed yet: deadlines reaching into "
        "%(year)s count weekends only until the State Council's holiday notice is loaded."
    ) % {"year": today.year + 1}
    return [{"level": "warning", "text": text}]


@login_required
def calendar(request: HttpRequest, year: int | None = None) -> HttpResponse:
    _require(request, "workdays.view_calendar")
    year = year or clock.today().year
    if not 1950 <= year <= 2150:
        raise Http404
    return render(
        request,
        "workdays/calendar.html",
        {
            "cal": selectors.year_calendar(year),
            "weekdays": WEEKDAY_COLUMNS,
            "can_import": request.user.has_perm("workdays.import_notice"),
        },
    )


@login_required
def time_limits(request: HttpRequest) -> HttpResponse:
    _require(request, "workdays.view_time_limits")
    limits = selectors.time_limits()
    current = {}
    for limit in limits:
        current.setdefault(limit.rule_id, limit.pk)
    return render(
        request,
        "workdays/time_limits.html",
        {"limits": limits, "current_ids": set(current.values())},
    )


@login_required
def compute(request: HttpRequest) -> HttpResponse:
    _require(request, "workdays.compute_deadline")
    form = ComputeForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        result = selectors.compute(form.cleaned_data["rule"], form.cleaned_data["start"])
    return render(
        request,
        "workdays/compute.html",
        {"form": form, "result": result, "workdays_unit": LimitUnit.WORKDAYS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_notice(request: HttpRequest) -> HttpResponse:
    """Paste or upload → preview of the dates and the changes → confirm → applied."""
    _require(request, "workdays.import_notice")
    if request.method == "POST" and request.POST.get("action") == "confirm":
        texts = request.POST.getlist("notice_text")
        reason = request.POST.get("reason", "")
        try:
            result = services.import_notice(
                by=request.user,
                texts=texts,
                confirm_implausible=request.POST.get("confirm_implausible") == "on",
                reason=reason,
            )
        except DomainError as error:
            if error.code in ("implausible", "reason"):
                # the preview again, with what must be confirmed
                context = {
                    "form": NoticeForm(),
                    "plan": selectors.plan_notice_import(texts),
                    "texts": texts,
                    "reason": reason,
                    "confirm_error": error.message,
                }
                return render(request, "workdays/import.html", context, status=400)
            messages.error(request, error.message)
            return render(request, "workdays/import.html", {"form": NoticeForm()}, status=400)
        for line in result.plan.summary_lines():
            messages.success(request, line)
        if result.moved:
            messages.info(
                request,
                _("%(n)d open deadlines moved; their owners are told.") % {"n": len(result.moved)},
            )
        return redirect("workdays:calendar-year", year=result.plan.years[0])

    form = NoticeForm(request.POST or None, request.FILES or None)
    plan = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = selectors.plan_notice_import(form.texts())
            except DomainError as error:
                form.add_error(None, error.message)
                status = 400
        else:
            status = 400
    return render(
        request,
        "workdays/import.html",
        {"form": form, "plan": plan, "texts": form.texts() if plan else []},
        status=status,
    )
