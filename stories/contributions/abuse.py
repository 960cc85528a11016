"""Protection of the public form: honeypot and signed timestamp (rate limits: rate_limits.py).

The form carries a signed token made of the time it was displayed and a random nonce. A
submission is dropped, silently and without saving anything, when the honeypot field is
filled, the token is forged, or it came back faster than a person can type: those are bots.
A genuine token older than MAX_AGE is a person who wrote slowly; the view shows the form
again with what they typed and a fresh token, never a thank-you. The nonce also serves as
the idempotency key: the same form sent twice makes one contribution.

The same token is the permit to open a resumable video upload (stories/video/resumable.py):
a script that never loaded the form cannot start one. A person who left the form open
longer than MAX_AGE may still send their video (the form itself will then ask them to send
again, keeping it): the permit lasts as long as a staged file, UPLOAD_PERMIT_MAX_AGE.
"""

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "centenaire.contribution-form"
MAX_AGE = 60 * 60 * 6
UPLOAD_PERMIT_MAX_AGE = 24 * 60 * 60


def new_form_token(shown_at=None):
    """A token for a form shown at ``shown_at`` (now by default), with a fresh nonce."""
    shown_at = int(time.time() if shown_at is None else shown_at)
    return signing.dumps({"t": shown_at, "n": secrets.token_hex(16)}, salt=SALT)


@dataclass(frozen=True)
class TokenCheck:
    nonce: str | None = None
    shown_at: int | None = None
    forged: bool = False
    expired: bool = False
    too_fast: bool = False

    @property
    def genuine(self):
        return self.nonce is not None and not (self.forged or self.expired or self.too_fast)


def check_form_token(token, *, now=None):
    """Read the form's token: its nonce, and whether it is forged, expired or too fast.

    Expired means signed by us but older than MAX_AGE (a person who took their time);
    forged means not signed by us at all (a bot, or a token made up)."""
    now = now or time.time()
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return TokenCheck(expired=True)
    except signing.BadSignature:
        return TokenCheck(forged=True)
    if not isinstance(data, dict) or not isinstance(data.get("n"), str):
        return TokenCheck(forged=True)
    shown_at = data.get("t")
    if not isinstance(shown_at, int):
        return TokenCheck(forged=True)
    shown_for = now - shown_at
    if shown_for > MAX_AGE:
        return TokenCheck(expired=True)
    too_fast = shown_for < settings.CONTRIBUTION_MIN_SECONDS
    return TokenCheck(nonce=data["n"], shown_at=shown_at, too_fast=too_fast)


def next_token(check, *, now=None):
    """The token for the form shown again after ``check``.

    It keeps the time the person first saw the form, so fixing a typo and sending again at
    once is not mistaken for a bot; after an expired token, the person has obviously spent
    time on it, so the new token counts as shown long enough ago."""
    now = now or time.time()
    if check.shown_at is not None:
        return new_form_token(check.shown_at)
    if check.expired:
        return new_form_token(now - settings.CONTRIBUTION_MIN_SECONDS)
    return new_form_token(now)


def permits_upload(token):
    """True when ``token`` is a form token we signed within UPLOAD_PERMIT_MAX_AGE."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=UPLOAD_PERMIT_MAX_AGE)
    except signing.BadSignature:
        return False
    return isinstance(data, dict) and isinstance(data.get("n"), str)
