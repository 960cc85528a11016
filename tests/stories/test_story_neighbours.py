"""Previous/next in time: the century's order is (year, id), so equal years still chain."""

from wagtail.models import PageViewRestriction

import pytest

from stories.models import StoryPage
from tests.builders import make_standard_page, make_story

pytestmark = pytest.mark.django_db


def titles(story):
    previous, following = StoryPage.objects.get(pk=story.pk).neighbours()
    return (previous and previous.title, following and following.title)


def test_stories_of_the_same_year_chain_in_id_order(story_index):
    a = make_story(story_index, title="A", year_start=1950)
    b = make_story(story_index, title="B", year_start=1950)
    c = make_story(story_index, title="C", year_start=1950)
    make_story(story_index, title="Avant", year_start=1949)
    make_story(story_index, title="Après", year_start=1951)

    assert titles(a) == ("Avant", "B")
    assert titles(b) == ("A", "C")
    assert titles(c) == ("B", "Après")


def test_ends_of_the_century_have_one_neighbour(story_index):
    first = make_story(story_index, title="Premier", year_start=1914)
    last = make_story(story_index, title="Dernier", year_start=2014)

    assert titles(first) == (None, "Dernier")
    assert titles(last) == ("Premier", None)


def test_unpublished_and_private_stories_are_skipped(story_index):
    make_story(story_index, title="Visible avant", year_start=1940)
    make_story(story_index, title="Brouillon", year_start=1941, live=False)
    private = make_story(story_index, title="Privée", year_start=1942)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    story = make_story(story_index, title="Celle-ci", year_start=1943)
    make_story(story_index, title="Brouillon après", year_start=1944, live=False)
    make_story(story_index, title="Visible après", year_start=1945)

    assert titles(story) == ("Visible avant", "Visible après")


def test_an_unsaved_story_in_preview_comes_first_in_its_year(story_index):
    make_story(story_index, title="Plus tôt", year_start=1950)
    make_story(story_index, title="Même année", year_start=1960)
    draft = StoryPage(title="Aperçu", year_start=1960, path=story_index.path + "9999", depth=4)

    previous, following = draft.neighbours()

    assert (previous.title, following.title) == ("Plus tôt", "Même année")


def test_the_story_page_links_its_neighbours(client, story_index):
    make_story(story_index, title="Précédente", year_start=1930)
    story = make_story(story_index, title="Celle-ci", year_start=1930)

    html = client.get(story.url).content.decode()

    assert 'rel="prev"' in html and "Précédente" in html
    assert 'rel="next"' not in html


def test_a_page_in_a_restricted_section_still_asks_for_its_password(client, home):
    """The view-restriction check reads the cached restricted paths: a restriction added on a
    section applies to the pages below it at once."""
    section = make_standard_page(home, title="Section")
    section.save_revision().publish()
    child = make_standard_page(section, title="Dessous")
    child.save_revision().publish()
    assert client.get(child.url).status_code == 200

    PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")

    response = client.get(child.url)
    assert response.status_code == 200
    assert "Dessous" not in response.content.decode().split("<main", 1)[-1]
    assert 'name="password"' in response.content.decode()
