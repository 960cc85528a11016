from wagtail.models import Page, Revision

import pytest

from stories.demo.loader import DemoLoader
from stories.models import (
    CentenaryImage,
    CentenarySettings,
    ShareKitPage,
    ShareMessage,
    StoryPage,
    TimelinePage,
)
from stories.sharing.messages import check_message

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "revisions": Revision.objects.count(),
        "images": sorted(CentenaryImage.objects.values_list("title", "description")),
        "messages": sorted(ShareMessage.objects.values_list("page__slug", "sort_order", "text")),
        "events": sorted(
            (timeline.slug, event.year, event.title, event.story_id)
            for timeline in TimelinePage.objects.all()
            for event in timeline.events.all()
        ),
    }


def test_demo_builds_a_complete_site_that_renders_and_reloads_identically(client):
    """One test, because loading the demo takes most of its time."""
    DemoLoader().load()
    first = snapshot()

    assert_demo_is_complete()
    for page in Page.objects.live().specific().filter(depth__gt=1):
        assert client.get(page.url).status_code == 200, page.url

    report = DemoLoader().load()

    assert report.created == report.updated == []
    assert snapshot() == first


def assert_demo_is_complete():
    stories = StoryPage.objects.live()
    centenary = CentenarySettings.objects.get()
    assert stories.count() >= 15
    assert all(story.image_id for story in stories)
    assert TimelinePage.objects.live().count() >= 2
    sport = TimelinePage.objects.get(slug="100-ans-de-sport")
    assert sport.events.count() >= 12
    assert sport.eras.count() >= 3
    assert (centenary.hashtag, centenary.founding_year, centenary.anniversary_year) == (
        "IBMfr100",
        1914,
        2014,
    )
    for slug in ("charte-des-contributeurs", "politique-de-confidentialite", "mentions-legales"):
        assert Page.objects.filter(slug=slug, live=True).exists()
    assert ShareKitPage.objects.live().exists()
    testimonies = StoryPage.objects.filter(kind="video")
    assert testimonies.count() >= 3
    assert all(
        story.video and story.video.captions and story.video.transcript for story in testimonies
    )
    for message in ShareMessage.objects.all():  # every prepared message fits on X
        check_message(message.text, centenary.hashtag)
    assert {message.page_id for message in ShareMessage.objects.all()} >= set(
        TimelinePage.objects.values_list("pk", flat=True)
    )
