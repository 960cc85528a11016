import posixpath
import re

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Page, Site

from stories.cache import YEAR, cached
from stories.models import CentenarySettings
from stories.public_url import absolute_url
from stories.stylesheet import stylesheet

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
WORD = re.compile(r"[^\W_]+")


def search_text(request):
    """What the reader typed, shown back: no control characters, 200 characters at most."""
    typed = CONTROL_CHARACTERS.sub(" ", request.GET.get("q", ""))
    return " ".join(typed.split())[:SEARCH_QUERY_MAX_LENGTH]


def search_words(text):
    """Only the words go to the search backend (letters and digits, in any script): its own
    syntax (quotes, ``*``, ``:``, parentheses, operators) can neither break nor steer it."""
    return " ".join(WORD.findall(text))


@require_GET
def search(request):
    query = search_text(request)
    words = search_words(query)
    results = Page.objects.none()
    if words:
        results = Page.objects.live().public().specific().search(words, operator="and")
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "pages/search.html",
        {"search_query": query, "results_page": page, "result_count": paginator.count},
    )


@require_GET
def robots_txt(request):
    sitemap_url = absolute_url(reverse("sitemap"))
    return render(
        request,
        "robots.txt",
        {"sitemap_url": sitemap_url, "disallowed": disallowed_paths()},
        content_type="text/plain; charset=utf-8",
    )


def disallowed_paths():
    """The admins, search results and the share routes (their common prefix), as routed."""
    share_routes = [reverse("share", args=(1, "x")), reverse("share_card", args=(1, "k"))]
    share_prefix = posixpath.commonpath(share_routes) + "/"
    return [reverse("wagtailadmin_home"), reverse("admin:index"), reverse("search"), share_prefix]


def site_identity(request):
    """What the head of every page takes from the settings: the organisation's name, the
    tagline, and a short hash of the stylesheet (its URL changes when site.css or a colour
    does). Remembered for the cache generation, which any settings change renews: a page whose
    content comes from rendered fragments then reads no settings from the database."""
    site = Site.find_for_request(request)

    def read():
        centenary = CentenarySettings.for_request(request)
        return {
            "organisation_name": centenary.organisation_name,
            "tagline": centenary.tagline,
            "theme_version": stylesheet(centenary)[1],
        }

    return cached(f"site-identity:{site.pk if site else 0}", read)


@require_GET
def theme_css(request):
    """The site's one stylesheet: site.css and the colours of the settings as CSS custom
    properties (no inline style under the CSP). stories/stylesheet.py says why one.

    Kept a year only under the address of this very text (``?v=`` its hash): any other
    version (a page cached before a colour change, a server still on the previous release
    during a deployment) gets the current text, to be asked again next time, so that no
    cache keeps a text under an address that names another."""
    css, version = stylesheet(CentenarySettings.for_request(request))
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == version:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, no_cache=True)
    return response
