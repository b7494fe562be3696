"""Check characters of Chinese identity numbers (R-1: the applicant's identity proof)."""

from __future__ import annotations

import datetime as dt
import re

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id_valid(value: str) -> bool:
    """GB 11643-1999: 17 digits (region, birth date, serial) and the ISO 7064 MOD 11-2 check."""
    text = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", text):
        return False
    try:
        dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    total = sum(int(c) * w for c, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == text[17]


def credit_code_valid(value: str) -> bool:
    """GB 32100-2015: the unified social credit code's 18th character is its MOD 31 check."""
    text = value.strip().upper()
    if len(text) != 18 or any(c not in _CODE_CHARS for c in text):
        return False
    total = sum(_CODE_CHARS.index(c) * w for c, w in zip(text[:17], _CODE_WEIGHTS, strict=True))
    check = (31 - total % 31) % 31
    return _CODE_CHARS[check] == text[17]
