from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from wagtail.models import Page

from stories.cache import private_q
from stories.models import CentenarySettings
from stories.sharing.service import card_fields, card_key, card_name, ensure_card

YEAR = 60 * 60 * 24 * 365


@require_GET
def share_card(request, page_id, key):
    """A live page's card at a URL that changes with its content: cached for a year."""
    pages = Page.objects.live().filter(pk=page_id)
    restricted = private_q()
    page = (pages.exclude(restricted) if restricted else pages).specific().first()
    if page is None:
        raise Http404
    centenary = CentenarySettings.for_request(request)
    fields = card_fields(page, centenary)
    if card_key(fields) != key:
        return redirect("share_card", page_id=page.pk, key=card_key(fields))
    name = ensure_card(page, centenary)
    content_type = "image/jpeg" if card_name(fields).endswith(".jpg") else "image/png"
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response
