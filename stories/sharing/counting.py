"""Counting shares without tracking anyone: one click per client, page and network a day.

Whether this client already counted is remembered only in the cache, under a hash salted with
the day and the secret key, for a day at most: nothing is stored in the database, no cookie is
set, and yesterday's hashes cannot be linked to today's.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from stories.client_address import client_network
from stories.models import ShareCount

DAY = 60 * 60 * 24


def count_share(request, page, network):
    """Add one to the page's count for ``network`` unless this client already did today."""
    if cache.add(seen_key(request, page.pk, network), 1, timeout=DAY):
        ShareCount.add_one(page, network)


def seen_key(request, page_id, network):
    day = timezone.localdate().isoformat()
    token = f"{settings.SECRET_KEY}:{day}:{client_network(request)}:{page_id}:{network}"
    return "centenaire:shared:" + hashlib.sha256(token.encode()).hexdigest()[:32]
