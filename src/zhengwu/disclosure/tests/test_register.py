"""The information register and its gates: D-2, D-3, D-5, D-6, D-7, D-9, D-10, D-11, D-15."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.audit.models import Event
from zhengwu.core import clock
from zhengwu.core.errors import DomainError, PermissionDenied
from zhengwu.disclosure import selectors, services
from zhengwu.disclosure.models import (
    Attribute,
    Category,
    Channel,
    InformationItem,
    SignOffStatus,
    Status,
    Validity,
    WithholdReason,
)
from zhengwu.disclosure.tests.helpers import category, draft, publish
from zhengwu.org.models import UnitKind
from zhengwu.org.tests.factories import OrgUnitFactory
from zhengwu.workdays.models import DeadlineStatus

D = dt.date


def test_D5_catalogue_covers_every_D5_clause_and_article_20_item_once(db) -> None:
    d5 = Category.objects.get(code="D5")
    r20 = Category.objects.get(code="R20")
    assert d5.children.count() == 2
    assert r20.children.count() == 15
    assert Category.objects.get(code="R20-07").name == "财政预算、决算信息"
    assert Category.objects.get(code="R20-13").name.startswith("环境保护、公共卫生")
    assert Category.objects.get(code="R20-15").path.startswith("条例第二十条")
    # Each clause of 第五条 is cited by exactly one category (no two places for one kind).
    for clause in "一二三四五六":
        citing = Category.objects.filter(legal_basis__contains=f"第五条第（{clause}）项")
        assert citing.count() == 1, clause
    assert "第五条第（六）项" in Category.objects.get(code="R20-05").legal_basis
    assert "行政许可" in Category.objects.get(code="R20-05").name


def test_D2_every_item_has_one_attribute_and_withheld_needs_its_R12_reason(dc) -> None:
    with pytest.raises(DomainError):
        draft(dc, attribute=Attribute.WITHHELD)
    item = draft(
        dc, attribute=Attribute.WITHHELD, withhold_reason="process", withhold_note="内部讨论稿"
    )
    assert item.get_attribute_display() == "不予公开"
    assert item.reassess_on is not None and item.reassess_on > clock.today()
    on_application = draft(dc, attribute=Attribute.ON_APPLICATION)
    with pytest.raises(DomainError, match="主动公开"):
        services.submit_for_review(by=dc.air_liaison, item=on_application)
    assert Event.objects.filter(action="disclosure.item_created").count() == 2


def test_D15_index_number_unique_per_publisher_and_year(dc) -> None:
    first = publish(dc, draft(dc))
    second = publish(dc, draft(dc))
    assert first.index_number == f"TEST-HB/{clock.today().year}-00001"
    assert second.index_number == f"TEST-HB/{clock.today().year}-00002"
    older = publish(dc, draft(dc, formed_on=D(2025, 12, 30)))
    assert older.index_number == "TEST-HB/2025-00001"
    enterprise = OrgUnitFactory(
        bureau=dc.bureau, name="测试环境科学研究院", kind=UnitKind.PUBLIC_ENTERPRISE, code="HKY"
    )
    own = publish(dc, draft(dc, publisher_unit=enterprise))
    assert own.index_number == f"HKY/{clock.today().year}-00001"
    assert own.publisher_name == "测试环境科学研究院"
    assert first.publisher_name == dc.bureau.name


def test_D11_index_numbers_are_given_at_publication_so_gaps_reveal_nothing(dc) -> None:
    """No existence oracle: unpublished items (drafts, withheld, on application) take no serial,
    so the public numbers run on without a gap where a hidden item was recorded."""
    year = clock.today().year
    first = publish(dc, draft(dc))
    hidden = [
        draft(dc),
        draft(dc, attribute=Attribute.WITHHELD, withhold_reason=WithholdReason.STATE_SECRET),
        draft(dc, attribute=Attribute.ON_APPLICATION),
    ]
    assert [item.index_number for item in hidden] == ["", "", ""]
    second = publish(dc, draft(dc))
    assert [first.index_number, second.index_number] == [
        f"TEST-HB/{year}-00001",
        f"TEST-HB/{year}-00002",
    ]
    # A draft published later continues the series; a withdrawn item keeps its number.
    third = publish(dc, hidden[0])
    assert third.index_number == f"TEST-HB/{year}-00003"
    services.withdraw_item(by=dc.officer, item=second, reason="内容有误")
    second.refresh_from_db()
    assert second.index_number == f"TEST-HB/{year}-00002"


def test_D11_migration_keeps_published_numbers_and_frees_unpublished_ones(dc) -> None:
    import importlib

    from django.apps import apps

    from zhengwu.disclosure.models import IndexCounter

    year = clock.today().year
    published = publish(dc, draft(dc))
    unpublished = draft(dc)
    # as numbered before the change: every recorded item took a serial
    InformationItem.objects.filter(pk=unpublished.pk).update(index_number=f"TEST-HB/{year}-00002")
    IndexCounter.objects.filter(prefix="TEST-HB", year=year).update(last_serial=2)
    migration = importlib.import_module(
        "zhengwu.disclosure.migrations.0006_index_numbers_at_publication"
    )
    migration.forwards(apps, None)
    unpublished.refresh_from_db()
    published.refresh_from_db()
    assert unpublished.index_number == ""
    assert published.index_number == f"TEST-HB/{year}-00001"
    assert publish(dc, unpublished).index_number == f"TEST-HB/{year}-00002"


def test_D11_the_author_cannot_review_and_a_passed_review_is_recorded(dc) -> None:
    item = draft(dc)
    services.submit_for_review(by=dc.air_liaison, item=item)
    assert not dc.air_liaison.has_perm("disclosure.review_item", item)
    assert dc.reviewer.has_perm("disclosure.review_item", item)
    with pytest.raises(PermissionDenied):
        services.review_item(by=dc.air_liaison, item=item, conclusion="passed")
    review = services.review_item(by=dc.reviewer, item=item, conclusion="passed", note="无涉密")
    assert (review.reviewer, review.reviewed_on, review.conclusion) == (
        dc.reviewer,
        clock.today(),
        "passed",
    )
    item.refresh_from_db()
    assert item.status == Status.APPROVAL


def test_D11_unsure_is_referred_and_held_until_the_answer(dc) -> None:
    item = draft(dc)
    services.submit_for_review(by=dc.air_liaison, item=item)
    with pytest.raises(DomainError):
        services.review_item(by=dc.reviewer, item=item, conclusion="unsure")
    services.review_item(by=dc.reviewer, item=item, conclusion="unsure", referred_to="市国家保密局")
    item.refresh_from_db()
    assert item.status == Status.REFERRED_SECRECY
    with pytest.raises(DomainError):
        services.approve_item(by=dc.leader, item=item)
    services.record_secrecy_answer(
        by=dc.officer, item=item, conclusion="passed", answer_on=clock.today(), note="可以公开"
    )
    item.refresh_from_db()
    assert item.status == Status.APPROVAL
    assert services.passed_review(item).answer_note == "可以公开"


def test_D11_nothing_is_published_without_a_passed_review(dc) -> None:
    item = draft(dc)
    services.submit_for_review(by=dc.air_liaison, item=item)
    with pytest.raises(DomainError):
        services.review_item(by=dc.reviewer, item=item, conclusion="failed")
    services.review_item(by=dc.reviewer, item=item, conclusion="failed", note="含内部数据")
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    # Even forced into the approved state, the publication refuses without a passed review.
    InformationItem.objects.filter(pk=item.pk).update(status=Status.APPROVED)
    with pytest.raises(DomainError, match="保密审查"):
        services.publish_item(by=dc.officer, item=item)
    assert selectors.public_item(item.pk) is None


def test_D10_every_department_concerned_confirms_before_release(dc) -> None:
    item = draft(dc, concerned_units=[dc.air, dc.water])
    services.submit_for_review(by=dc.air_liaison, item=item)
    services.review_item(by=dc.reviewer, item=item, conclusion="passed")
    item.refresh_from_db()
    assert item.status == Status.COORDINATION
    air, water = item.signoffs.order_by("unit__name")
    water = item.signoffs.get(unit=dc.water)
    air = item.signoffs.get(unit=dc.air)
    assert not dc.air_head.has_perm("disclosure.sign_off", water)
    assert dc.water_head.has_perm("disclosure.sign_off", water)
    services.sign_off(by=dc.air_head, signoff=air, confirm=True)
    item.refresh_from_db()
    assert item.status == Status.COORDINATION
    with pytest.raises(DomainError):
        services.approve_item(by=dc.leader, item=item)
    services.sign_off(by=dc.water_head, signoff=water, confirm=True)
    item.refresh_from_db()
    assert item.status == Status.APPROVAL


def test_D10_a_dispute_is_referred_and_its_outcome_recorded(dc) -> None:
    item = draft(dc, concerned_units=[dc.water])
    services.submit_for_review(by=dc.air_liaison, item=item)
    services.review_item(by=dc.reviewer, item=item, conclusion="passed")
    signoff = item.signoffs.get()
    with pytest.raises(DomainError):
        services.sign_off(by=dc.water_head, signoff=signoff, confirm=False)
    services.sign_off(by=dc.water_head, signoff=signoff, confirm=False, note="数据口径不一致")
    item.refresh_from_db()
    assert item.status == Status.REFERRED_DISPUTE
    services.record_dispute_outcome(
        by=dc.officer,
        signoff=signoff,
        allows_release=True,
        outcome="市政务公开办确认：按大气科口径发布",
        outcome_on=clock.today(),
    )
    signoff.refresh_from_db()
    item.refresh_from_db()
    assert signoff.status == SignOffStatus.RESOLVED
    assert signoff.outcome.startswith("市政务公开办")
    assert item.status == Status.APPROVAL


def test_D7_clock_runs_20_working_days_from_formation_and_reports_on_time(dc) -> None:
    item = draft(dc, formed_on=clock.today())
    deadline = selectors.publication_deadline(item)
    assert deadline.rule_id == "D-7" and deadline.time_limit.amount == 20
    assert "20" in deadline.explain()
    published = publish(dc, item)
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET
    assert deadline.met_on == published.published_on
    assert deadline.met_on_time is True


def test_D7_late_publication_is_reported_late(dc) -> None:
    item = draft(dc, formed_on=D(2026, 3, 2))
    publish(dc, item)
    deadline = selectors.publication_deadline(item)
    assert deadline.due_date < clock.today()
    assert deadline.met_on_time is False


def test_D7_a_change_restarts_the_clock_and_the_worklist_shows_overdue_items(dc) -> None:
    item = draft(dc, formed_on=D(2026, 3, 2))
    first = selectors.publication_deadline(item)
    due = selectors.due_worklist(dc.officer)
    assert [d.item for d in due] == [item] and due[0].overdue
    services.update_item(by=dc.air_liaison, item=item, changed_on=clock.today())
    first.refresh_from_db()
    assert first.status == DeadlineStatus.CANCELLED
    second = selectors.publication_deadline(item)
    assert second.start_date == clock.today() and second.status == DeadlineStatus.OPEN


def test_D6_every_channel_is_recorded(dc) -> None:
    item = publish(dc, draft(dc), channels=[Channel.GAZETTE])
    services.record_channel(
        by=dc.officer, item=item, channel=Channel.PRESS_CONFERENCE, released_on=clock.today()
    )
    assert sorted(item.channels.values_list("channel", flat=True)) == [
        "gazette",
        "portal",
        "press_conference",
    ]


def test_D3_normative_versions_are_linked_and_the_old_one_marked_amended(dc) -> None:
    old = publish(dc, draft(dc, title="示例市扬尘污染防治管理办法", is_normative=True))
    assert old.validity == Validity.EFFECTIVE
    new = publish(
        dc, draft(dc, title="示例市扬尘污染防治管理办法（修订）", is_normative=True, supersedes=old)
    )
    old.refresh_from_db()
    assert old.validity == Validity.AMENDED
    assert list(old.superseded_by.all()) == [new]
    services.set_validity(by=dc.officer, item=new, validity=Validity.ABOLISHED)
    new.refresh_from_db()
    assert new.get_validity_display() == "已废止"


def test_D9_clarification_is_recorded_and_linked_to_what_it_corrects(dc) -> None:
    original = publish(dc, draft(dc, title="2026年第三季度空气质量状况"))
    clarification = services.record_clarification(
        by=dc.officer,
        bureau=dc.bureau,
        found_where="某微信公众号",
        found_on=clock.today(),
        false_information="网传本市PM2.5浓度同比上升50%",
        title="关于网传本市空气质量数据的澄清说明",
        body="经核实，本市第三季度PM2.5平均浓度同比下降8.1%。",
        category=category(),
        corrects=original,
    )
    assert clarification.clarification.status == Status.DRAFT  # it passes the gates too
    published = publish(dc, clarification.clarification)
    assert published.clarifies.corrects == original
    assert list(selectors.public_items().filter(clarifies__corrects=original)) == [published]


def test_D2_withheld_items_are_reassessed_from_a_worklist(dc) -> None:
    item = draft(dc, attribute=Attribute.WITHHELD, withhold_reason="internal_affairs")
    assert list(selectors.reassessment_worklist(dc.officer)) == []
    InformationItem.objects.filter(pk=item.pk).update(reassess_on=clock.today())
    assert list(selectors.reassessment_worklist(dc.officer)) == [item]
    with pytest.raises(DomainError):
        services.reassess_withheld(by=dc.officer, item=item, keep=True, note="")
    services.reassess_withheld(by=dc.officer, item=item, keep=True, note="仍属内部事务信息")
    item.refresh_from_db()
    assert item.reassess_on > clock.today()
    services.reassess_withheld(
        by=dc.officer, item=item, keep=False, note="情况变化，可以公开", new_attribute="proactive"
    )
    item.refresh_from_db()
    assert item.attribute == Attribute.PROACTIVE and item.status == Status.DRAFT
    assert selectors.publication_deadline(item).start_date == clock.today()


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_D3_attachments_are_checked_by_content_and_their_text_is_indexed(dc) -> None:
    item = draft(dc)
    upload = SimpleUploadedFile("方案.docx", _docx("挥发性有机物综合治理方案"))
    attachment = services.add_attachment(by=dc.air_liaison, item=item, upload=upload)
    assert "挥发性有机物" in attachment.text
    with pytest.raises(DomainError):
        services.add_attachment(
            by=dc.air_liaison, item=item, upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00" * 10)
        )
    with pytest.raises(DomainError):
        services.add_attachment(
            by=dc.air_liaison, item=item, upload=SimpleUploadedFile("x.exe", b"\x7fELF" + b"0" * 50)
        )
    publish(dc, item)
    results, _, _ = selectors.search_public("有机物")
    assert [r.item for r in results] == [item]


def test_D11_confidential_items_are_seen_only_by_the_people_named(dc) -> None:
    item = draft(dc, is_confidential=True)
    assert dc.air_liaison.has_perm("disclosure.view_item", item)  # the author
    assert not dc.water_head.has_perm("disclosure.view_item", item)
    assert item not in selectors.visible_items(dc.water_head)
    item.named_people.add(dc.water_head)
    assert item in selectors.visible_items(dc.water_head)


def test_D11_views_refuse_strangers(dc, client) -> None:
    item = draft(dc, is_confidential=True)
    client.force_login(dc.outsider)
    assert client.get(f"/staff/disclosure/{item.pk}/").status_code == 404
    response = client.post(f"/staff/disclosure/{item.pk}/submit/")
    assert response.status_code == 404
    client.force_login(dc.air_liaison)
    assert client.get(f"/staff/disclosure/{item.pk}/").status_code == 200
    assert client.post(f"/staff/disclosure/{item.pk}/approve/").status_code == 403
