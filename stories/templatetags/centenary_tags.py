from django import template
from django.urls import reverse
from django.utils.http import urlencode

from stories.models import CentenarySettings, ShareKitPage
from stories.public_url import page_url
from stories.sharing.links import ready_message, share_links
from stories.sharing.meta import share_meta as meta_for
from stories.templatetags.navigation_tags import top_level_pages
from stories.views import site_identity as identity_of

register = template.Library()


@register.simple_tag(takes_context=True)
def site_identity(context):
    """``{% site_identity as identity %}``: the organisation's name, tagline and stylesheet
    version, read from the settings once per cache generation (stories/views.py)."""
    return identity_of(context["request"])


@register.simple_tag
def theme_stylesheet_url(identity):
    return f"{reverse('theme_css')}?{urlencode({'v': identity['theme_version']})}"


@register.simple_tag(takes_context=True)
def page_url_with(context, **params):
    """The current list URL with the given query parameters changed (for pagination)."""
    query = context["request"].GET.copy()
    for key, value in params.items():
        query[key] = value
    return f"?{query.urlencode()}"


@register.inclusion_tag("components/share_meta.html", takes_context=True)
def share_meta(context):
    """Open Graph, Twitter card, canonical URL and JSON-LD for the page being read."""

    page, request = context.get("page"), context["request"]
    if page is None or not getattr(page, "pk", None) or getattr(request, "is_preview", False):
        return {"meta": None}
    return {"meta": meta_for(page, request, CentenarySettings.for_request(request))}


@register.inclusion_tag("components/share_bar.html", takes_context=True)
def share_bar(context, page, anchor="", title=""):
    """Share links rendered on the server (no third-party script), each through the
    counting redirect; copy-link and the device's share sheet come from share.js."""

    if not page.pk:  # a preview of a page never saved has nothing to share yet
        return {"links": []}
    request = context["request"]
    url = page_url(page, request) + (f"#{anchor}" if anchor else "")
    return {
        "links": share_links(page, anchor=anchor),
        "share_url": url,
        "share_title": title or page.title,
        "compact": bool(anchor),
    }


@register.inclusion_tag("components/share_messages.html", takes_context=True)
def share_messages(context, page):
    """The page's ready-to-post messages, each with one-click links and a copy button, and
    the share kit that holds them all."""

    if not page.pk:
        return {"ready_messages": []}
    request = context["request"]
    url = page_url(page, request)
    hashtag = CentenarySettings.for_request(request).hashtag
    messages = [
        ready_message(message, page_url=url, hashtag=hashtag)
        for message in page.share_messages.all()
    ]
    kit = top_level_pages(request).type(ShareKitPage).first() if messages else None
    return {"ready_messages": messages, "share_kit": kit}


NETWORK_ICONS = {
    "x": "brand-x",
    "linkedin": "brand-linkedin",
    "facebook": "brand-facebook",
    "whatsapp": "brand-whatsapp",
    "email": "mail",
}


@register.inclusion_tag("components/icon.html")
def icon(name, size=20):
    """An icon of static/icons/icons.svg (Tabler, MIT), decorative: the control that holds it
    carries its accessible name in text."""
    return {"name": NETWORK_ICONS.get(name, name), "size": size}


@register.filter
def decade(year):
    """1987 → 1980, for matching an event with its jump link."""
    return year - year % 10 if isinstance(year, int) else ""


@register.simple_tag
def pull_quote_in_body(page):
    """True when one of the story's quote blocks already says its pull quote."""
    wanted = " ".join((getattr(page, "pull_quote", "") or "").split()).casefold()
    if not wanted:
        return False
    return any(
        block.block_type == "quote" and " ".join(block.value["text"].split()).casefold() == wanted
        for block in getattr(page, "body", [])
    )
