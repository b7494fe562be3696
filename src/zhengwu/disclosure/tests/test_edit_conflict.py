"""Two people editing the same draft: the second save, made from the state before the first one,
is refused with a clear message and the person's input kept; the first change stands."""

from __future__ import annotations

from typing import Any

from django.test import Client

from zhengwu.audit.models import Event
from zhengwu.disclosure import forms
from zhengwu.disclosure.models import InformationItem
from zhengwu.disclosure.tests.helpers import draft


def form_data(item: InformationItem, **changes: Any) -> dict[str, Any]:
    """What the edit page's form posts as opened now (hidden fields included), with changes."""
    form = forms.ItemForm(instance=item, bureau=item.bureau)
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else value
    data.update(changes)
    return data


def test_foundation_second_editor_of_a_draft_gets_a_conflict_and_keeps_the_input(dc) -> None:
    item = draft(dc, title="关于2026年大气污染防治工作的通知")
    first, second = Client(), Client()
    first.force_login(item.author)
    second.force_login(item.author)
    url = f"/staff/disclosure/{item.pk}/edit/"
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    opened = form_data(item)  # both opened the same state
    saved = first.post(url, {**opened, "title": "关于2026年大气污染防治重点工作的通知"})
    assert saved.status_code == 302
    events = Event.objects.count()
    refused = second.post(url, {**opened, "title": "关于2026年扬尘治理工作的通知"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "已被他人修改" in page
    assert "关于2026年扬尘治理工作的通知" in page  # the second person's input is still there
    item.refresh_from_db()
    assert item.title == "关于2026年大气污染防治重点工作的通知"  # the first change stands
    assert Event.objects.count() == events  # nothing recorded for the refused save
    # Reloading gives the current state, and saving from it works.
    again = second.post(url, {**form_data(item), "title": "关于2026年扬尘治理工作的通知"})
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.title == "关于2026年扬尘治理工作的通知"
