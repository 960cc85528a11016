"""Feed, sitemap and search list live pages only."""

import pytest

from tests.builders import make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_and_draft(story_index):
    live = make_story(story_index, title="Roland-Garros en direct", slug="roland-garros")
    draft = make_story(story_index, title="Roland-Garros brouillon", slug="brouillon", live=False)
    return live, draft


def test_feed_lists_live_stories_only(client, story_index, published_and_draft):
    response = client.get(f"{story_index.url}flux/")

    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "Roland-Garros en direct" in body
    assert "brouillon" not in body


def test_sitemap_lists_live_pages_only(client, published_and_draft):
    body = client.get("/sitemap.xml").content.decode()

    assert "/histoires/roland-garros/" in body
    assert "/histoires/brouillon/" not in body


def test_search_finds_live_pages_only(client, published_and_draft):
    response = client.get("/recherche/", {"q": "Roland-Garros"})

    found = [result.title for result in response.context["results_page"].object_list]
    assert found == ["Roland-Garros en direct"]


def test_unpublished_story_disappears_from_search(client, published_and_draft):
    live, _draft = published_and_draft
    live.unpublish()

    response = client.get("/recherche/", {"q": "Roland-Garros"})

    assert response.context["result_count"] == 0


def test_empty_search_shows_a_prompt_not_an_error(client, home):
    response = client.get("/recherche/", {"q": ""})

    assert response.status_code == 200
    assert "Tapez un mot" in response.content.decode()
