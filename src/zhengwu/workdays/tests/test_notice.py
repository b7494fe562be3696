"""Tests of the holiday-notice reader (spec "Working days"; deadlines of S-1..S-4, D-7, R-3..R-5).

The reference for every full-year check is the ``chinese_calendar`` package: a notice read here,
plus the weekend rule, must classify each day of its year exactly as that package does.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import chinese_calendar
import pytest

from zhengwu.workdays.notice import (
    NoticeEntry,
    NoticeParseError,
    ParsedNotice,
    exceptions_from,
    merge_notices,
    parse_notice,
    to_lines,
)

# ---------------------------------------------------------------------------------------------
# Locating the sample notices: <repo root>/../shared/data/holiday-notices, where the repository
# root is the directory holding pyproject.toml; ZHENGWU_SHARED_DIR overrides the shared folder.
# ---------------------------------------------------------------------------------------------


def _repo_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    raise RuntimeError(f"no pyproject.toml above {here}")


def _notices_dir() -> Path:
    shared = os.environ.get("ZHENGWU_SHARED_DIR")
    base = Path(shared) if shared else _repo_root().parent / "shared"
    return base / "data" / "holiday-notices"


NOTICES = _notices_dir()
needs_samples = pytest.mark.skipif(
    not NOTICES.is_dir(), reason=f"sample notices not found at {NOTICES}"
)


def _sample(name: str) -> ParsedNotice:
    return parse_notice((NOTICES / name).read_text(encoding="utf-8"))


def _mismatches(entries: Mapping[dt.date, NoticeEntry], year: int) -> list[str]:
    """Days of ``year`` where notice entries + weekend rule disagree with chinese_calendar."""
    exceptions = exceptions_from(entries)
    wrong = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        ours = exceptions.get(day, day.weekday() < 5)
        if ours != chinese_calendar.is_workday(day):
            wrong.append(f"{day} ours={'work' if ours else 'off'}")
        day += dt.timedelta(days=1)
    return wrong


def _triples(notice: ParsedNotice) -> list[tuple[dt.date, str, str]]:
    return [(e.day, e.kind, e.name) for e in notice.entries]


# ---------------------------------------------------------------------------------------------
# The sample notices
# ---------------------------------------------------------------------------------------------

SAMPLE_SETS = [
    (["2012.txt"], 2012),
    (["2017.txt"], 2017),
    (["2020.txt", "2020-extra.txt"], 2020),
    (["2025.txt"], 2025),
]


@needs_samples
def test_every_sample_notice_is_covered_and_parses() -> None:
    files = {path.name for path in NOTICES.glob("*.txt")}
    assert files == {name for names, _ in SAMPLE_SETS for name in names}
    for name in sorted(files):
        notice = _sample(name)
        assert notice.entries, name
        assert notice.entries == sorted(notice.entries, key=lambda e: e.day)
        assert len({e.day for e in notice.entries}) == len(notice.entries)


@needs_samples
@pytest.mark.parametrize(("names", "year"), SAMPLE_SETS, ids=[str(y) for _, y in SAMPLE_SETS])
def test_sample_notice_year_matches_chinese_calendar(names: list[str], year: int) -> None:
    notices = [_sample(name) for name in names]
    assert all(notice.year == year for notice in notices)
    assert _mismatches(merge_notices(notices), year) == []


@needs_samples
def test_2020_extension_notice_overrides_original_workday() -> None:
    original, extra = _sample("2020.txt"), _sample("2020-extra.txt")
    # Alone, the original notice is what it was before the epidemic extension.
    assert _mismatches(merge_notices([original]), 2020) == [
        "2020-01-31 ours=work",
        "2020-02-01 ours=work",
    ]
    merged = merge_notices([original, extra])
    for day in (dt.date(2020, 1, 31), dt.date(2020, 2, 1), dt.date(2020, 2, 2)):
        assert merged[day].kind == "holiday"
        assert merged[day].name == "春节"
    assert merged[dt.date(2020, 2, 1)].source_line.startswith("一、延长2020年春节假期")
    # The extension runs from its signing date to its end date (documented choice).
    assert extra.signed == dt.date(2020, 1, 26)
    assert [e.day for e in extra.entries] == [
        dt.date(2020, 1, 26) + dt.timedelta(days=k) for k in range(8)
    ]
    # Order matters: the later notice wins.
    assert merge_notices([extra, original])[dt.date(2020, 2, 1)].kind == "workday"


@needs_samples
def test_2012_previous_year_date_and_chinese_numeral_signature() -> None:
    notice = _sample("2012.txt")
    entry = {e.day: e for e in notice.entries}[dt.date(2011, 12, 31)]
    assert (entry.kind, entry.name) == ("workday", "元旦")
    assert notice.signed == dt.date(2011, 12, 5)
    assert dt.date(2011, 12, 5) not in {e.day for e in notice.entries}
    assert notice.title == "国务院办公厅关于2012年部分节假日安排的通知"


@needs_samples
def test_2025_preamble_is_not_an_arrangement() -> None:
    notice = _sample("2025.txt")
    assert all(
        e.source_line[:2] in {"一、", "二、", "三、", "四、", "五、", "六、"}
        for e in notice.entries
    )
    # 元旦 falls on a Wednesday: 放假1天, 不调休 → exactly one entry, no 调休 workday.
    assert [e for e in notice.entries if e.name == "元旦"] == [
        NoticeEntry(dt.date(2025, 1, 1), "holiday", "元旦", "一、元旦:1月1日(周三)放假1天,不调休。")
    ]
    national = {e.name for e in notice.entries if e.day.month == 10}
    assert national == {"国庆节、中秋节"}


@needs_samples
def test_to_lines_format() -> None:
    lines = to_lines(_sample("2017.txt"))
    assert lines[:3] == [
        "2017-01-01,holiday,元旦",
        "2017-01-02,holiday,元旦",
        "2017-01-22,workday,春节",
    ]
    merged = merge_notices([_sample("2020.txt"), _sample("2020-extra.txt")])
    assert "2020-02-01,holiday,春节" in to_lines(merged)


# ---------------------------------------------------------------------------------------------
# Other forms the notices have taken since 2008 (texts as published, punctuation varied)
# ---------------------------------------------------------------------------------------------

HEADER = (
    "国务院办公厅关于{year}年部分节假日安排的通知\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
)
FOOTER = "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。\n国务院办公厅\n{signed}\n"

# 2008: dashes for ranges, "其中…" sentences restating the range, 调至 clauses, a heading in quotes.
NOTICE_2008 = (
    HEADER.format(year=2008)
    + "一、元旦：2007年12月30日—2008年1月1日放假，共3天。其中，1月1日（星期二）为法定节假日，"
    "12月30日（星期日）为公休日，12月29日（星期六）公休日调至12月31日（星期一），"
    "12月29日（星期六）上班。\n"
    "二、春节：2月6日—12日（即农历除夕至正月初六）放假，共7天。其中，2月6日（除夕）、"
    "2月7日（春节）、2月8日（正月初二）为法定节假日，2月9日（星期六）、2月10日（星期日）照常公休，"
    "2月2日（星期六）、2月3日（星期日）两个公休日调至2月11日（星期一）、2月12日（星期二），"
    "2月2日（星期六）、2月3日（星期日）上班。\n"
    "三、清明节：4月4日—6日放假，共3天。其中：4月4日（清明节），为法定节假日，4月5日（星期六）、"
    "4月6日（星期日）照常公休。\n"
    "四、“五一”国际劳动节：5月1日—3日放假，共3天。其中，5月1日为法定节假日，5月3日（星期六）为公休日，"
    "5月4日（星期日）公休日调至5月2日（星期五），5月4日（星期日）上班。\n"
    "五、端午节：6月7日—9日放假，共3天。其中，6月7日（星期六）照常公休，6月8日（农历五月初五，端午节）"
    "为法定节假日，6月8日（星期日）公休日调至6月9日（星期一）。\n"
    "六、中秋节：9月13日—15日放假3天。其中，9月13日（星期六）为公休日；9月14日（农历八月十五，中秋节）"
    "为法定节假日，9月14日（星期日）公休日调至9月15日（星期一）。\n"
    "七、国庆节：9月29日—10月5日放假，共7天。其中，10月1日、2日、3日为法定节假日，9月27日（星期六）、"
    "9月28日（星期日）两个公休日调至9月29日（星期一）、30日（星期二），9月27日（星期六）、"
    "9月28日（星期日）上班，10月4日（星期六）、5日（星期日）照常公休。\n"
    + FOOTER.format(signed="二〇〇七年十二月十四日")
)

# 2010: 放假公休, a later workday written as day only ("、21日"), a 其中 sentence.
NOTICE_2010 = (
    HEADER.format(year=2010) + "一、元旦：1月1日至3日放假公休，共3天。\n"
    "二、春节：2月13日至19日放假调休，共7天。2月20日（星期六）、21日（星期日）上班。\n"
    "三、清明节：4月3日至5日放假公休，共3天。其中，4月5日（星期一）为法定节假日。\n"
    "四、劳动节：5月1日至3日放假公休，共3天。\n"
    "五、端午节：6月14日至16日放假调休，共3天。6月12日（星期六）、13日（星期日）上班。\n"
    "六、中秋节：9月22日至24日放假调休，共3天。9月19日（星期日）、25日（星期六）上班。\n"
    "七、国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。\n"
    + FOOTER.format(signed="二〇〇九年十二月八日")
)

# 2014, half-width punctuation and 周X: 放假1天, cross-month range, 补休, 与周末连休.
NOTICE_2014 = (
    HEADER.format(year=2014) + "一、元旦:1月1日放假1天。\n"
    "二、春节:1月31日至2月6日放假调休,共7天。1月26日(周日)、2月8日(周六)上班。\n"
    "三、清明节:4月5日放假,4月7日(周一)补休。\n"
    "四、劳动节:5月1日至3日放假调休,共3天。5月4日(周日)上班。\n"
    "五、端午节:6月2日放假,与周末连休。\n"
    "六、中秋节:9月8日放假,与周末连休。\n"
    "七、国庆节:10月1日至7日放假调休,共7天。9月28日(周日)、10月11日(周六)上班。\n"
    + FOOTER.format(signed="2013年12月11日")
)

# 2015: 补休 twice, a bare "放假".
NOTICE_2015 = (
    HEADER.format(year=2015) + "一、元旦：1月1日至3日放假调休，共3天。1月4日（星期日）上班。\n"
    "二、春节：2月18日至24日放假调休，共7天。2月15日（星期日）、2月28日（星期六）上班。\n"
    "三、清明节：4月5日放假，4月6日（星期一）补休。\n"
    "四、劳动节：5月1日放假，与周末连休。\n"
    "五、端午节：6月20日放假，6月22日（星期一）补休。\n"
    "六、中秋节：9月27日放假。\n"
    "七、国庆节：10月1日至7日放假调休，共7天。10月10日（星期六）上班。\n"
    + FOOTER.format(signed="2014年12月16日")
)

# 2019: a range across the year boundary with explicit years, then a supplementary notice.
NOTICE_2019 = (
    HEADER.format(year=2019)
    + "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。\n"
    "二、春节：2月4日至10日放假调休，共7天。2月2日（星期六）、2月3日（星期日）上班。\n"
    "三、清明节：4月5日放假，与周末连休。\n"
    "四、劳动节：5月1日放假。\n"
    "五、端午节：6月7日放假，与周末连休。\n"
    "六、中秋节：9月13日放假，与周末连休。\n"
    "七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。\n"
    + FOOTER.format(signed="2018年12月6日")
)
NOTICE_2019_LABOUR_DAY = (
    "国务院办公厅关于调整2019年劳动节假期安排的通知\n"
    "国办发明电〔2019〕3号\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    "经国务院批准，现将调整2019年劳动节放假安排通知如下。\n"
    "一、2019年5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。\n"
    "二、各地区、各部门要抓紧做好本地区、本领域的劳动节假期调整落实工作。\n"
    "三、劳动节期间，要妥善安排好值班和安全、保卫等工作。\n"
    "国务院办公厅\n2019年3月22日\n"
)

# 2024: an encouragement to rest on 除夕 (2月9日) that is no holiday.
NOTICE_2024 = (
    HEADER.format(year=2024) + "一、元旦：1月1日放假，与周末连休。\n"
    "二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。"
    "鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。\n"
    "三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。\n"
    "四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。\n"
    "五、端午节：6月10日放假，与周末连休。\n"
    "六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。\n"
    "七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。\n"
    + FOOTER.format(signed="2023年10月25日")
)


# 2026: lunar annotations on both ends of a range whose end has no month ("至23日(农历…、周一)").
NOTICE_2026 = (
    HEADER.format(year=2026)
    + "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。\n"
    "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。"
    "2月14日（周六）、2月28日（周六）上班。\n"
    "三、清明节：4月4日（周六）至6日（周一）放假，共3天。\n"
    "四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。\n"
    "五、端午节：6月19日（周五）至21日（周日）放假，共3天。\n"
    "六、中秋节：9月25日（周五）至27日（周日）放假，共3天。\n"
    "七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。\n"
    + FOOTER.format(signed="2025年11月4日")
)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        (NOTICE_2008, 2008),
        (NOTICE_2010, 2010),
        (NOTICE_2014, 2014),
        (NOTICE_2024, 2024),
        (NOTICE_2026, 2026),
    ],
    ids=[
        "2008-dashes-qizhong",
        "2010-gongxiu",
        "2014-halfwidth-zhou",
        "2024-encouragement",
        "2026-lunar-annotations",
    ],
)
def test_historic_notice_forms_match_chinese_calendar(text: str, year: int) -> None:
    notice = parse_notice(text)
    assert notice.year == year
    assert _mismatches(merge_notices([notice]), year) == []


def test_2008_restatements_and_swaps_read_correctly() -> None:
    entries = {e.day: e for e in parse_notice(NOTICE_2008).entries}
    assert entries[dt.date(2007, 12, 29)].kind == "workday"
    assert entries[dt.date(2007, 12, 30)].kind == "holiday"
    assert entries[dt.date(2008, 5, 4)].kind == "workday"
    assert entries[dt.date(2008, 5, 2)].name == "“五一”国际劳动节"
    assert parse_notice(NOTICE_2008).signed == dt.date(2007, 12, 14)


def test_buxiu_days_are_holidays() -> None:
    notice = parse_notice(NOTICE_2015)
    entries = {e.day: e.kind for e in notice.entries}
    assert entries[dt.date(2015, 4, 5)] == entries[dt.date(2015, 4, 6)] == "holiday"
    assert entries[dt.date(2015, 6, 22)] == "holiday"
    # The 70th-anniversary days (3–4 Sept) came from a separate, unnumbered State Council notice.
    anniversary = {dt.date(2015, 9, d) for d in (3, 4, 6)}
    wrong = _mismatches(merge_notices([notice]), 2015)
    assert wrong == [w for w in wrong if dt.date.fromisoformat(w[:10]) in anniversary]


def test_joined_to_weekend_fixes_only_the_named_day() -> None:
    notice = parse_notice(NOTICE_2014)
    dragon_boat = [e.day for e in notice.entries if e.name == "端午节"]
    assert dragon_boat == [dt.date(2014, 6, 2)]


def test_no_swap_fixes_only_the_named_day() -> None:
    text = (
        HEADER.format(year=2025)
        + "一、元旦：1月1日（周三）放假1天，不调休。\n"
        + FOOTER.format(signed="2024年11月12日")
    )
    assert _triples(parse_notice(text)) == [(dt.date(2025, 1, 1), "holiday", "元旦")]


def test_full_width_and_half_width_read_the_same() -> None:
    full = NOTICE_2024
    half = full.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")")
    assert half != full
    assert _triples(parse_notice(full)) == _triples(parse_notice(half))


def test_xingqi_and_zhou_read_the_same() -> None:
    zhou = NOTICE_2024.replace("星期", "周")
    assert zhou != NOTICE_2024
    assert _triples(parse_notice(zhou)) == _triples(parse_notice(NOTICE_2024))


def test_cross_month_ranges() -> None:
    entries = {e.day: e for e in parse_notice(NOTICE_2014).entries}
    spring = [day for day, e in entries.items() if e.name == "春节" and e.kind == "holiday"]
    assert spring == [dt.date(2014, 1, 31) + dt.timedelta(days=k) for k in range(7)]


def test_cross_year_range_with_explicit_years() -> None:
    entries = {e.day: e.kind for e in parse_notice(NOTICE_2019).entries}
    assert entries[dt.date(2018, 12, 29)] == "workday"
    for day in (dt.date(2018, 12, 30), dt.date(2018, 12, 31), dt.date(2019, 1, 1)):
        assert entries[day] == "holiday"


def test_cross_year_range_without_year_rolls_into_next_year() -> None:
    # A 元旦 item's year-less December days precede the New Year of the notice's year.
    text = (
        HEADER.format(year=2023)
        + "一、元旦：12月31日至1月2日放假调休，共3天。\n"
        + FOOTER.format(signed="2022年12月8日")
    )
    days = [e.day for e in parse_notice(text).entries]
    assert days == [dt.date(2022, 12, 31), dt.date(2023, 1, 1), dt.date(2023, 1, 2)]
    # Elsewhere a range is read forwards from the notice's year and rolls over into the next.
    text = text.replace("元旦", "跨年假期")
    days = [e.day for e in parse_notice(text).entries]
    assert days == [dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2024, 1, 2)]


def test_encouragement_is_not_a_holiday() -> None:
    notice = parse_notice(NOTICE_2024)
    days = {e.day for e in notice.entries}
    assert dt.date(2024, 2, 9) not in days
    # An item that only encourages rest is not an arrangement at all.
    text = NOTICE_2024.replace(
        "节假日期间", "八、除夕：鼓励各单位安排职工在除夕（2月9日）弹性休息。\n节假日期间"
    )
    assert _triples(parse_notice(text)) == _triples(notice)


def test_supplementary_notice_overrides_earlier_one() -> None:
    original = parse_notice(NOTICE_2019)
    adjusted = parse_notice(NOTICE_2019_LABOUR_DAY)
    assert adjusted.year == 2019
    assert {e.name for e in adjusted.entries} == {"劳动节"}
    assert _mismatches(merge_notices([original]), 2019) != []
    assert _mismatches(merge_notices([original, adjusted]), 2019) == []


def test_numbering_styles() -> None:
    body = "元旦：1月1日放假，与周末连休。\n"
    expected = [(dt.date(2024, 1, 1), "holiday", "元旦")]
    for numbering in ("一、", "1.", "1、", "（一）", "(1)", "１．"):
        text = HEADER.format(year=2024) + numbering + body
        assert _triples(parse_notice(text)) == expected, numbering


def test_notice_pasted_as_one_paragraph() -> None:
    one_line = NOTICE_2014
    for number in "二三四五六七":  # the items run together, as in copies taken from web pages
        one_line = one_line.replace(f"。\n{number}、", f"。{number}、")
    assert one_line.count("\n") == NOTICE_2014.count("\n") - 6
    assert _triples(parse_notice(one_line)) == _triples(parse_notice(NOTICE_2014))


# ---------------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "三、清明节：清明当日放假，共1天。",  # no date at all
        "三、清明节：4月4日至6日休整，共3天。",  # neither 放假 nor 上班
        "三、清明节：4月4日至6日放假调休，共4天。",  # count disagrees with the range
        "三、清明节：4月4日至6日放假调休，共3天。4月7日（星期一）上班。",  # 4月7日 is a Sunday
        "三、清明节：4月4日放假，另行通知。",  # an unknown clause
        "三、清明节：4月4日至31日至5月2日放假。",  # a range that goes backwards
        "三、清明节：4月31日放假。",  # no such date
        "三、清明节：4月4日放假。4月4日上班。",  # contradicts itself
    ],
)
def test_unreadable_arrangement_line_is_refused_naming_the_line(line: str) -> None:
    text = (
        HEADER.format(year=2024)
        + "一、元旦：1月1日放假，与周末连休。\n"
        + line
        + "\n"
        + FOOTER.format(signed="2023年10月25日")
    )
    with pytest.raises(NoticeParseError) as caught:
        parse_notice(text)
    assert caught.value.line == line
    assert line in str(caught.value)


def test_notice_without_arrangement_is_refused() -> None:
    text = HEADER.format(year=2024) + FOOTER.format(signed="2023年10月25日")
    with pytest.raises(NoticeParseError, match="no holiday arrangement"):
        parse_notice(text)


def test_notice_without_title_year_is_refused() -> None:
    with pytest.raises(NoticeParseError, match="no title"):
        parse_notice("一、元旦：1月1日放假。\n")


def test_extension_without_signing_date_is_refused() -> None:
    text = (
        "国务院办公厅关于延长2020年春节假期的通知\n"
        "一、延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。\n"
    )
    with pytest.raises(NoticeParseError, match="signing date"):
        parse_notice(text)


def test_non_arrangement_numbered_items_are_ignored() -> None:
    # Items 二 and 三 of the 2020 extension mention 补休 and 假期 but arrange no day.
    text = (
        "国务院办公厅关于延长2020年春节假期的通知\n"
        "一、延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。\n"
        "二、各地大专院校、中小学、幼儿园推迟开学，具体时间由教育部门另行通知。\n"
        "三、因疫情防控不能休假的职工，应根据《中华人民共和国劳动法》规定安排补休，"
        "未休假期的工资报酬应按照有关政策保障落实。\n"
        "国务院办公厅\n二〇二〇年一月二十六日\n"
    )
    notice = parse_notice(text)
    assert notice.signed == dt.date(2020, 1, 26)
    assert {e.day for e in notice.entries} == {
        dt.date(2020, 1, 26) + dt.timedelta(days=k) for k in range(8)
    }


# ---------------------------------------------------------------------------------------------
# One-off notices: read by their sentences, not by their numbering
# ---------------------------------------------------------------------------------------------

VICTORY_DAY_2015 = (Path(__file__).parent / "notices" / "2015-victory-day.txt").read_text(
    encoding="utf-8"
)


def test_foundation_2015_victory_day_notice_reads_and_agrees_with_chinese_calendar() -> None:
    """国发明电〔2015〕3号: no numbered item, no year in the title; it changed three days."""
    notice = parse_notice(VICTORY_DAY_2015)
    assert notice.year == 2015 and notice.signed == dt.date(2015, 5, 10)
    assert notice.title.startswith("国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年")
    name = "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
    assert _triples(notice) == [
        (dt.date(2015, 9, 3), "holiday", name),
        (dt.date(2015, 9, 4), "holiday", name),
        (dt.date(2015, 9, 5), "holiday", name),  # a Saturday, part of 共3天
        (dt.date(2015, 9, 6), "workday", name),
    ]
    # With the rest of 2015 as chinese_calendar has it, every day of the year agrees.
    merged: dict[dt.date, NoticeEntry] = {}
    for k in range(365):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=k)
        work = chinese_calendar.is_workday(day)
        if work != (day.weekday() < 5) and not dt.date(2015, 9, 1) <= day <= dt.date(2015, 9, 7):
            merged[day] = NoticeEntry(day, "workday" if work else "holiday", "", "")
    merged.update({e.day: e for e in notice.entries})
    assert _mismatches(merged, 2015) == []
    # and the week of the notice agrees day by day without any help
    assert _mismatches({e.day: e for e in notice.entries}, 2015)[0] < "2015-09-01"


def test_foundation_2015_notice_reads_the_same_half_width_and_as_one_paragraph() -> None:
    expected = _triples(parse_notice(VICTORY_DAY_2015))
    half_width = unicodedata.normalize("NFKC", VICTORY_DAY_2015)
    assert _triples(parse_notice(half_width)) == expected
    title, *body = VICTORY_DAY_2015.splitlines()
    one_paragraph = title + "\n" + "".join(body)
    assert _triples(parse_notice(one_paragraph)) == expected


def test_foundation_a_future_one_off_notice_reads_by_its_sentences() -> None:
    # Invented (NOT a real notice): the form of the 2015 notice, another occasion and year.
    text = (
        "国务院关于某重大纪念日调休放假的通知\n国发明电〔2035〕1号\n"
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
        "经国务院批准，现将纪念日调休放假安排通知如下：2035年10月15日（星期一）放假，共1天。"
        "10月13日（星期六）上班。\n请各地区、各部门妥善安排好值班工作。\n国务院\n2035年6月1日\n"
    )
    notice = parse_notice(text)
    assert notice.year == 2035
    assert [(e.day, e.kind, e.name) for e in notice.entries] == [
        (dt.date(2035, 10, 13), "workday", "某重大纪念日"),
        (dt.date(2035, 10, 15), "holiday", "某重大纪念日"),
    ]


def test_foundation_a_misread_sentence_of_a_one_off_notice_is_refused() -> None:
    broken = VICTORY_DAY_2015.replace("9月6日（星期日）上班", "9月6日（星期一）上班")
    with pytest.raises(NoticeParseError, match="星期一"):
        parse_notice(broken)


def test_foundation_one_off_notice_from_the_command_line(tmp_path) -> None:
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "2015.txt"
    path.write_text(VICTORY_DAY_2015, encoding="utf-8")
    out = StringIO()
    call_command("workdays", "parse-notice", str(path), stdout=out)
    assert out.getvalue().splitlines() == [
        "2015-09-03,holiday,中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
        "2015-09-04,holiday,中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
        "2015-09-05,holiday,中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
        "2015-09-06,workday,中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
    ]
