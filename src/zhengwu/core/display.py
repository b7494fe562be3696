"""How people and weeks are written on every page and document: one helper each, so a list, a
detail page and an export never disagree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _


def week_label(day: dt.date | None) -> str:
    """The ISO week a day falls in, as people write it: "2026年第48周" ("Week 48 of 2026")."""
    if day is None:
        return ""
    year, week, _weekday = day.isocalendar()
    return _("Week %(week)d of %(year)d") % {"year": year, "week": week}


def with_title(person: Any) -> str:
    """A person with their job title, as a leader is named in lists: "王建国（局长）".

    The title is the person's own (`Person.job_title`, kept by the administrators); a person
    without one is shown by name alone, and nobody's name is repeated when it already ends in
    the title (a test cast named "局长甲" stays "局长甲")."""
    if person is None:
        return ""
    name = getattr(person, "full_name", "") or getattr(person, "username", "") or str(person)
    title = (getattr(person, "job_title", "") or "").strip()
    if not title or title in name:
        return name
    return _("%(name)s (%(title)s)") % {"name": name, "title": title}
