from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "zhengwu.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Annual reports")

    def ready(self) -> None:
        from zhengwu.core.registry import NavItem, register_nav, register_work
        from zhengwu.reports import rules  # noqa: F401 — registers them
        from zhengwu.reports.selectors import waiting_for
        from zhengwu.workdays.owners import register_owner

        register_nav(
            NavItem(
                label=_("Annual reports"),
                url_name="reports:annual-list",
                permission="reports.view_reports",
                order=68,
            )
        )
        register_work(waiting_for)
        # the deadline of a year's report (31 January) is owned by the report, so the
        # warning engine reminds the disclosure office before it and warns after it.
        register_owner(
            "reports.annualreport",
            recipients=_recipients,
            describe=_describe,
            url=_url,
            visible_to=_visible_to,
        )


def _report(deadline):  # type: ignore[no-untyped-def]
    from zhengwu.reports.models import AnnualReport

    return AnnualReport.objects.select_related("bureau").filter(pk=deadline.owner_id).first()


def _recipients(deadline):  # type: ignore[no-untyped-def]
    from zhengwu.org.models import Role, UnitFunction
    from zhengwu.org.selectors import head_of, holders, units_with_function

    people = list(holders(Role.DISCLOSURE_OFFICER, bureau_id=deadline.bureau_id))
    for function in (UnitFunction.OFFICE, UnitFunction.DISCLOSURE):
        for unit in units_with_function(deadline.bureau_id, function):
            head = head_of(unit)
            if head is not None and head not in people:
                people.append(head)
    return people


def _describe(deadline):  # type: ignore[no-untyped-def]
    from django.utils.translation import gettext as _

    report = _report(deadline)
    if report is None:
        return deadline.owner_id
    return _("%(bureau)s: annual report on government information disclosure %(year)d") % {
        "bureau": report.bureau.name,
        "year": report.year,
    }


def _url(deadline):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    return reverse("reports:annual-report", args=[deadline.owner_id])


def _visible_to(deadline, person):  # type: ignore[no-untyped-def]
    from zhengwu.org.selectors import bureaus_for

    return deadline.bureau_id in bureaus_for(person)
