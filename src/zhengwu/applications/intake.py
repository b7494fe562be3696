"""Public intake's guards: a captcha served by the project itself and a rate limit per address.

The captcha is stateless: the page (or the API) gets an SVG image and a signed token holding a
keyed hash of the answer and a nonce; the answer is checked against the token, and a token is used
once: its nonce is stored in the database (`UsedCaptcha`) until it expires, so every web process
refuses a replay. `ZHENGWU_CAPTCHA=off` turns it off for tests.
The rate limit counts every attempt to apply from an address (kept only as a keyed hash) — wrong
captchas and invalid forms included, so guessing the captcha is limited too — within the window of
`ZHENGWU_INTAKE_RATE` ("30/h"; "0" = no limit). The attempts are rows of the database
(`IntakeAttempt`), shared by every web process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import html
import re
import secrets

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from zhengwu.core import clock
from zhengwu.core.errors import DomainError

CAPTCHA_SALT = "zhengwu.applications.captcha"
CAPTCHA_MAX_AGE = 600  # seconds
# Letters and digits that are not confused with one another.
CAPTCHA_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CAPTCHA_LENGTH = 4
RATE_UNITS = {"m": 60, "h": 3600, "d": 86400}


class RateLimited(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _("Too many applications from your address; please try again later."),
            code="rate_limited",
        )


def captcha_enabled() -> bool:
    return bool(getattr(settings, "ZHENGWU_CAPTCHA", True))


def _digest(text: str, nonce: str) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, f"{nonce}:{text.upper()}".encode(), hashlib.sha256).hexdigest()


def new_captcha() -> tuple[str, str]:
    """(token, svg): the image shows the answer; the token lets the server check it."""
    answer = "".join(secrets.choice(CAPTCHA_ALPHABET) for _ in range(CAPTCHA_LENGTH))
    nonce = secrets.token_hex(8)
    token = signing.dumps({"n": nonce, "h": _digest(answer, nonce)}, salt=CAPTCHA_SALT)
    return token, _svg(answer)


def _svg(answer: str) -> str:
    rnd = secrets.SystemRandom()
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="140" height="48" viewBox="0 0 140 48" '
        'role="img" aria-label="captcha"><rect width="140" height="48" fill="#f4f4f4"/>'
    ]
    for _i in range(6):
        parts.append(
            f'<line x1="{rnd.randint(0, 140)}" y1="{rnd.randint(0, 48)}" '
            f'x2="{rnd.randint(0, 140)}" y2="{rnd.randint(0, 48)}" stroke="#999" stroke-width="1"/>'
        )
    for i, char in enumerate(answer):
        x, y, angle = 14 + i * 30, rnd.randint(30, 40), rnd.randint(-25, 25)
        parts.append(
            f'<text x="{x}" y="{y}" font-family="monospace" font-size="28" font-weight="bold" '
            f'fill="#223" transform="rotate({angle} {x} {y})">{html.escape(char)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def check_captcha(token: str, answer: str) -> None:
    """Refuse a wrong, expired or reused answer (nothing is stored then)."""
    if not captcha_enabled():
        return
    wrong = DomainError(
        _("The verification code is wrong or expired; try the new one."), code="captcha"
    )
    try:
        data = signing.loads(token or "", salt=CAPTCHA_SALT, max_age=CAPTCHA_MAX_AGE)
    except signing.BadSignature as error:
        raise wrong from error
    nonce = str(data.get("n", ""))
    answer = (answer or "").strip()[: CAPTCHA_LENGTH * 2]
    if not hmac.compare_digest(str(data.get("h", "")), _digest(answer, nonce)):
        raise wrong
    if not _use_nonce(nonce):
        raise wrong


def _use_nonce(nonce: str) -> bool:
    """Remember the nonce in the shared store; False when it was used before (a replay)."""
    from zhengwu.applications.models import UsedCaptcha

    now = clock.now()
    UsedCaptcha.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            UsedCaptcha.objects.create(
                nonce=nonce[:32], expires_at=now + dt.timedelta(seconds=CAPTCHA_MAX_AGE)
            )
    except IntegrityError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def source_hash(address: str) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, f"intake:{address}".encode(), hashlib.sha256).hexdigest()


def parse_rate(text: str) -> tuple[int, int]:
    """ "30/h" → (30, 3600); "0" → (0, 0) = no limit."""
    text = (text or "").strip().lower()
    if text in {"0", "", "off"}:
        return 0, 0
    match = re.fullmatch(r"(\d+)\s*/\s*([mhd])", text)
    if not match:
        raise ValueError(f"ZHENGWU_INTAKE_RATE={text!r}: use N/m, N/h, N/d or 0")
    return int(match.group(1)), RATE_UNITS[match.group(2)]


def check_rate(address_hash: str) -> None:
    """Count this attempt from the address; refuse it when the window already holds the limit.

    Every attempt counts (a wrong captcha, an invalid form); a refused one is not stored, so a
    client that stops is let in again once its window has passed.
    """
    from zhengwu.applications.models import IntakeAttempt

    limit, window = parse_rate(getattr(settings, "ZHENGWU_INTAKE_RATE", "30/h"))
    if not limit:
        return
    now = clock.now()
    since = now - dt.timedelta(seconds=window)
    IntakeAttempt.objects.filter(
        at__lt=now - dt.timedelta(seconds=max(RATE_UNITS.values()))
    ).delete()
    recent = IntakeAttempt.objects.filter(source_hash=address_hash, at__gte=since).count()
    if recent >= limit:
        raise RateLimited()
    IntakeAttempt.objects.create(source_hash=address_hash[:64], at=now)


def allow_suggestion(address_hash: str) -> bool:
    """As-you-type suggestions: a fixed one-minute window per address in the cache (a read-only
    look-up of public items, so the cache suffices; it is shared when the cache is)."""
    from django.core.cache import cache

    from zhengwu.applications import policy

    key = f"apply-suggest-rate:{address_hash}:{int(clock.now().timestamp()) // 60}"
    if cache.add(key, 1, 120):
        return True
    try:
        return cache.incr(key) <= policy.SUGGESTIONS_PER_MINUTE
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, 120)
        return True
