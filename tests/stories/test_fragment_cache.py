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


class Counter:
    """Counts how many times the template inside a fragment was rendered."""

    def __init__(self):
        self.renders = 0

    def __str__(self):
        self.renders += 1
        return str(self.renders)


def render_fragment(vary, request):
    from django.template import engines

    template = engines["django"].from_string(
        '{% load fragment_tags %}{% fragment "test-fragment" vary %}{{ counter }}{% endfragment %}'
    )
    counter = Counter()
    for _ in range(2):
        template.render({"vary": vary, "counter": counter}, request)
    return counter.renders


def test_a_fragment_is_rendered_once_then_read_from_the_cache(rf):
    assert render_fragment("a", rf.get("/")) == 1


def test_a_fragment_varying_on_none_is_never_remembered(rf):
    assert render_fragment(None, rf.get("/")) == 2


def test_a_fragment_in_a_preview_is_always_rendered(rf):
    request = rf.get("/")
    request.is_preview = True
    assert render_fragment("a", request) == 2


def test_a_story_page_is_rendered_once_per_publication_with_the_page_cache_off(
    client, story_index, settings
):
    settings.PAGE_CACHE_ENABLED = False
    story = make_story(story_index, title="Titre d’origine")
    assert '<h1 class="story__title">Titre d’origine</h1>' in client.get(story.url).content.decode()

    # A change no publication announces (no signal): the rendered article is served again.
    type(story).objects.filter(pk=story.pk).update(standfirst="Chapeau changé en base")
    html = client.get(story.url).content.decode()
    assert "Chapeau changé en base" in html  # the page's description, outside the article
    assert '<p class="story__standfirst">Chapeau changé en base' not in html

    story.title, story.standfirst = "Titre republié", "Chapeau changé en base"
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert '<h1 class="story__title">Titre republié</h1>' in html
    assert '<p class="story__standfirst">Chapeau changé en base' in html


def test_an_odd_page_number_in_the_list_is_not_remembered(rf, story_index):
    from stories.models.pages import StoryListing

    def key(number):
        return StoryListing(story_index.stories(), 10, rf.get("/", {"page": number})).fragment_key

    assert key("2") == "2"
    assert key("abc") is None and key("123456") is None


def test_a_fragment_is_read_from_the_workers_memory_without_asking_the_shared_cache(rf):
    from django.core.cache import caches

    from stories.cache import generation

    request = rf.get("/")
    assert render_fragment("a", request) == 1
    remembered = [key for key in caches["worker"]._cache if "test-fragment" in key]
    assert remembered, "the worker keeps the fragment it rendered"

    def shared_fragment_lookups():
        lookups = []
        shared = caches["default"]
        original = shared.get

        def counting_get(key, *args, **kwargs):
            lookups.append(key)
            return original(key, *args, **kwargs)

        shared.get = counting_get
        try:
            assert render_fragment("a", request) == 0
        finally:
            del shared.get
        return [key for key in lookups if "test-fragment" in key]

    generation()  # the generation itself is read from the shared cache on every request
    assert shared_fragment_lookups() == []


def test_a_worker_never_serves_what_it_remembers_once_the_shared_cache_is_emptied(rf):
    """A Redis restart forgets the generation: the next one must not be a number whose
    fragments a worker still holds in its memory."""
    from django.core.cache import cache

    request = rf.get("/")
    assert render_fragment("a", request) == 1
    cache.clear()  # the shared cache only: the worker's memory keeps its fragments
    assert render_fragment("a", request) == 1  # rendered again, then remembered
