"""Protection of the public form: honeypot, signed timestamp, rate limit per client.

The form carries a signed token made of the time it was displayed and a random nonce. A
submission is dropped, silently and without saving anything, when the honeypot field is
filled, the token is forged, or it came back faster than a person can type. The nonce also
serves as the idempotency key: the same form sent twice makes one contribution.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "centenaire.contribution-form"
MAX_AGE = 60 * 60 * 6


def new_form_token():
    return signing.dumps({"t": int(time.time()), "n": secrets.token_hex(16)}, salt=SALT)


@dataclass(frozen=True)
class TokenCheck:
    nonce: str | None = None
    forged: bool = False
    too_fast: bool = False

    @property
    def genuine(self):
        return self.nonce is not None and not (self.forged or self.too_fast)


def check_form_token(token, *, now=None):
    """Read the form's token: its nonce, and whether it is forged, expired or too fast."""
    now = now or time.time()
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return TokenCheck(forged=True)
    if not isinstance(data, dict) or not isinstance(data.get("n"), str):
        return TokenCheck(forged=True)
    shown_for = now - data.get("t", now)
    if shown_for > MAX_AGE:
        return TokenCheck(forged=True)
    return TokenCheck(nonce=data["n"], too_fast=shown_for < settings.CONTRIBUTION_MIN_SECONDS)


def client_key(request):
    """A hash of the client's address: enough to count, nothing personal kept."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.CONTRIBUTION_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = forwarded.split(",")[0].strip() or address
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def over_rate_limit(request):
    """Count one submission for this client; True once it exceeds the hourly allowance."""
    key = f"centenaire:contrib-rate:{client_key(request)}"
    window = settings.CONTRIBUTION_RATE_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.CONTRIBUTION_RATE_LIMIT
