"""The demo's annual report (D-13): last year's report of the demo bureau, published on the
portal when the year's records pass every check, otherwise waiting for approval — never a
failing demo."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zhengwu.core import clock
from zhengwu.reports import selectors
from zhengwu.reports.models import AnnualReport, ReportStatus

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_D13_demo_has_last_years_report_with_narratives(client) -> None:
    call_command("demo")
    report = AnnualReport.objects.get(bureau__code="SLJ-HB", year=clock.today().year - 1)
    assert report.overview and report.problems and report.other
    _figures, found = selectors.blockers(report.bureau, report.year)
    if found:  # the year's records do not add up: approval is refused, the demo goes on
        assert report.status == ReportStatus.SUBMITTED
    else:
        assert report.status == ReportStatus.PUBLISHED
        assert str(report.year) in client.get("/annual-reports/").content.decode()
        assert client.get(f"/annual-reports/{report.pk}/").status_code == 200
    call_command("demo")
    assert AnnualReport.objects.filter(bureau__code="SLJ-HB").count() == 1
