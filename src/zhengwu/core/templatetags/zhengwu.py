"""Template filters of the shell: `{{ person|with_title }}`, `{{ day|week_label }}`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from zhengwu.core import display

register = template.Library()


@register.filter
def with_title(person: Any) -> str:
    return display.with_title(person)


@register.filter
def week_label(day: dt.date | None) -> str:
    return display.week_label(day)
