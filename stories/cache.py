"""Site-wide read cache for the few things every public page needs.

Each cached value is keyed by a *generation* number that any publication, unpublication,
move, deletion, view restriction or settings change bumps (see ``signals.py``). Nothing is
invalidated key by key, so a stale entry cannot survive a change. Production shares the
cache between workers (Redis, or a file cache on one machine).

A value stored under a generation never changes, so each worker also keeps the latest it read
in its own memory (the ``worker`` cache, bounded): a page then asks the shared cache for the
generation alone. A generation starts from the clock, never from 1, so a shared cache that
was emptied (a Redis restart) cannot bring back a number whose values a worker remembers.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import Q

from wagtail.models import PageViewRestriction

GENERATION_KEY = "centenaire:generation"
TIMEOUT = 60 * 60
# How long browsers and caches keep what lives at an address naming its content (a hash).
YEAR = 60 * 60 * 24 * 365


# Within one request (stories/page_cache.py opens the scope), the generation and what was
# recalled are read from the cache once: a page asks for them a dozen times.
_request_memo = ContextVar("centenaire_request_memo", default=None)


@contextmanager
def request_scope():
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def generation():
    memo = _request_memo.get()
    if memo is not None and GENERATION_KEY in memo:
        return memo[GENERATION_KEY]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(GENERATION_KEY)
    if memo is not None:
        memo[GENERATION_KEY] = value
    return value


def bump_generation(**_signal_kwargs):
    """Start a new generation now, and again once the change is committed.

    The first bump serves the writer's own transaction; the second drops whatever a
    concurrent reader cached from rows that were not yet committed.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump():
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()  # this request reads the new generation from now on
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # emptied meanwhile: a new start
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)


def lookup(key):
    """The value stored under a generation's ``key``: this worker's memory first, then the
    shared cache (remembered here for the next request). None when neither has it."""
    value = caches["worker"].get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            caches["worker"].set(key, value, TIMEOUT)
    return value


def store(key, value, timeout=TIMEOUT):
    cache.set(key, value, timeout=timeout)
    caches["worker"].set(key, value, timeout)


def cached(name, compute):
    value = recall(name)
    if value is None:
        value = compute()
        remember(name, value)
    return value


def recall(name):
    """What was remembered under ``name`` in this generation, or None."""
    key = f"centenaire:{generation()}:{name}"
    memo = _request_memo.get()
    if memo is not None and key in memo:
        return memo[key]
    value = lookup(key)
    if memo is not None and value is not None:
        memo[key] = value
    return value


def remember(name, value):
    key = f"centenaire:{generation()}:{name}"
    store(key, value)
    memo = _request_memo.get()
    if memo is not None:
        memo[key] = value


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
