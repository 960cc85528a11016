"""Cards, a story's text and a timeline's events are rendered once per publication and
generation (stories/templatetags/fragment_tags.py): a change shows at once, a preview always
shows its draft."""

import pytest

from stories.models import TimelineEvent
from tests.builders import make_image, make_story, make_timeline

pytestmark = pytest.mark.django_db


def test_a_republished_story_changes_its_card_in_the_list(client, story_index):
    story = make_story(story_index, title="Titre d’origine", image=make_image())
    assert "Titre d’origine" in client.get(story_index.url).content.decode()

    story.title = "Titre corrigé"
    story.save_revision().publish()

    html = client.get(story_index.url).content.decode()
    assert "Titre corrigé" in html and "Titre d’origine" not in html


def site_host(page):
    """The host of the preview's request, so that the live page's fragments share its keys."""
    return page.get_site().hostname


def test_a_story_preview_shows_its_draft_text_not_the_cached_one(client, story_index):
    story = make_story(story_index, body=[("paragraph", "<p>Texte publié.</p>")])
    live = client.get(story.url, HTTP_HOST=site_host(story))
    assert "Texte publié." in live.content.decode()

    story.body = [("paragraph", "<p>Texte du brouillon.</p>")]
    preview = story.make_preview_request().content.decode()

    assert "Texte du brouillon." in preview and "Texte publié." not in preview
    assert "Texte publié." in client.get(story.url, HTTP_HOST=site_host(story)).content.decode()


def test_a_timeline_preview_shows_its_draft_events(client, home):
    timeline = make_timeline(home, events=[{"year": 1930, "title": "Événement publié"}])
    live = client.get(timeline.url, HTTP_HOST=site_host(timeline))
    assert "Événement publié" in live.content.decode()

    timeline.events = [TimelineEvent(sort_order=0, year=1931, title="Événement du brouillon")]
    html = timeline.make_preview_request().content.decode()

    assert "Événement du brouillon" in html and "Événement publié" not in html


def related_section(client, story):
    html = client.get(story.url).content.decode()
    return html.split("Sur les mêmes thèmes")[1] if "Sur les mêmes thèmes" in html else ""


def test_remembered_related_stories_follow_publications(client, story_index):
    story = make_story(story_index, themes=["Sport"])
    older = make_story(story_index, title="Course ancienne", themes=["Sport"])
    assert "Course ancienne" in related_section(client, story)

    make_story(story_index, title="Course nouvelle", themes=["Sport"])
    older.unpublish()

    related = related_section(client, story)
    assert "Course nouvelle" in related and "Course ancienne" not in related
