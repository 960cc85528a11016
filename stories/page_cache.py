"""Readers get public pages from a cache of the rendered response.

``PageCacheMiddleware`` stores the bytes and headers of an anonymous GET of a public page
(Wagtail pages, the story list with its filters and pagination, the feed, the sitemap, the
share cards, robots.txt) in Django's cache (Redis in production, a file cache on one
machine) and answers the next anonymous reader from there, before sessions, CSRF, routing or
templates run.

What is never stored or served from the store:
- a request carrying a session or messages cookie (a logged-in editor, a visitor who entered
  a page password, a pending message), or Wagtail's preview request: always through Django;
- a response that sets a cookie (a session written, a CSRF token used: every page with a
  form that posts, the contribution form, a page password form), has a CSRF field, or
  says ``private``/``no-store``/``no-cache`` (follow-up pages, previews, the admin);
- query strings other than the filters and pagination below (search is never stored);
- anything but a complete 200 response (no streamed file, no redirect, no error).

Purging, locally: the key holds the site cache's generation (``stories/cache.py``), which
every publication, unpublication, move, deletion, view restriction, site, settings or theme
change bumps (``stories/signals.py``). A change therefore drops every stored page at once:
coarser than needed, never stale, and the pages are rendered again on the next visit.
Purging the edge cache (Varnish, a CDN) is precise, by URL: see ``stories/edge_purge.py``.

Headers: a stored page says ``Cache-Control: public, max-age=0, s-maxage=N`` (a shared cache
keeps it N seconds unless purged; a browser asks again); everything else this middleware sees
without a Cache-Control of its own gets ``private, no-store``.
"""

import hashlib
import logging
from functools import cache as once

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.urls import reverse

from stories.cache import bump_generation, generation, request_scope
from stories.models import CentenaryImage, Video
from stories.views import disallowed_paths

logger = logging.getLogger(__name__)

# The story list's filters (stories/filters.py), the share kit's, and pagination.
CACHED_QUERY_PARAMETERS = frozenset({"theme", "decade", "kind", "relation", "sort", "page"})
# Never stored whatever the response says: the admin, documents, media, share redirects
# (counted), the contribution pages' private follow-up.
NOT_STORED_HEADERS = frozenset({"set-cookie", "date", "x-page-cache"})
PRIVATE_CACHE_CONTROL = ("private", "no-store", "no-cache")


@once
def excluded_prefixes():
    """Never stored: the admins, documents, the share routes (but the cards), search and the
    health check."""
    documents = reverse("wagtaildocs_serve", args=(1, "x")).split("1/", 1)[0]
    return (*disallowed_paths(), documents, reverse("health"))


@once
def share_card_prefix():
    """The share cards' route, stored though under the share routes: a card's address changes
    with its content, and any withdrawal of its page starts a new generation."""
    return reverse("share_card", args=(1, "k")).split("1/", 1)[0]


def local_timeout():
    return settings.PAGE_CACHE_SECONDS


def edge_seconds():
    return settings.PAGE_CACHE_EDGE_SECONDS


def personal(request):
    """The request belongs to someone: a session (login, page password) or a message."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def cache_key(request):
    """The key of this request's page, or None when such a request is never cached."""
    if not settings.PAGE_CACHE_ENABLED or request.method != "GET" or personal(request):
        return None
    if getattr(request, "is_dummy", False):
        return None  # Wagtail's preview (moderation, share cards): the draft, never the store
    path = request.path
    excluded = path.startswith((*excluded_prefixes(), settings.MEDIA_URL, settings.STATIC_URL))
    if excluded and not path.startswith(share_card_prefix()):
        return None
    parameters = request.GET
    for name in parameters:
        values = parameters.getlist(name)
        if name not in CACHED_QUERY_PARAMETERS or len(values) > 1 or not plain(values[0]):
            return None
    query = "&".join(f"{name}={parameters[name]}" for name in sorted(parameters))
    address = hashlib.sha256(f"{request.get_host()}{path}?{query}".encode()).hexdigest()
    return f"centenaire:{generation()}:page:{address}"


def plain(value):
    """A filter value as the site writes them (a slug, a number): anything else is not
    stored, so odd values cannot fill the cache."""
    return len(value) <= 60 and all(char.isalnum() or char in "-_" for char in value)


def storable(request, response):
    """A complete public answer that depends on nothing but the URL."""
    # A page that read a CSRF token (any form that posts) sets the CSRF cookie: refused here,
    # and by its hidden field should a cookie ever be set elsewhere.
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if b"csrfmiddlewaretoken" in response.content:
        return False
    # Every page says "Vary: Cookie" (the userbar asks who is logged in, which opens the
    # session). A request without a session cookie had an empty session, and a view that
    # wrote to it would set the cookie (refused above): such a page is the same for every
    # reader without a session, which is all this cache serves (``personal`` above).
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    header = response.get("Cache-Control", "")
    directives = {part.split("=")[0].strip().lower() for part in header.split(",")}
    return not directives.intersection(PRIVATE_CACHE_CONTROL)


class PageCacheMiddleware:
    """Answer anonymous readers from the rendered-response cache (see the module docstring).

    Placed after WhiteNoise and before the CSP middleware: a stored response carries the
    headers every inner middleware added; the outer ones (security headers) run on each hit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.respond(request)

    def respond(self, request):
        try:
            key = cache_key(request)
            stored = cache.get(key) if key is not None else None
        except Exception:  # the cache server is down: serve the page, uncached
            logger.warning("Page cache unavailable for %s", request.path, exc_info=True)
            key = stored = None
        if stored is not None:
            return self.replay(stored)
        response = self.get_response(request)
        if key is not None and storable(request, response):
            if "Cache-Control" not in response:
                response["Cache-Control"] = f"public, max-age=0, s-maxage={edge_seconds()}"
            self.store(key, response)
        elif "Cache-Control" not in response and not request.path.startswith(
            (settings.STATIC_URL, settings.MEDIA_URL)
        ):
            response["Cache-Control"] = "private, no-store"
        return response

    def store(self, key, response):
        try:
            cache.set(key, self.record(response), timeout=local_timeout())
        except Exception:
            logger.warning("Page cache unavailable: %s not stored", key, exc_info=True)
        else:
            response["X-Page-Cache"] = "miss"

    @staticmethod
    def record(response):
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in NOT_STORED_HEADERS
        ]
        return (response.status_code, headers, response.content)

    @staticmethod
    def replay(stored):
        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response.headers[name] = value
        response["X-Page-Cache"] = "hit"
        return response


def media_changed(sender, created=False, **kwargs):
    """An image or video changed (not a new one: no page shows it yet, and contributions
    upload many). A replaced photo drops its renditions, a processed video replaces the
    photo with a player: the generation goes up."""
    if not created:
        bump_generation()


def connect():
    for model in (CentenaryImage, Video):
        for signal in (post_save, post_delete):
            signal.connect(
                media_changed,
                sender=model,
                dispatch_uid=f"centenaire-page-cache-{model.__name__}-{id(signal)}",
            )
