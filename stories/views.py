import hashlib
import posixpath
import re

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Page

from stories.colours import HEX_COLOUR
from stories.models import CentenarySettings
from stories.public_url import absolute_url

SEARCH_RESULTS_PER_PAGE = 10
DEFAULT_COLOURS = {"primary_colour": "#0f3b7a", "accent_colour": "#f2a93b"}
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


def theme_css_for(site_settings):
    colours = {
        name: value if HEX_COLOUR.match(value or "") else DEFAULT_COLOURS[name]
        for name, value in (
            ("primary_colour", site_settings.primary_colour),
            ("accent_colour", site_settings.accent_colour),
        )
    }
    return render_to_string("theme.css", {"centenary": colours})


def theme_version(request):
    """A short hash of the theme, so its URL changes when the colours do."""
    css = theme_css_for(CentenarySettings.for_request(request))
    return hashlib.sha256(css.encode()).hexdigest()[:12]


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24 * 365, immutable=True)
def theme_css(request):
    """The site's colours as CSS custom properties (no inline style under the CSP)."""
    css = theme_css_for(CentenarySettings.for_request(request))
    return HttpResponse(css, content_type="text/css; charset=utf-8")
