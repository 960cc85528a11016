from django.tasks import task

from wagtail.models import Page

from stories.models import CentenarySettings


@task
def render_page_card(page_id):
    """Render a page's card after publication, so the first visitor does not wait for it."""
    from stories.sharing.service import ensure_card

    page = Page.objects.live().filter(pk=page_id).specific().first()
    centenary = CentenarySettings.for_page(page) if page is not None else None
    if centenary is not None:
        ensure_card(page, centenary)
