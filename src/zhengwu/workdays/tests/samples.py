"""Notice texts for the calendar tests: the shared State Council samples and one invented notice."""

from __future__ import annotations

from zhengwu.workdays.tests.test_notice import NOTICES


def sample(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


# Invented for the tests (NOT a real notice): a 2027 arrangement, which the chinesecalendar package
# does not cover, written in the published form.
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
各省、自治区、直辖市人民政府,国务院各部委、各直属机构:
经国务院批准,现将2027年元旦、春节放假调休日期的具体安排通知如下。
一、元旦:1月1日(周五)至3日(周日)放假,共3天。
二、春节:2月5日(周五)至11日(周四)放假调休,共7天。2月14日(周日)上班。
国务院办公厅
2026年11月20日
"""
