"""The suites' demo replay (core.demo_replay) writes what generating the demo writes: every row of
every table, the search index, the files and the context the tests read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from zhengwu.core import demo_loader
from zhengwu.core.demo_replay import Replayer
from zhengwu.disclosure.selectors import search_public

pytestmark = pytest.mark.django_db


def _reading(replayer: Replayer, media: Path) -> dict[str, Any]:
    tables, _ = replayer._tables()
    state = replayer._state(tables)
    if connection.vendor == "postgresql":  # ids are the same; PostgreSQL's sequences are not rows
        state.pop("sqlite_sequence", None)
    found = {
        q: [r.item.pk for r in search_public(q)[0]] for q in ("交通运输", "道路安全", "机构职能")
    }
    files = {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    return {"state": state, "search": found, "files": files}


def test_foundation_a_replayed_demo_is_the_generated_demo(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    replayer = Replayer()
    monkeypatch.setattr(demo_loader, "replay", replayer)
    # The second bureau: every kind of row the full demo writes but answer letters (files are
    # replayed in the test below), at a fraction of its cost.
    parts = ("load_transport",)

    with transaction.atomic():
        generated_ctx = demo_loader.load_demo(parts=parts)
        generated = _reading(replayer, tmp_path / "media")
        generated_people = {k: (p.pk, p.username) for k, p in generated_ctx.people.items()}
        transaction.set_rollback(True)
    assert replayer._recordings, "the generated demo was recorded"
    assert any(generated["search"].values()), "the demo's items are found"

    with transaction.atomic():
        replayed_ctx = demo_loader.load_demo(parts=parts)
        replayed = _reading(replayer, tmp_path / "media")
        transaction.set_rollback(True)

    assert replayed["state"].keys() == generated["state"].keys()
    for table, rows in generated["state"].items():
        assert replayed["state"][table] == rows, table
    assert replayed["search"] == generated["search"]
    assert {k: (p.pk, p.username) for k, p in replayed_ctx.people.items()} == generated_people
    assert replayed_ctx.bureau.pk == generated_ctx.bureau.pk
    assert replayed_ctx.units.keys() == generated_ctx.units.keys()


def test_foundation_replay_writes_the_files_and_mail_and_returns_the_records(
    settings, tmp_path, mailoutbox
):
    from django.core import mail

    from zhengwu.org.models import Bureau

    settings.MEDIA_ROOT = tmp_path / "media"
    replayer = Replayer()

    def generate() -> dict[str, Any]:
        bureau = Bureau.objects.create(name="回放测试局", code="REPLAY")
        letter = tmp_path / "media" / "letters" / "a.docx"
        letter.parent.mkdir(parents=True, exist_ok=True)
        letter.write_bytes(b"PK answer letter")
        mail.send_mail("答复", "正文", "zw@example.org", ["a@example.org"])
        return {"bureau": bureau, "names": ["回放测试局"]}

    with transaction.atomic():
        first = replayer("probe", generate)
        transaction.set_rollback(True)
    (tmp_path / "media" / "letters" / "a.docx").unlink()
    assert not Bureau.objects.filter(code="REPLAY").exists()

    with transaction.atomic():
        again = replayer("probe", lambda: pytest.fail("a recorded starting point is replayed"))
        assert Bureau.objects.get(code="REPLAY").pk == first["bureau"].pk == again["bureau"].pk
        assert again["names"] == ["回放测试局"]
        transaction.set_rollback(True)
    assert (tmp_path / "media" / "letters" / "a.docx").read_bytes() == b"PK answer letter"
    assert [m.subject for m in mailoutbox] == ["答复", "答复"]


def test_foundation_a_demo_from_another_starting_point_is_generated(
    settings, tmp_path, monkeypatch
):
    from zhengwu.org.models import Bureau

    settings.MEDIA_ROOT = tmp_path / "media"
    replayer = Replayer()
    monkeypatch.setattr(demo_loader, "replay", replayer)
    calls: list[str] = []
    original = demo_loader._generate
    monkeypatch.setattr(
        demo_loader, "_generate", lambda parts: calls.append("g") or original(parts)
    )

    with transaction.atomic():
        demo_loader.load_demo(parts=("load_transport",))
        transaction.set_rollback(True)
    Bureau.objects.create(name="另一个局", code="OTHER")
    demo_loader.load_demo(parts=("load_transport",))
    assert calls == ["g", "g"], "a changed starting point is generated, not replayed"
