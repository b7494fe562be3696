"""The answer clock of an application explained step by step (R-2…R-6) — the what-if calculator.

There is no second clock here: every date comes from the working-day engine (`workdays.compute`
and the calendar's `workdays_between`), exactly as `workdays.services` moves a stored deadline
(open → pause/resume → restart on a supplement → extend). `services` keeps one `Deadline` per
application with those functions; this module replays the same steps on paper for staff.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zhengwu.applications import policy
from zhengwu.core.errors import DomainError
from zhengwu.workdays.policy import current_limit
from zhengwu.workdays.selectors import compute, current_calendar


@dataclass
class Derivation:
    lines: list[str] = field(default_factory=list)
    due: dt.date | None = None
    unconfirmed_years: list[int] = field(default_factory=list)

    def last_line(self) -> str:
        text = f"due={self.due.isoformat()}" if self.due else "due="
        if self.unconfirmed_years:
            text += " unconfirmed=" + ",".join(str(y) for y in self.unconfirmed_years)
        return text


def _d(day: dt.date) -> str:
    return day.isoformat()


def derive(
    *,
    received: dt.date,
    supplement_asked: dt.date | None = None,
    supplement_received: dt.date | None = None,
    pauses: list[tuple[dt.date, dt.date]] | None = None,
    extension: int = 0,
) -> Derivation:
    """The due date of an application, one event a line (R-3, R-4, R-5, R-6)."""
    cal = current_calendar()
    limit = current_limit(policy.ANSWER_RULE)
    ext_max = current_limit(policy.EXTENSION_RULE).amount
    pauses = sorted(pauses or [])
    if extension < 0 or extension > ext_max:
        raise DomainError(
            _("An extension is 0 to %(max)d working days.") % {"max": ext_max}, code="extension"
        )
    if (supplement_asked is None) != (supplement_received is None):
        raise DomainError(
            _("Give both the day the supplement was asked for and the day it arrived."),
            code="supplement",
        )
    out = Derivation()
    start = received
    result = compute(policy.ANSWER_RULE, start, calendar=cal)
    if not cal.is_workday(received):
        out.lines.append(
            _("received %(day)s, a day off: counts as received on %(next)s")
            % {"day": _d(received), "next": _d(result.counting_from)}
        )
    else:
        out.lines.append(_("received %(day)s (working day)") % {"day": _d(received)})
    out.lines.append(
        _("%(label)s: %(n)d working days after %(from)s → due %(due)s")
        % {
            "label": limit.label,
            "n": limit.amount,
            "from": _d(result.counting_from),
            "due": _d(result.due_date),
        }
    )
    due = result.due_date
    if supplement_asked is not None and supplement_received is not None:
        latest = compute(policy.SUPPLEMENT_RULE, received, calendar=cal).due_date
        if supplement_asked < received or supplement_asked > latest:
            raise DomainError(
                _("A supplement request goes out between receipt and %(latest)s.")
                % {"latest": _d(latest)},
                code="supplement",
            )
        if supplement_received < supplement_asked:
            raise DomainError(
                _("The supplement cannot arrive before it was asked for."), code="supplement"
            )
        out.lines.append(
            _("supplement asked on %(day)s (at the latest %(latest)s): the clock stops")
            % {"day": _d(supplement_asked), "latest": _d(latest)}
        )
        start = supplement_received
        result = compute(policy.ANSWER_RULE, start, calendar=cal)
        due = result.due_date
        out.lines.append(
            _("supplement received on %(day)s: the period restarts, due %(due)s")
            % {"day": _d(supplement_received), "due": _d(due)}
        )
    counting_from = cal.workday_on_or_after(start)
    paused = 0
    for begin, end in pauses:
        if end < begin:
            raise DomainError(_("A pause cannot end before it starts."), code="pause")
        if begin < start:
            raise DomainError(
                _("A pause cannot begin before the period runs (%(day)s).") % {"day": _d(start)},
                code="pause",
            )
    for begin, end, merged in _merged(pauses):
        # Whether a pause began within the period is judged against the due date with the
        # extension: an extension is approved before the period runs out, so before the pause.
        current = compute(
            policy.ANSWER_RULE,
            start,
            paused_workdays=paused,
            extension_workdays=extension,
            calendar=cal,
        ).due_date
        if cal.workdays_between(current, begin) > 0:
            out.lines.append(
                _("paused %(begin)s to %(end)s: the period had already run out, nothing changes")
                % {"begin": _d(begin), "end": _d(end)}
            )
            continue
        days = cal.paused_workdays(counting_from=counting_from, due=current, begin=begin, end=end)
        paused += days
        due = compute(policy.ANSWER_RULE, start, paused_workdays=paused, calendar=cal).due_date
        text = _("paused %(begin)s to %(end)s: %(n)d working days do not count → due %(due)s") % {
            "begin": _d(begin),
            "end": _d(end),
            "n": days,
            "due": _d(due),
        }
        if merged > 1:
            text += _(" (%(n)d overlapping pauses, each day counted once)") % {"n": merged}
        out.lines.append(text)
    if extension:
        final = compute(
            policy.ANSWER_RULE,
            start,
            paused_workdays=paused,
            extension_workdays=extension,
            calendar=cal,
        )
        due = final.due_date
        out.lines.append(
            _("extended by %(n)d working days from the current due date → due %(due)s")
            % {"n": extension, "due": _d(due)}
        )
    out.due = due
    out.unconfirmed_years = sorted(cal.unconfirmed_years(received, due))
    if out.unconfirmed_years:
        out.lines.append(
            _("calendar of %(years)s not yet confirmed: weekends only")
            % {"years": ", ".join(str(y) for y in out.unconfirmed_years)}
        )
    return out


def _merged(pauses: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date, int]]:
    """Pauses that overlap or touch as one (begin, end, how many): a day two pauses cover does
    not count, once (R-5, R-6)."""
    out: list[tuple[dt.date, dt.date, int]] = []
    for begin, end in sorted(pauses):
        if out and begin <= out[-1][1]:
            first, last, n = out[-1]
            out[-1] = (first, max(last, end), n + 1)
        else:
            out.append((begin, end, 1))
    return out


# --- the processing fee (国办函〔2020〕109号) --------------------------------------------


def _item_price(k: int) -> int:
    """Price of the k-th item of one applicant in one calendar month."""
    for first, last, price in policy.ITEM_BANDS:
        if first <= k <= last:
            return price
    last_band_end = policy.ITEM_BANDS[-1][1]
    last_price = policy.ITEM_BANDS[-1][2]
    steps = (k - last_band_end - 1) // policy.ITEM_STEP_SIZE + 1
    return last_price + steps * policy.ITEM_STEP_INCREASE


def fee_for_items(total: int, *, already: int = 0) -> int:
    """Fee of `total` items of one applicant in one month, of which `already` were charged before.

    Progressive on the excess only: each item is priced by its own band.
    """
    if total < 0 or already < 0:
        raise DomainError(_("A number of items cannot be negative."), code="fee")
    return sum(_item_price(k) for k in range(already + 1, already + total + 1))


def fee_for_pages(pages: int) -> int:
    """Fee of one application of `pages` pages (whole yuan), each page priced by its band."""
    if pages < 0:
        raise DomainError(_("A number of pages cannot be negative."), code="fee")
    fee = 0
    for first, last, price in policy.PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        if top >= first:
            fee += (top - first + 1) * price
    return fee
