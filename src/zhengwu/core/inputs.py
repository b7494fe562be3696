"""The checks every input passes, wherever it comes from: pages, API, Excel imports, commands.

- Dates lie within the plausible range of `core.policy` (by default 1 October 1949 to ten years
  ahead): a date beyond it is a typing mistake or a probe, and some would overflow the calendar
  arithmetic (year 9999 has no "next working day").
- Text never carries C0 control characters other than tab, line feed and carriage return: they
  cannot be written into .xlsx or .docx files (XML 1.0 forbids them) and no person types them.
- Strings are no longer than the column that stores them (`max_length_of`).
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zhengwu.core import policy

# C0 controls except \t (09), \n (0a) and \r (0d).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --- dates ---------------------------------------------------------------------------------------


def date_range() -> tuple[dt.date, dt.date]:
    return policy.earliest_date(), policy.latest_date()


def date_error(value: dt.date) -> str | None:
    """Why `value` is not a plausible date (a message in the active language), or None."""
    earliest, latest = date_range()
    if earliest <= value <= latest:
        return None
    return _("The date must lie between %(earliest)s and %(latest)s.") % {
        "earliest": date_format(earliest, "Y-m-d"),
        "latest": date_format(latest, "Y-m-d"),
    }


def year_error(value: int) -> str | None:
    earliest, latest = date_range()
    if earliest.year <= value <= latest.year:
        return None
    return _("The year must lie between %(earliest)s and %(latest)s.") % {
        "earliest": earliest.year,
        "latest": latest.year,
    }


def validate_date(value: dt.date) -> None:
    """Django validator (forms, model fields)."""
    message = date_error(value)
    if message:
        raise ValidationError(message, code="date_range")


def parse_date(text: str) -> dt.date:
    """An ISO date from a command line or an imported cell; ValueError with a message if it is
    not one or lies outside the plausible range."""
    try:
        value = dt.date.fromisoformat(text.strip())
    except ValueError as error:
        raise ValueError(_("Not a date (YYYY-MM-DD): %(text)s") % {"text": text}) from error
    message = date_error(value)
    if message:
        raise ValueError(message)
    return value


class DateField(forms.DateField):
    """The date field of every form: refuses dates outside the plausible range."""

    default_validators = [validate_date]


def validate_moment(value: dt.datetime) -> None:
    validate_date(value.date())


class DateTimeField(forms.DateTimeField):
    """The date-and-time field of every form: its day lies in the plausible range."""

    default_validators = [validate_moment]


# --- text ----------------------------------------------------------------------------------------


def control_character_error(text: str) -> str | None:
    if CONTROL_CHARACTERS.search(text) is None:
        return None
    return control_character_message()


def control_character_message() -> str:
    # Both languages: the message is also shown where the interface language is not yet known.
    return "文本包含不允许的控制字符 / the text contains control characters that are not allowed"


def validate_text(value: str) -> None:
    message = control_character_error(value)
    if message:
        raise ValidationError(message, code="control_characters")


def strip_control_characters(text: str) -> str:
    """For writers of files (.xlsx, .docx): drop what an earlier version may have stored."""
    return CONTROL_CHARACTERS.sub("", text)


def max_length_of(model: type[models.Model], field_name: str) -> int:
    """The longest text `model.field_name` holds: a CharField's max_length, else (TextField) the
    policy's longest free text."""
    field = model._meta.get_field(field_name)
    length = getattr(field, "max_length", None)
    if isinstance(field, models.CharField) and length:
        return int(length)
    if isinstance(field, models.TextField):
        return policy.text_max_length()
    raise TypeError(f"{model.__name__}.{field_name} is not a text column")


def formfield(db_field: models.Field, **kwargs: object) -> forms.Field | None:
    """`formfield_callback` of every ModelForm: model dates get the bounded form field."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateField)
    return db_field.formfield(**kwargs)
