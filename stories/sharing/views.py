import base64
import re

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from wagtail.models import Page

from stories.cache import YEAR, recall, remember
from stories.models import CentenarySettings, Network, ShareMessage
from stories.models.querysets import exclude_private
from stories.public_url import page_url
from stories.sharing.cards import HEIGHT, WIDTH
from stories.sharing.counting import count_share
from stories.sharing.links import target_url
from stories.sharing.messages import message_with_hashtag
from stories.sharing.service import (
    CONTENT_TYPES,
    card_fields,
    card_key,
    card_photo,
    ensure_card,
    preview_card,
)

SLUG = re.compile(r"^[a-z0-9-]{1,80}$")
MESSAGE_ID = re.compile(r"^[0-9]{1,18}$")
CARD_KEY_MAX_LENGTH = 64


def visible_page(page_id):
    page = exclude_private(Page.objects.live().filter(pk=page_id)).specific().first()
    if page is None:
        raise Http404
    return page


@never_cache
@require_GET
def share(request, page_id, network):
    """Count one share, then send the reader to the network. Only allow-listed networks and
    only URLs built here from the page: this redirect cannot be pointed anywhere else."""
    if network not in Network.values:
        raise Http404
    page = visible_page(page_id)
    hashtag = CentenarySettings.for_request(request).hashtag
    url, text = page_url(page, request), page.title
    event = event_for_anchor(page, request.GET.get("ancre", ""))
    message = message_for(page, request.GET.get("message", ""))
    if event is not None:
        url, text = f"{url}#{event.anchor}", f"{event.period_label} – {event.title}"
    elif message is not None:
        text, hashtag = message_with_hashtag(message.text, hashtag), ""
    count_share(request, page, network)
    return NetworkRedirect(target_url(Network(network), url=url, text=text, hashtag=hashtag))


class NetworkRedirect(HttpResponseRedirect):
    """A redirect to a network's share page, or to the mail program for e-mail."""

    allowed_schemes = ["https", "mailto"]


def message_for(page, message_id):
    """One of the page's own ready-to-post messages (never a text sent by the visitor)."""
    if not MESSAGE_ID.match(message_id):  # ASCII digits only, and few enough for a key
        return None
    return ShareMessage.objects.filter(page=page, pk=int(message_id)).first()


def event_for_anchor(page, anchor):
    if not anchor or not SLUG.match(anchor) or not hasattr(page, "events"):
        return None
    return page.events.filter(anchor=anchor).first()


@require_safe
def share_card(request, page_id, key):
    """A live page's card at a URL that changes with its content: cached for a year.

    A card already checked in this cache generation is served without touching the
    database; any publication, withdrawal or settings change starts a new generation.
    """
    if len(key) > CARD_KEY_MAX_LENGTH:  # no card has such a key: not worth a cache entry
        raise Http404
    remembered = f"card:{page_id}:{key}"
    name = recall(remembered)
    if name is not None:
        try:
            return card_response(name)
        except FileNotFoundError:
            pass  # removed since: check the page again
    page = visible_page(page_id)
    centenary = CentenarySettings.for_request(request)
    fields = card_fields(page, centenary)
    if card_key(fields) != key:
        return redirect("share_card", page_id=page.pk, key=card_key(fields))
    name = ensure_card(page, centenary)
    remember(remembered, name)
    return card_response(name)


def card_response(name):
    """The card's bytes (tens of kilobytes), whole rather than streamed, so that the page
    cache keeps them like a page (stories/page_cache.py) and answers the next reader of this
    address before any view runs."""
    content_type = CONTENT_TYPES[name.rsplit(".", 1)[-1]]
    with default_storage.open(name, "rb") as card:
        response = HttpResponse(card.read(), content_type=content_type)
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def share_card_preview(request, page):
    """The page's card as the networks will show it, in the editor's preview panel: drawn
    from the unsaved form, never stored, never cached."""
    centenary = CentenarySettings.for_request(request)
    image, content_type = preview_card(page, centenary)
    data = base64.b64encode(image).decode("ascii")
    response = TemplateResponse(
        request,
        "admin/share_card_preview.html",
        {
            "page": page,
            "card_src": f"data:{content_type};base64,{data}",
            "width": WIDTH,
            "height": HEIGHT,
            "photo_held_back": bool(getattr(page, "image_id", None)) and card_photo(page) is None,
        },
    )
    add_never_cache_headers(response)
    return response
