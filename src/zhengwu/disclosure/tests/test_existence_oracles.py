"""No existence oracles (D-11): a record the caller may not see answers exactly as one that does
not exist, on the portal, the public API and the staff API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengwu.disclosure import services
from zhengwu.disclosure.models import Attachment
from zhengwu.disclosure.tests.helpers import draft

pytestmark = pytest.mark.django_db


def _hidden_attachment(dc) -> Attachment:  # type: ignore[no-untyped-def]
    item = draft(dc, is_confidential=True, named_people=[dc.air_liaison])
    upload = SimpleUploadedFile("说明.txt", "内部说明".encode(), content_type="text/plain")
    return services.add_attachment(by=dc.air_liaison, item=item, upload=upload, description="")


def _answer(response) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    return response.status_code, response.content


def test_D11_attachment_of_a_hidden_item_answers_as_an_unknown_id(client, dc) -> None:
    hidden = _hidden_attachment(dc)
    unknown = hidden.pk + 1000
    # staff API: the office sees neither the confidential item nor its attachment
    client.force_login(dc.officer)
    for url in ("/api/v1/disclosure/attachments/{}", "/api/v1/disclosure/items/{}"):
        target = hidden.pk if "attachments" in url else hidden.item_id
        seen = _answer(client.get(url.format(target)))
        missing = _answer(client.get(url.format(unknown)))
        assert seen == missing and seen[0] == 404, url
    # public portal and public API: an unpublished item and its attachment do not exist
    client.logout()
    for url in ("/files/{}/", "/info/{}/", "/api/v1/public/items/{}"):
        target = hidden.pk if "files" in url else hidden.item_id
        seen = client.get(url.format(target))
        missing = client.get(url.format(unknown))
        assert seen.status_code == missing.status_code == 404, url
        # the same page, but for the address asked for (Django's 404 page names it)
        assert seen.content.replace(url.format(target).encode(), b"") == missing.content.replace(
            url.format(unknown).encode(), b""
        ), url
