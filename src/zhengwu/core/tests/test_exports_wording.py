"""Generated text reads as a civil servant writes it: clauses joined without doubled punctuation,
deadlines that cite their rule in words, the old seeded wording of the time limits replaced."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps

from zhengwu.core.exports import clauses
from zhengwu.workdays import selectors
from zhengwu.workdays.models import TimeLimit


def test_foundation_clauses_never_double_the_punctuation() -> None:
    assert clauses("办理中。", "列入督查重点事项") == "办理中；列入督查重点事项"
    assert clauses("超期未反馈。", "约谈负责人；") == "超期未反馈；约谈负责人"
    assert clauses("已提供。", end="。") == "已提供。"
    assert clauses("", "  ", end="。") == ""
    for doubled in ("。；", "；。", "，。", "。。"):
        assert doubled not in clauses("甲。", "乙；", "丙，", end="。")


@pytest.mark.django_db
def test_S1_a_deadline_cites_its_rule_in_words_never_its_code() -> None:
    text = selectors.compute("S-1", dt.date(2026, 11, 23)).explain()
    assert text.startswith("研究部署反馈：")
    assert "（依据《强化工作落实“12340”制度》第一条）" in text
    assert "S-1" not in text and "时限第" not in text and "“1”" not in text


@pytest.mark.django_db
def test_S8_time_limits_seeded_with_the_old_wording_are_reworded() -> None:
    limit = TimeLimit.objects.get(rule_id="S-8.2", version=1)
    limit.label, limit.legal_basis = "二次预警（电话催办）", "12340制度第三条"
    limit.save()
    mine = TimeLimit.objects.get(rule_id="S-1", version=1)
    mine.legal_basis = "本局细则第二条"  # a bureau's own wording stays
    mine.save()
    migration = importlib.import_module("zhengwu.workdays.migrations.0004_time_limits_in_words")
    migration.reword(django_apps, None)
    limit.refresh_from_db()
    mine.refresh_from_db()
    assert limit.label == "第2次预警（电话催办）"
    assert limit.legal_basis == "《强化工作落实“12340”制度》第三条"
    assert mine.legal_basis == "本局细则第二条"
