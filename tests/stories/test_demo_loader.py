from io import StringIO

from django.core.management import call_command

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


def test_running_the_demo_again_keeps_what_editors_changed_and_says_each_step(
    django_user_model,
):
    editor = django_user_model.objects.create_superuser(
        "editrice", "ed@example.org", "mot-de-passe"
    )
    call_command("load_demo", "--skip-renditions", stdout=StringIO())
    edited, offline, owned = StoryPage.objects.order_by("path")[:3]
    edited.title = "Le titre choisi par l’éditrice"
    edited.save_revision(user=editor).publish(user=editor)
    offline.unpublish(user=editor)
    centenary = CentenarySettings.objects.get()
    centenary.organisation_name = "Notre maison"
    centenary.save()
    image = CentenaryImage.objects.get(pk=edited.image_id)
    image.description = "Le texte de remplacement revu"
    image.save()
    fixture_title = owned.title  # a page out of date but never touched by a person
    owned.title = "Un titre d’une ancienne version du chargeur"
    owned.save_revision().publish()
    output = StringIO()

    call_command("load_demo", "--skip-renditions", stdout=output)

    edited.refresh_from_db()
    assert edited.title == "Le titre choisi par l’éditrice"
    assert not edited.has_unpublished_changes
    assert not StoryPage.objects.get(pk=offline.pk).live
    assert StoryPage.objects.get(pk=owned.pk).title == fixture_title
    assert CentenarySettings.objects.get().organisation_name == "Notre maison"
    assert CentenaryImage.objects.get(pk=image.pk).description == "Le texte de remplacement revu"
    lines = output.getvalue().splitlines()
    total = StoryPage.objects.count()
    for start in (
        "Images:",
        "Videos:",
        "Home page:",
        "Settings:",
        "Story index:",
        f"Stories 1/{total}:",
        f"Stories {total}/{total}:",
        "Timelines 1/2:",
        "Timelines 2/2:",
        "Standard pages 1/3:",
        "Featured stories:",
        "Contribution page:",
        "Share kit:",
        "Search index:",
        "Demo loaded:",
    ):
        assert any(line.startswith(start) for line in lines), start
    assert "Settings: 0 filled in, 1 kept as edited (organisation_name)" in lines
    assert f"Stories 1/{total}: Le titre choisi par l’éditrice — kept as edited" in lines
    assert f"Stories 3/{total}: {fixture_title} — updated" in lines
    assert any(line.startswith("Kept as edited: ") and offline.title in line for line in lines)
