"""Every page type of the demo site fits a 320 px wide phone: nothing scrolls sideways."""

from wagtail.models import Page

import pytest

from stories.demo.loader import DemoLoader
from stories.models import StoryPage, TimelinePage
from tests.builders import ensure_wagtail_roots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site_paths():
    """The demo site itself: real texts, real image sizes."""
    ensure_wagtail_roots()
    DemoLoader().load()
    story = StoryPage.objects.live().get(slug="roland-garros-1985")
    timeline = TimelinePage.objects.live().get(slug="100-ans-de-sport")
    pages = [Page.objects.get(depth=2), story.get_parent(), story, timeline.get_parent(), timeline]
    pages += list(Page.objects.live().filter(depth=3).exclude(pk__in=[p.pk for p in pages]))
    return [page.url for page in pages] + ["/recherche/?q=tour"]


def test_no_page_scrolls_sideways_on_a_320_px_phone(browser, live_server, site_paths):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    too_wide = {}
    for path in site_paths:
        tab.goto(live_server.url + path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    context.close()

    assert too_wide == {}
