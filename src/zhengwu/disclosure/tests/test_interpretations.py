"""政策解读: an interpretation names the policy it explains; staff set the link on the item form,
and the portal shows it both ways (only between public items)."""

from __future__ import annotations

import pytest

from zhengwu.core import clock
from zhengwu.core.errors import DomainError
from zhengwu.disclosure import services
from zhengwu.disclosure.models import InformationItem
from zhengwu.disclosure.tests.helpers import category, draft, publish
from zhengwu.org.tests.factories import BureauFactory


@pytest.fixture
def policy(dc) -> InformationItem:
    return publish(
        dc,
        services.create_item(
            by=dc.air_liaison, bureau=dc.bureau, title="测试市扬尘污染防治管理办法",
            category=category("R20-01"), formed_on=clock.today(), body="正文",
            document_number="测环规〔2026〕1号", is_normative=True,
        ),
    )  # fmt: skip


def test_R11_staff_link_an_interpretation_to_its_policy_on_the_item_form(dc, client, policy):
    client.force_login(dc.air_liaison)
    response = client.post(
        "/staff/disclosure/new/",
        {
            "title": "《测试市扬尘污染防治管理办法》政策解读",
            "category": category("R20-01").pk,
            "formed_on": clock.today().isoformat(),
            "attribute": "proactive",
            "body": "解读正文",
            "interprets": policy.pk,
        },
        follow=True,
    )
    interpretation = InformationItem.objects.get(title__endswith="政策解读")
    assert interpretation.interprets == policy
    assert policy.title in response.content.decode()  # shown on the staff page
    services.update_item(by=dc.air_liaison, item=interpretation, interprets=None)
    assert InformationItem.objects.get(pk=interpretation.pk).interprets is None


def test_R11_an_interpretation_explains_another_item_of_the_same_bureau(dc, policy) -> None:
    item = draft(dc, title="政策解读")
    with pytest.raises(DomainError):
        services.update_item(by=dc.air_liaison, item=item, interprets=item)
    other = BureauFactory(name="测试市交通运输局", code="TEST-JT")
    foreign = InformationItem.objects.create(
        bureau=other, title="外局文件", category=category(), formed_on=clock.today(),
        author=dc.air_liaison, created_at=clock.now(), updated_at=clock.now(),
    )  # fmt: skip
    with pytest.raises(DomainError):
        services.update_item(by=dc.air_liaison, item=item, interprets=foreign)
    assert InformationItem.objects.get(pk=item.pk).interprets is None


def test_R11_the_portal_links_policy_and_interpretation_both_ways(dc, client, policy) -> None:
    interpretation = publish(dc, draft(dc, title="《测试市扬尘污染防治管理办法》政策解读",
                                       interprets=policy))  # fmt: skip
    unpublished = draft(dc, title="尚未公开的另一篇解读", interprets=policy)
    policy_page = client.get(f"/info/{policy.pk}/").content.decode()
    assert f'href="/info/{interpretation.pk}/"' in policy_page and "政策解读：" in policy_page
    assert unpublished.title not in policy_page
    interpretation_page = client.get(f"/info/{interpretation.pk}/").content.decode()
    assert f'href="/info/{policy.pk}/"' in interpretation_page
    assert (
        "本文解读的政策文件" in interpretation_page and "测环规〔2026〕1号" in interpretation_page
    )
    listing = client.get("/open/interpretations/").content.decode()
    assert interpretation.title in listing and policy.title in listing
    assert unpublished.title not in listing
    # A withdrawn policy takes its link off the interpretation's page.
    services.withdraw_item(by=dc.officer, item=policy, reason="已废止")
    assert (
        f'href="/info/{policy.pk}/"'
        not in client.get(f"/info/{interpretation.pk}/").content.decode()
    )
