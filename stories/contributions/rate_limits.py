"""How much the contribution form accepts, and from whom.

Two ceilings, both per hour:
- per network (the client's address as our proxies saw it, IPv6 grouped by /64): generous,
  so that a whole office or a public wifi behind one address can take part; counted on
  every attempt and checked before anything costly (photos and videos are not read);
- per e-mail address: tighter, counted on stories that passed every check.

Resumable video uploads (stories/video/resumable.py) have their own ceiling per network,
counted when one is created: a video sent in parts does not use up the form's attempts,
and a script cannot open uploads without end.

Counters live in the database (atomic increments on every backend) under salted hashes.
A counter that cannot be written because the database stays busy is skipped, not an error.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from stories.busy import database_was_busy, retry_when_busy
from stories.client_address import client_network
from stories.models import RateCount

logger = logging.getLogger(__name__)
WINDOW = timedelta(hours=1)


def network_is_busy(request):
    """Count one attempt from this network; True when past its ceiling this hour."""
    return over("network", client_network(request), settings.CONTRIBUTION_NETWORK_LIMIT)


def uploads_are_busy(request):
    """Count one resumable upload created from this network; True when past its ceiling."""
    return over("video-upload", client_network(request), settings.VIDEO_UPLOAD_NETWORK_LIMIT)


def address_is_busy(email):
    """Count one story for this e-mail address; True when past its ceiling this hour."""
    return over("email", email.strip().lower(), settings.CONTRIBUTION_RATE_LIMIT)


def over(scope, subject, limit):
    """True when past ``limit``. A counter the database stays too busy to write (a long batch
    holding SQLite's lock beyond the retries) lets the story through, uncounted: a missing
    tally is no reason to turn a person away, and the intake that follows waits its own turn."""
    try:
        return increment(counter_key(scope, subject)) > limit
    except OperationalError as error:
        if not database_was_busy(error):
            raise
        logger.warning("Rate count for %s skipped, the database stayed busy: %s", scope, error)
        return False


def counter_key(scope, subject):
    salted = f"{settings.SECRET_KEY}:{scope}:{subject}"
    return hashlib.sha256(salted.encode()).hexdigest()


def current_window(now=None):
    now = now or timezone.now()
    return now.replace(minute=0, second=0, microsecond=0)


@retry_when_busy
def increment(key):
    """Add one to this hour's counter and return it (atomic: one UPDATE, or one INSERT)."""
    window = current_window()
    counters = RateCount.objects.filter(key=key, window=window)
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCount.objects.create(key=key, window=window, count=1)
                    forget_old_windows(window)
            except IntegrityError:  # another worker created it meanwhile
                counters.update(count=F("count") + 1)
        return counters.values_list("count", flat=True).get()


def forget_old_windows(window):
    RateCount.objects.filter(window__lt=window - WINDOW).delete()
