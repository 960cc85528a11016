"""Anonymous readers are served rendered pages from the cache (stories/page_cache.py); forms,
sessions, logged-in users and unknown query strings never are, and a change shows at once."""

from django.test import Client
from django.urls import reverse

import pytest

from stories.models import CentenarySettings, ContributionPage
from tests.builders import make_moderator, make_story

pytestmark = pytest.mark.django_db


def served(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


def state(response):
    return response.headers.get("X-Page-Cache")


def test_an_anonymous_reader_gets_the_second_visit_from_the_cache(client, story_index):
    make_story(story_index, title="Le premier ordinateur")

    first = served(client, story_index.url)
    second = served(Client(), story_index.url)

    assert (state(first), state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "s-maxage=" in second["Cache-Control"] and "public" in second["Cache-Control"]
    assert not second.cookies


def test_filters_and_pagination_are_cached_apart_in_any_order(client, story_index):
    make_story(story_index, themes=["Sport"])
    served(client, f"{story_index.url}?theme=sport&page=1")

    assert state(served(client, f"{story_index.url}?page=1&theme=sport")) == "hit"
    assert state(served(client, f"{story_index.url}?theme=sport")) == "miss"


@pytest.mark.parametrize(
    "query", ["?utm_source=lettre", "?theme=sport&q=x", "?page=1&page=2", "?page=1%20OR%20x"]
)
def test_other_query_strings_are_never_cached(client, story_index, query):
    for _ in range(2):
        response = served(client, story_index.url + query)
        assert state(response) is None
        assert response["Cache-Control"] == "private, no-store"


def test_search_is_never_cached(client, home):
    for _ in range(2):
        assert state(served(client, "/recherche/?q=histoire")) is None


def test_a_page_with_a_form_is_never_served_from_the_cache(home, story_index):
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    first, other = Client(), Client()

    mine = served(first, page.url)
    theirs = served(other, page.url)

    for response in (mine, theirs):
        assert state(response) is None
        assert b"csrfmiddlewaretoken" in response.content
        assert "no-store" in response["Cache-Control"]
    assert mine.cookies["csrftoken"].value != theirs.cookies["csrftoken"].value


@pytest.mark.urls("tests.stories.page_cache_urls")
def test_a_form_without_cache_headers_of_its_own_is_never_stored(db):
    """The CSRF rule alone: the first reader's token never reaches the second."""
    first, other = Client(), Client()

    mine = served(first, "/formulaire/")
    theirs = served(other, "/formulaire/")

    assert (state(mine), state(theirs)) == (None, None)
    assert theirs["Cache-Control"] == "private, no-store"
    assert mine.cookies["csrftoken"].value != theirs.cookies["csrftoken"].value


def test_logged_in_users_bypass_the_cache_both_ways(client, home, django_user_model):
    moderator = make_moderator(django_user_model)
    editor = Client()
    editor.force_login(moderator)

    theirs = served(editor, "/")
    anonymous = served(client, "/")
    editor_again = served(editor, "/")

    assert state(theirs) is None and "private" in theirs["Cache-Control"]
    assert state(anonymous) == "miss"  # the editor's page (with its userbar) was not stored
    assert b"wagtail-userbar" not in anonymous.content
    assert state(editor_again) is None
    assert b"wagtail-userbar" in editor_again.content


def test_a_session_cookie_always_goes_through_django(client, home):
    served(client, "/")
    client.cookies["sessionid"] = "quelconque"

    assert state(served(client, "/")) is None


def test_a_publication_changes_the_cached_list_and_home_at_once(client, home, story_index):
    make_story(story_index, title="Avant")
    for url in ("/", story_index.url, f"{story_index.url}flux/"):
        served(client, url)
        assert state(served(client, url)) == "hit"

    make_story(story_index, title="La nouvelle histoire")

    for url in ("/", story_index.url, f"{story_index.url}flux/"):
        response = served(client, url)
        assert state(response) == "miss"
        assert "La nouvelle histoire" in response.content.decode()


def test_an_unpublished_story_leaves_its_cached_page(client, story_index):
    story = make_story(story_index, title="Retirée")
    served(client, story.url)
    assert state(served(client, story.url)) == "hit"

    story.unpublish()

    assert client.get(story.url).status_code == 404
    assert "Retirée" not in served(client, story_index.url).content.decode()


def test_a_settings_change_shows_on_cached_pages(client, home):
    served(client, "/")
    settings = CentenarySettings.for_site(home.get_site())
    settings.organisation_name = "Société Centenaire du Nord"
    settings.save()

    response = served(client, "/")
    assert state(response) == "miss"
    assert "Société Centenaire du Nord" in response.content.decode()


def test_a_view_restriction_replaces_the_cached_page_with_its_password_form(client, story_index):
    from wagtail.models import PageViewRestriction

    story = make_story(story_index, title="Bientôt privée")
    served(client, story.url)
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")

    for _ in range(2):
        response = served(client, story.url)
        assert state(response) is None
        assert "Bientôt privée" not in response.content.decode().split("<main", 1)[-1]


def test_a_share_card_is_served_from_the_cache_but_not_the_counting_redirect(client, story_index):
    story = make_story(story_index, title="Le premier ordinateur")
    html = served(client, story.url).content.decode()
    card = html.split('property="og:image" content="', 1)[1].split('"', 1)[0]
    card = card.removeprefix("http://testserver")

    first, second = served(Client(), card), served(Client(), card)
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.content == first.content and second["Content-Type"] == first["Content-Type"]

    share = reverse("share", args=(story.pk, "linkedin"))
    for _ in range(2):
        assert state(Client().get(share)) is None
