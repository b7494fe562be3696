import datetime as dt

import pytest

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.notifications.models import Notification
from zhengwu.weekly import policy, services
from zhengwu.weekly.models import ReportKind, ReportStatus, WeeklyReport
from zhengwu.weekly.tests.helpers import FRIDAY, draft, ledger_week, report


def test_S10_report_day_is_friday_or_the_last_working_day_before_a_friday_holiday(db):
    assert policy.report_day(dt.date(2026, 11, 24)) == FRIDAY
    # 2026-10-02 (Friday) is in the National Day holiday (1–7 October): that week has no
    # working day from Monday 28 September to Friday... except Mon–Wed before the holiday.
    assert policy.report_day(dt.date(2026, 9, 28)) == dt.date(2026, 9, 30)
    assert policy.is_report_day(dt.date(2026, 9, 30))
    assert not policy.is_report_day(dt.date(2026, 10, 2))


def test_S10_drafts_the_director_leader_and_consolidated_reports_on_the_report_day(cast):
    tasks = ledger_week(cast)
    result = draft(cast)
    assert {(r.kind, r.leader) for r in result.created} == {
        (ReportKind.LEADER, cast.leader),
        (ReportKind.DIRECTOR, cast.director),
        (ReportKind.CONSOLIDATED, cast.director),
    }
    director = report(cast, ReportKind.DIRECTOR)
    assert director.preparing_unit == cast.office and director.preparer == cast.office_staff
    assert [i["task_id"] for i in director.figures["items"]] == [tasks["director"].pk]
    leader = report(cast, ReportKind.LEADER)
    # S-10: the head of the section in charge prepares, copied to the office.
    assert leader.preparing_unit == cast.air and leader.preparer == cast.air_head
    assert leader.copy_to == cast.office
    assert leader.figures["counts"]["new"] == 1
    assert [i["title"] for i in leader.figures["items"]] == ["扬尘专项检查"]
    consolidated = report(cast, ReportKind.CONSOLIDATED)
    assert [p["report_id"] for p in consolidated.figures["parts"]] == [leader.pk]
    assert consolidated.figures["counts"]["in_progress"] == 1
    assert all(r.week == dt.date(2026, 11, 23) and r.status == ReportStatus.DRAFT
               for r in result.created)  # fmt: skip
    assert Event.objects.filter(action=services.Actions.DRAFTED).count() == 3
    assert Notification.objects.filter(
        recipient=cast.air_head, kind="weekly.report_drafted"
    ).exists()


def test_S10_drafting_is_idempotent_and_completes_what_a_killed_worker_left(cast):
    ledger_week(cast)
    draft(cast)
    # A worker killed after the first report: the others are missing, the first one stays.
    WeeklyReport.objects.exclude(kind=ReportKind.LEADER).delete()
    edited = report(cast, ReportKind.LEADER)
    WeeklyReport.objects.filter(pk=edited.pk).update(summary="已写的小结")
    second = draft(cast)
    assert {r.kind for r in second.created} == {ReportKind.DIRECTOR, ReportKind.CONSOLIDATED}
    assert [r.pk for r in second.existing] == [edited.pk]
    assert report(cast, ReportKind.LEADER).summary == "已写的小结"
    third = draft(cast)
    assert third.created == [] and WeeklyReport.objects.count() == 3


def test_S10_unique_constraint_refuses_a_second_report_of_the_same_week_kind_and_leader(cast):
    from django.db import IntegrityError, transaction

    draft(cast)
    existing = report(cast, ReportKind.DIRECTOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        existing.pk = None
        existing.save()


def test_S10_nothing_is_drafted_on_a_day_that_is_not_the_report_day(cast):
    assert draft(cast, dt.date(2026, 11, 26)).created == []
    # National Day week: Wednesday 30 September is the report day, Friday 2 October is not.
    assert draft(cast, dt.date(2026, 10, 2)).created == []
    result = draft(cast, dt.date(2026, 9, 30))
    assert len(result.created) == 3
    assert {r.week for r in result.created} == {dt.date(2026, 9, 28)}


def test_S10_the_schedule_entry_drafts_on_the_report_day(cast):
    from zhengwu.warnings import jobs

    with clock.frozen(dt.datetime(2026, 11, 27, 8, 0)):
        jobs.scheduled_weekly_report_day.call_local()
    assert WeeklyReport.objects.filter(bureau=cast.bureau).count() == 3
    with clock.frozen(dt.datetime(2026, 11, 26, 8, 0)):
        jobs.scheduled_weekly_report_day.call_local()
    assert WeeklyReport.objects.count() == 3


def test_S10_the_command_drafts_for_a_date_and_prints_what_it_drafted(cast):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("weekly_reports", "--date", "2026-11-27", stdout=out)
    text = out.getvalue()
    assert "3 drafted" in text and "2026-11-27" in text
    out = StringIO()
    call_command("weekly_reports", "--date", "2026-11-27", stdout=out)
    assert "0 drafted" in out.getvalue()


def test_S10_a_report_day_in_an_unconfirmed_year_says_so(cast):
    from io import StringIO

    from django.core.management import call_command

    from zhengwu.workdays.selectors import is_year_confirmed

    assert not is_year_confirmed(2027)
    out = StringIO()
    call_command("weekly_reports", "--date", "2026-12-31", stdout=out)
    text = out.getvalue()
    # Friday 2027-01-01 is the report day by the weekend rule only: 2027 has no notice yet.
    assert "this week's is 2027-01-01 unconfirmed: 2027" in text


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "2026-13-01"])
def test_foundation_weekly_reports_refuses_an_absurd_date_with_status_2(cast, date):
    from io import StringIO

    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match=date) as refused:
        call_command("weekly_reports", "--date", date, stdout=StringIO())
    assert refused.value.returncode == 2
