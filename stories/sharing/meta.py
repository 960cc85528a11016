"""Open Graph, Twitter and JSON-LD data of a page, owned by Python so it can be tested."""

import json

from django.utils.safestring import mark_safe
from django.utils.translation import get_language, to_locale

from stories.models import StoryPage
from stories.public_url import absolute_url, page_url
from stories.sharing.cards import HEIGHT, WIDTH
from stories.sharing.service import card_url

OG_TERRITORIES = {"en": "GB"}
JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def share_meta(page, request, centenary):
    is_story = isinstance(page, StoryPage)
    meta = {
        "title": page.seo_title or page.title,
        "description": getattr(page, "share_description", "") or page.search_description,
        "type": "article" if is_story else "website",
        "url": page_url(page, request),
        "image": absolute_url(card_url(page, centenary)),
        "image_width": WIDTH,
        "image_height": HEIGHT,
        "image_alt": page.title,
        "locale": og_locale(get_language() or "fr"),
        "site_name": centenary.organisation_name,
        "published_time": page.first_published_at.isoformat()
        if is_story and page.first_published_at
        else "",
    }
    meta["json_ld"] = json_ld(page, meta, centenary) if is_story else ""
    return meta


def og_locale(language):
    """Open Graph wants language_TERRITORY (fr_FR), not a bare language."""
    locale = to_locale(language)
    return locale if "_" in locale else f"{locale}_{OG_TERRITORIES.get(locale, locale.upper())}"


def json_ld(page, meta, centenary):
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": meta["title"][:110],
        "description": meta["description"],
        "image": [meta["image"]],
        "datePublished": meta["published_time"],
        "url": meta["url"],
        "author": {"@type": "Person", "name": page.display_name}
        if page.display_name
        else {"@type": "Organization", "name": centenary.organisation_name},
        "publisher": {"@type": "Organization", "name": centenary.organisation_name},
    }
    # Escaped so that no text from a page can close the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES))  # noqa: S308
