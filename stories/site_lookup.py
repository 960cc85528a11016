"""The request's Wagtail Site, found by the id remembered for its host and port.

Wagtail matches a request to its Site with one query per request (hostname, port, default
site, ordered by a CASE expression, with the root page): about a fifth of the CPU of a page
whose content comes from rendered fragments. Which Site answers a host changes only when a
Site is saved or deleted, which starts a new cache generation (stories/signals.py). So the
match itself stays Wagtail's (``Site.find_for_request``, run once per generation and host);
each request then reads its Site by primary key, and hands it to Wagtail through the
attribute Wagtail documents as its per-request cache of the Site (``request._wagtail_site``).
"""

import logging

from wagtail.models import Site

from stories.cache import cached

logger = logging.getLogger(__name__)
NO_SITE = 0  # remembered when no Site answers the host (a value of None is not remembered)


class SiteLookupMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = f"{request.get_host()}:{request.get_port()}"  # a host not allowed: 400
        try:
            site_id = cached(f"site-for:{address}", lambda: matched_site_id(request))
        except Exception:  # the cache server is down: Wagtail finds the site itself
            logger.warning("Site lookup cache unavailable", exc_info=True)
        else:
            if not hasattr(request, "_wagtail_site"):  # else matched just now, and kept
                request._wagtail_site = site_by_id(site_id)
        return self.get_response(request)


def site_by_id(site_id):
    if site_id == NO_SITE:
        return None
    found = Site.objects.filter(pk=site_id).select_related("root_page").order_by()[:1]
    return next(iter(found), None)  # gone since: no site, as Wagtail would say


def matched_site_id(request):
    site = Site.find_for_request(request)
    return site.pk if site is not None else NO_SITE
