from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone

from wagtail.models import Page, Site

from stories.models import CentenarySettings
from stories.models.querysets import exclude_private
from stories.sharing.service import delete_cards, ensure_card, stored_cards


@task
def render_page_card(page_id):
    """Render a page's card after publication, so the first visitor does not wait for it."""

    page = Page.objects.live().filter(pk=page_id).specific().first()
    centenary = CentenarySettings.for_page(page) if page is not None else None
    if centenary is not None:
        ensure_card(page, centenary)


@task
def render_all_cards():
    """After a change of the centenary settings (colours, hashtag, logo…), render the card of
    every live public page again, then remove the cards nothing points to any more."""

    started, current = timezone.now(), set()
    for site in Site.objects.select_related("root_page"):
        centenary = CentenarySettings.for_site(site)
        pages = exclude_private(Page.objects.live().descendant_of(site.root_page, inclusive=True))
        for page in pages.specific().iterator(chunk_size=200):
            current.add(ensure_card(page, centenary))
    remove_stale_cards(keep=current, older_than=started)
    return len(current)


def remove_stale_cards(*, keep, older_than):
    """Delete the cards no page uses; a card written since the task began is left alone (a
    page published meanwhile may need it)."""

    for path in stored_cards():
        if path not in keep and default_storage.get_modified_time(path) < older_than:
            default_storage.delete(path)


@task
def delete_page_cards(page_id):
    """A page left the public site: none of its cards may be served any more."""

    delete_cards(page_id)
