"""Site-wide read cache for the few things every public page needs.

Each cached value is keyed by a *generation* number that any publication, unpublication,
move, deletion, view restriction or settings change bumps (see ``signals.py``). Nothing is
invalidated key by key, so a stale entry cannot survive a change. Production shares the
cache between workers (Redis, or a file cache on one machine).
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from wagtail.models import PageViewRestriction

GENERATION_KEY = "centenaire:generation"
TIMEOUT = 60 * 60


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, timeout=None)
    return value


def bump_generation(**_signal_kwargs):
    """Start a new generation now, and again once the change is committed.

    The first bump serves the writer's own transaction; the second drops whatever a
    concurrent reader cached from rows that were not yet committed.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cached(name, compute):
    value = recall(name)
    if value is None:
        value = compute()
        remember(name, value)
    return value


def recall(name):
    """What was remembered under ``name`` in this generation, or None."""
    return cache.get(f"centenaire:{generation()}:{name}")


def remember(name, value):
    cache.set(f"centenaire:{generation()}:{name}", value, timeout=TIMEOUT)


def restricted_paths():
    """Tree paths of every page under a view restriction (password, login, groups)."""

    return cached(
        "restricted-paths",
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def private_q():
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q
