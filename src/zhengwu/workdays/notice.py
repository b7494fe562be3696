"""Reader for the State Council's yearly holiday notices.

The text read here is 《国务院办公厅关于YYYY年部分节假日安排的通知》 and its supplements (e.g.
《国务院办公厅关于延长2020年春节假期的通知》, 《关于调整2019年劳动节假期安排的通知》).  A notice
fixes, for the year it arranges, which days are holidays (days off even on weekdays) and which
调休 days are working days (even on a weekend); every other Saturday and Sunday stays a day off
(see the spec's "Working days" section).  The reader turns the text into dated entries; the
weekend rule itself is applied by :mod:`zhengwu.workdays.engine`, not here.

Design choices, and why:

* Only *arrangement sentences* are read: the numbered items (一、 / 1. / (一)) that carry a
  holiday heading followed by a colon, plus two supplementary-notice forms (an item that starts
  with a date, named after the holiday in the title, and 延长…假期至…); and, outside numbered
  items, sentences that start with a date and say 放假 / 上班 (with their 其中… details), named
  after the holiday in the title.  That is how a one-off notice reads: the 2015 notice for the
  70th anniversary of the victory has no numbered item and no year in its title (its year is
  the one its arrangement writes, else its document number's, else its signing date's).
  Everything else (title, document number, addressees, preamble, closing, signature) is
  ignored, because that is where dates appear that are *not* arrangements (the 2025 preamble's
  principles, the signing date).
* An arrangement line that cannot be read completely raises :class:`NoticeParseError` naming the
  line.  Silently skipping half a line would give wrong deadlines for a whole year, so the
  administrator loading the notice must see the refusal instead.
* Punctuation is normalised with NFKC, which maps the full-width forms (：，（）；０-９) onto the
  half-width ones, so both spellings of a notice read the same.
* Weekday annotations (星期六 / 周六) are checked against the date: they are the notice's own
  redundancy, and a mismatch means a year or month was inferred wrongly.
* 共N天 / 放假N天 counts are checked against the number of holiday dates read, for the same reason.

No Django imports: this module is used by the CLI, the admin and the tests alike.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "NoticeEntry",
    "NoticeParseError",
    "ParsedNotice",
    "exceptions_from",
    "merge_notices",
    "parse_notice",
    "to_lines",
]

Kind = Literal["holiday", "workday"]


class NoticeParseError(ValueError):
    """An arrangement line (or the notice as a whole) could not be read.

    The message names the offending line so the administrator can find it in the source text.
    """

    def __init__(self, line: str, reason: str = "") -> None:
        self.line = line
        self.reason = reason
        message = f"cannot read holiday notice line: {line!r}"
        if reason:
            message += f" ({reason})"
        super().__init__(message)


@dataclass(frozen=True)
class NoticeEntry:
    """One day fixed by a notice: a holiday (day off) or a 调休 working day."""

    day: dt.date
    kind: Kind
    name: str
    source_line: str


@dataclass(frozen=True)
class ParsedNotice:
    """A notice read into entries sorted by date, one entry per date."""

    year: int
    entries: list[NoticeEntry]
    title: str = ""
    # The signing date (last line of the notice).  Kept because a supplementary notice such as
    # the 2020 extension only makes sense relative to the moment it was issued.
    signed: dt.date | None = None
    # Not part of equality: the raw text is only kept for display/audit.
    text: str = field(default="", compare=False, repr=False)
    # A supplement (an extension, a change, a one-off occasion such as 2015's victory day)
    # amends a year without arranging all of it: the days it does not name are left as they are.
    supplement: bool = field(default=False, compare=False)


# ---------------------------------------------------------------------------------------------
# Regular expressions.  They all run on NFKC-normalised text, so only half-width punctuation
# (":" "," "(" ")" ";") needs to be spelled out; "、" and "。" have no half-width form.
# ---------------------------------------------------------------------------------------------

_CN_DIGITS = "一二三四五六七八九十"
# Item numbering: 一、 / 十二、 / 1. / 1、 / (一) / (1)
_NUMBERING = re.compile(
    rf"^\s*(?:[{_CN_DIGITS}]{{1,3}}\s*、|\d{{1,2}}\s*[.、]|\(\s*[{_CN_DIGITS}\d]{{1,3}}\s*\))\s*"
)
# "NAME: body" — the heading stops at the first colon and may not contain sentence punctuation.
_HEADING = re.compile(r"^(?P<name>[^:,。;()]{1,40}?)\s*:\s*(?P<body>.*)$")
_HOLIDAY_WORDS = re.compile(r"节|元旦|春节|清明|端午|中秋|国庆|劳动|五一|纪念日|假期|除夕")
_ARRANGEMENT_WORDS = re.compile(r"放假|上班|补休")
_TITLE = re.compile(r"关于.*?(\d{4})\s*年.*通知$")
# A one-off notice may name no year in its title (国务院关于中国人民抗日战争暨世界反法西斯战争胜利
# 70周年纪念日调休放假的通知, 2015): any 关于…通知 line is its title.
_ANY_TITLE = re.compile(r"关于.+通知$")
# Its holiday is named by the title: 关于<name>(调休)放假(安排)的通知.
_TITLE_OCCASION = re.compile(r"关于\s*(?P<name>.+?)(?:调休)?放假(?:安排)?的通知$")
# The yearly arrangement (关于2025年部分节假日安排的通知); any other title is a supplement.
_YEARLY_TITLE = re.compile(r"\d{4}\s*年\s*(?:部分)?节假日")
_EXPLICIT_DATE = re.compile(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_DOCUMENT_NUMBER = re.compile(r"[〔\[(]\s*(\d{4})\s*[〕\])]\s*\d+\s*号")
# Title of a single-holiday supplement: 关于调整2019年劳动节假期安排 / 关于延长2020年春节假期.
_TITLE_HOLIDAY = re.compile(r"关于(?:调整|延长)\s*(?:\d{4}\s*年)?\s*(?P<name>.+?)(?:假期|放假)")
_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
    r"\s*(?:\((?P<ann>[^()]*)\))?"
)
_STARTS_WITH_DATE = re.compile(r"^(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日")
_EXTENSION = re.compile(r"^延长\s*(?:\d{4}\s*年)?\s*(?P<name>.+?)假期\s*至\s*(?P<rest>.*)$")
_WEEKDAY_NOTE = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天])")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_COUNT = rf"[\d{_CN_DIGITS}]+天"
_HOLIDAY_SUFFIX = re.compile(
    rf"^(?:全国)?(?:(?:调休)?(?:放假|休假)(?:调休|公休)?|(?:调休)?补休)(?P<n>{_COUNT})?$"
)
_WORKDAY_SUFFIX = re.compile(r"^(?:照常|正常)?上班$")
# Old notices (2008–2010) restate days off inside a range: 为法定节假日 / 为公休日 / 照常公休.
_RESTATED_DAY_OFF = re.compile(r"^(?:为)?(?:法定节?假日|公休日|调休日?|休息日)$|^照常公休$")
_TOTAL = re.compile(rf"^(?:共|合计)?(?P<n>{_COUNT})$")
_JOINED_TO_WEEKEND = re.compile(rf"^与(?:周末|公休日|双休日)连休(?:{_COUNT})?$")
_NO_SWAP = re.compile(r"^不(?:调休|补休)$")
# Sentences that only encourage or allow rest (鼓励各单位…安排职工在除夕休息, 弹性作息) fix no
# day off for everyone, so they must never become holidays.
_ENCOURAGEMENT = re.compile(r"鼓励|倡导|提倡|弹性|自愿|酌情|建议")
_RANGE_SEPARATORS = {"至", "到", "-", "—", "–", "―", "~", "——"}
_LIST_SEPARATORS = {"、", "和", "及", "与"}
_ALLOWED_PREFIXES = {"", "自", "从", "即"}
_SIGNATURE = re.compile(
    r"^(?P<y>\d{4}|[〇零○OoＯ0一二三四五六七八九]{4})年"
    rf"(?P<m>\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})月(?P<d>\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})日$"
)
# Longest plausible single range (the 2020 extension reaches ~10 days, 国庆+中秋 8 days).
_MAX_RANGE_DAYS = 31


def _normalise(text: str) -> str:
    # NFKC folds full-width ：，（）；－～ and digits to ASCII; ideographic spaces become spaces.
    return unicodedata.normalize("NFKC", text).strip()


def _cn_number(text: str) -> int:
    """Small Chinese numerals as used in dates and counts (一 … 三十一), or ASCII digits."""
    if text.isdigit():
        return int(text)
    values = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    values.update({"零": 0, "○": 0, "O": 0, "o": 0, "0": 0})
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (values[tens] if tens else 1) * 10 + (values[ones] if ones else 0)
    return values[text]


def _cn_year(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits.update({"零": 0, "○": 0, "O": 0, "o": 0, "Ｏ": 0, "0": 0})
    return int("".join(str(digits[c]) for c in text))


def _split_top_level(text: str, separators: str) -> list[str]:
    """Split on separators that are not inside parentheses.

    Annotations such as (农历正月初九,星期日) contain commas that do not end a clause.
    """
    parts: list[str] = []
    depth = 0
    start = 0
    for i, char in enumerate(text):
        if char in "(《":
            depth += 1
        elif char in ")》" and depth:
            depth -= 1
        elif char in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


@dataclass
class _DateToken:
    day: dt.date
    start: int
    end: int


class _LineReader:
    """Reads the body of one arrangement line into (date, kind) pairs."""

    def __init__(self, line: str, year: int, new_year_item: bool = False) -> None:
        self.line = line
        self.year = year
        # 元旦 items of the notice for year Y write the December days before New Year without a
        # year (2008: "12月29日(星期六)上班"); those belong to Y-1.
        self.new_year_item = new_year_item
        # First date read on the line: later year-less dates are placed in the year nearest to it.
        self.anchor: dt.date | None = None

    def fail(self, reason: str) -> NoticeParseError:
        return NoticeParseError(self.line, reason)

    # -- dates -----------------------------------------------------------------------------

    def dates_in(self, clause: str) -> list[_DateToken]:
        """All dates of a clause, with month and year carried forward from the previous date.

        "1月22日至28日" → 28 takes January from 22.  A date written without a year goes to the
        year that puts it nearest to the date before it in the clause, or else to the line's
        first date: "12月31日至1月2日" rolls into the next year, and in 2008's "2007年12月30日—
        2008年1月1日放假…12月29日上班" the 29th is 2007-12-29.  The line's first date, if
        year-less, belongs to the notice's year (to the year before for the December days of a
        元旦 item).  Explicit years (2011年12月31日 in the 2012 notice) are kept as written.
        """
        tokens: list[_DateToken] = []
        previous: _DateToken | None = None
        for match in _DATE.finditer(clause):
            reference = previous.day if previous else self.anchor
            if match["y"]:
                year = int(match["y"])
            elif reference:
                year = reference.year
            elif self.new_year_item and match["m"] and int(match["m"]) == 12:
                year = self.year - 1
            else:
                year = self.year
            if match["m"]:
                month = int(match["m"])
            elif previous:
                month = previous.day.month
            else:
                raise self.fail(f"{match[0]!r} has no month")
            try:
                day = dt.date(year, month, int(match["d"]))
            except ValueError as exc:
                raise self.fail(f"{match[0]!r} is not a date") from exc
            if reference and not match["y"]:
                day = self.nearest(day, reference)
            if match["ann"]:
                self.check_weekday(day, match["ann"], match[0])
            token = _DateToken(day, match.start(), match.end())
            tokens.append(token)
            previous = token
            if self.anchor is None:
                self.anchor = day
        return tokens

    @staticmethod
    def nearest(day: dt.date, reference: dt.date) -> dt.date:
        """``day`` moved to the year (around the reference's) that puts it nearest to it."""
        candidates = []
        for year in (reference.year - 1, reference.year, reference.year + 1):
            try:
                candidates.append(day.replace(year=year))
            except ValueError:  # 2月29日 outside a leap year
                continue
        return min(candidates, key=lambda c: abs((c - reference).days))

    def check_weekday(self, day: dt.date, annotation: str, written: str) -> None:
        found = _WEEKDAY_NOTE.search(annotation)
        if found and _WEEKDAYS[found[1]] != day.weekday():
            raise self.fail(
                f"{written!r} read as {day.isoformat()}, which is not a "
                f"{found[0]}: the year or month was misread"
            )

    def expand(self, clause: str, tokens: list[_DateToken]) -> list[dt.date]:
        """Turn the date tokens of a clause into days, following range and list separators."""
        days: list[dt.date] = []
        pending_range = False
        for index, token in enumerate(tokens):
            if index:
                separator = clause[tokens[index - 1].end : token.start].strip()
                if separator in _RANGE_SEPARATORS:
                    pending_range = True
                elif separator not in _LIST_SEPARATORS:
                    raise self.fail(f"cannot read {separator!r} between two dates")
            if pending_range:
                first = days[-1]
                length = (token.day - first).days
                if length <= 0 or length > _MAX_RANGE_DAYS:
                    raise self.fail(f"implausible range {first} to {token.day}")
                days.extend(first + dt.timedelta(days=k) for k in range(1, length + 1))
                pending_range = False
            else:
                days.append(token.day)
        return days

    # -- clauses ---------------------------------------------------------------------------

    def read_body(self, body: str) -> list[tuple[dt.date, Kind]]:
        result: list[tuple[dt.date, Kind]] = []
        for sentence in _split_top_level(body, "。"):
            result.extend(self.read_sentence(sentence))
        if not result and not _ENCOURAGEMENT.search(body):
            # An item under a holiday heading that yields nothing is a misread, not an empty
            # arrangement; only a pure encouragement (鼓励…休息) legitimately fixes no day.
            raise self.fail("no holiday or working day could be read")
        return result

    def read_sentence(self, sentence: str) -> list[tuple[dt.date, Kind]]:
        # "其中…" sentences (2008–2010 notices) only explain how a range already declared is made
        # up (为法定节假日 / 照常公休 / 公休日调至…); of them, only "…上班" adds information.
        detail = sentence.startswith("其中")
        if detail:
            sentence = sentence[2:].lstrip(":, ")
        clauses = _split_top_level(sentence, ",;")
        result: list[tuple[dt.date, Kind]] = []
        holidays_in_sentence = 0
        joined_to_weekend = any(_JOINED_TO_WEEKEND.match(c) for c in clauses)
        for clause in clauses:
            if _ENCOURAGEMENT.search(clause):
                # The rest of the sentence continues the encouragement ("…，安排职工在除夕休息").
                break
            tokens = self.dates_in(clause)
            if not tokens:
                if detail:
                    continue
                total = _TOTAL.match(clause)
                if total:
                    counted = _cn_number(total["n"][:-1])
                    if not joined_to_weekend and counted != holidays_in_sentence:
                        raise self.fail(
                            f"{clause!r} but {holidays_in_sentence} holiday dates were read"
                        )
                    continue
                if _JOINED_TO_WEEKEND.match(clause) or _NO_SWAP.match(clause):
                    continue
                raise self.fail(f"cannot read {clause!r}")
            suffix = clause[tokens[-1].end :].strip()
            if detail and not _WORKDAY_SUFFIX.match(suffix):
                continue
            prefix = clause[: tokens[0].start].strip()
            if prefix not in _ALLOWED_PREFIXES:
                raise self.fail(f"cannot read {prefix!r} before a date")
            kind: Kind
            holiday = _HOLIDAY_SUFFIX.match(suffix)
            if holiday or _RESTATED_DAY_OFF.match(suffix):
                kind = "holiday"
            elif _WORKDAY_SUFFIX.match(suffix):
                kind = "workday"
            else:
                raise self.fail(f"cannot tell whether {clause!r} is a holiday or a working day")
            days = self.expand(clause, tokens)
            if holiday and holiday["n"] and _cn_number(holiday["n"][:-1]) != len(days):
                raise self.fail(f"{clause!r} names {len(days)} dates")
            if kind == "holiday":
                holidays_in_sentence += len(days)
            result.extend((day, kind) for day in days)
        return result

    def read_extension(self, match: re.Match[str], signed: dt.date | None) -> list[dt.date]:
        """延长2020年春节假期至2月2日(…),2月3日(星期一)起正常上班.

        The extension says when the prolonged holiday *ends* but not when it began; that is in
        the earlier notice.  The notice is issued while the holiday is under way, so every day
        from its signing date through the end date is a holiday.  Merged after the original
        notice this gives exactly the original holiday plus the extension (and turns a 调休
        working day inside it, 2020-02-01, into a holiday).  Without a signing date the start
        cannot be known, so the line is refused rather than guessed.
        """
        clauses = _split_top_level(match["rest"], ",;。")
        if not clauses:
            raise self.fail("no end date")
        end_tokens = self.dates_in(clauses[0])
        if len(end_tokens) != 1 or clauses[0][end_tokens[0].end :].strip():
            raise self.fail(f"cannot read the end date in {clauses[0]!r}")
        end = end_tokens[0].day
        for clause in clauses[1:]:
            tokens = self.dates_in(clause)
            back = tokens and re.fullmatch(
                r"起\s*(?:正常|照常)?上班", clause[tokens[-1].end :].strip()
            )
            if len(tokens) != 1 or not back or tokens[0].day <= end:
                raise self.fail(f"cannot read {clause!r}")
        if signed is None:
            raise self.fail("an extension needs the signing date to know where it starts")
        if not (signed <= end and (end - signed).days <= _MAX_RANGE_DAYS):
            raise self.fail(f"signed {signed}, which does not lead up to {end}")
        return [signed + dt.timedelta(days=k) for k in range((end - signed).days + 1)]


def _find_title(lines: list[str]) -> tuple[str, int | None]:
    """The title and the year it names; a title without a year gives None (see `_year_of`)."""
    for line in lines:
        match = _TITLE.search(line)
        if match:
            return line, int(match[1])
    for line in lines:
        if _ANY_TITLE.search(line):
            return line, None
    first = next((line for line in lines if line), "")
    raise NoticeParseError(first, "no title naming the year the notice arranges")


def _year_of(title: str, lines: list[str], signed: dt.date | None) -> int:
    """The year of a notice whose title names none: the year written in its first arrangement
    sentence (2015年9月3日至5日调休放假), else that of its document number (国发明电〔2015〕3号),
    else that of its signing date."""
    for line in lines:
        for sentence in _arrangement_sentences(line):
            match = _EXPLICIT_DATE.search(sentence)
            if match:
                return int(match[1])
    for line in lines:
        match = _DOCUMENT_NUMBER.search(line)
        if match:
            return int(match[1])
    if signed is not None:
        return signed.year
    raise NoticeParseError(title, "no year: neither the title nor the arrangement names one")


def _arrangement_sentences(line: str) -> list[str]:
    """The sentences of an unnumbered line that arrange days: each starts with a date (after an
    optional 其中) and says 放假, 上班 or 补休. Notices are read by their sentences, not by
    their numbering: a one-off notice (2015) has a single unnumbered paragraph, and its
    preamble, duties and signature are sentences that start otherwise or arrange nothing."""
    found = []
    for sentence in _split_top_level(line, "。"):
        # "…现将…安排通知如下:2035年10月15日放假": the arrangement starts after the colon.
        introduced = sentence.rsplit(":", 1)[-1].strip()
        if introduced != sentence and _STARTS_WITH_DATE.match(introduced):
            sentence = introduced
        body = sentence[2:].lstrip(":, ") if sentence.startswith("其中") else sentence
        if _STARTS_WITH_DATE.match(body) and _ARRANGEMENT_WORDS.search(body):
            found.append(sentence)
    return found


def _title_holiday_name(title: str) -> str | None:
    match = _TITLE_HOLIDAY.search(title) or _TITLE_OCCASION.search(title)
    return match["name"].strip() if match else None


def _find_signing_date(lines: list[str]) -> dt.date | None:
    for line in reversed(lines):
        match = _SIGNATURE.match(line.replace(" ", ""))
        if match:
            try:
                return dt.date(_cn_year(match["y"]), _cn_number(match["m"]), _cn_number(match["d"]))
            except (KeyError, ValueError):
                return None
    return None


def parse_notice(text: str) -> ParsedNotice:
    """Read a holiday notice into dated holiday/workday entries.

    Raises :class:`NoticeParseError` for an arrangement line that cannot be read completely, for
    a date fixed twice with different meanings, and for a notice without any arrangement.
    """
    # A notice pasted as one paragraph: put each numbered item on its own line.
    split = re.sub(rf"。\s*(?=[{_CN_DIGITS}]{{1,3}}、)", "。\n", text)
    raw_lines = [line.strip() for line in split.splitlines()]
    lines = [_normalise(line) for line in raw_lines]
    title, title_year = _find_title(lines)
    signed = _find_signing_date(lines)
    year = title_year if title_year is not None else _year_of(title, lines, signed)
    title_holiday = _title_holiday_name(title)

    found: dict[dt.date, NoticeEntry] = {}
    arrangements = 0
    for raw, line in zip(raw_lines, lines, strict=True):
        numbering = _NUMBERING.match(line)
        if not numbering:
            # Title, addressees, preamble, closing, signature — or the arrangement of a notice
            # written without numbered items: read it by its sentences.
            pairs_and_name = _unnumbered(raw, line, year, title_holiday)
            if pairs_and_name is None:
                continue
            pairs, name = pairs_and_name
            if pairs:
                arrangements += 1
            for day, kind in pairs:
                earlier = found.get(day)
                if earlier is None:
                    found[day] = NoticeEntry(day, kind, name, raw)
                elif earlier.kind != kind:
                    raise NoticeParseError(
                        raw, f"{day} is both a holiday and a working day in this notice"
                    )
            continue
        item = line[numbering.end() :]
        heading = _HEADING.match(item)
        reader = _LineReader(raw, year, new_year_item=bool(heading and "元旦" in heading["name"]))
        extension = _EXTENSION.match(item)
        pairs: list[tuple[dt.date, Kind]]
        if extension:
            name = extension["name"].strip()
            pairs = [(day, "holiday") for day in reader.read_extension(extension, signed)]
        elif heading and (
            _HOLIDAY_WORDS.search(heading["name"]) or _ARRANGEMENT_WORDS.search(heading["body"])
        ):
            name = heading["name"].strip()
            pairs = reader.read_body(heading["body"])
        elif _STARTS_WITH_DATE.match(item) and _ARRANGEMENT_WORDS.search(item):
            # Supplement for a single holiday: "一、2019年5月1日至4日放假调休,共4天。…"
            if not title_holiday:
                raise reader.fail("an item without a heading, and the title names no holiday")
            name = title_holiday
            pairs = reader.read_body(item)
        else:
            continue  # a numbered item that arranges nothing (推迟开学, 值班要求, …)
        if pairs:
            arrangements += 1
        for day, kind in pairs:
            earlier = found.get(day)
            if earlier is None:
                found[day] = NoticeEntry(day, kind, name, raw)
            elif earlier.kind != kind:
                raise reader.fail(f"{day} is both a holiday and a working day in this notice")

    if not arrangements:
        raise NoticeParseError(title, "the notice contains no holiday arrangement")
    entries = [found[day] for day in sorted(found)]
    return ParsedNotice(
        year=year,
        entries=entries,
        title=title,
        signed=signed,
        text=text,
        supplement=not _YEARLY_TITLE.search(title),
    )


def _unnumbered(
    raw: str, line: str, year: int, title_holiday: str | None
) -> tuple[list[tuple[dt.date, Kind]], str] | None:
    """The days an unnumbered line arranges, and their holiday's name; None if it arranges none.

    Either a heading with a holiday word whose body starts with a date (国庆节:10月1日至7日放假…),
    or sentences that start with a date and say 放假 / 上班 (2015年9月3日至5日调休放假,共3天。
    其中…9月6日(星期日)上班。), named after the holiday in the title."""
    heading = _HEADING.match(line)
    if (
        heading
        and _HOLIDAY_WORDS.search(heading["name"])
        and _STARTS_WITH_DATE.match(heading["body"])
        and _ARRANGEMENT_WORDS.search(heading["body"])
    ):
        reader = _LineReader(raw, year, new_year_item="元旦" in heading["name"])
        return reader.read_body(heading["body"]), heading["name"].strip()
    sentences = _arrangement_sentences(line)
    if not sentences:
        return None
    reader = _LineReader(raw, year)
    if not title_holiday:
        raise reader.fail("an arrangement without a heading, and the title names no holiday")
    return reader.read_body("。".join(sentences)), title_holiday


def merge_notices(notices: Iterable[ParsedNotice]) -> dict[dt.date, NoticeEntry]:
    """Combine notices; for a date fixed by several, the later notice (list order) wins.

    That is how the State Council amends itself: the 2020 extension turned the 调休 working day
    2020-02-01 of the original 2020 notice into a holiday.
    """
    merged: dict[dt.date, NoticeEntry] = {}
    for notice in notices:
        for entry in notice.entries:
            merged[entry.day] = entry
    return {day: merged[day] for day in sorted(merged)}


def exceptions_from(entries: Mapping[dt.date, NoticeEntry]) -> dict[dt.date, bool]:
    """Entries as the engine's exceptions: True = working day, False = day off."""
    return {day: entry.kind == "workday" for day, entry in entries.items()}


def to_lines(parsed: ParsedNotice | Mapping[dt.date, NoticeEntry]) -> list[str]:
    """``YYYY-MM-DD,holiday,<name>`` / ``YYYY-MM-DD,workday,<name>`` lines (CLI output)."""
    if isinstance(parsed, ParsedNotice):
        entries: Iterable[NoticeEntry] = parsed.entries
    else:
        entries = [parsed[day] for day in sorted(parsed)]
    return [f"{e.day.isoformat()},{e.kind},{e.name}" for e in entries]
