"""A page under a view restriction (password, login, groups) is live but not public: no list
of the site names it: not the home page, the story list, the feed, a timeline list, a
timeline's event, a story's related stories, nor its neighbours in time."""

from wagtail.models import PageViewRestriction

import pytest

from tests.builders import make_story, make_timeline

pytestmark = pytest.mark.django_db

SECRET = "Réservée aux salariés"


@pytest.fixture
def restricted_and_open(home, story_index):
    open_story = make_story(story_index, title="Ouverte à tous", themes=["Sport"], year_start=1985)
    secret = make_story(story_index, title=SECRET, themes=["Sport"], year_start=1986)
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
    return open_story, secret


def listings(client, home, story_index, open_story):
    return {
        "home": client.get(home.url),
        "story list": client.get(story_index.url),
        "theme filter": client.get(story_index.url, {"theme": "sport"}),
        "feed": client.get(f"{story_index.url}flux/"),
        "related and neighbours": client.get(open_story.url),
    }


def test_a_restricted_story_is_listed_nowhere(client, home, story_index, restricted_and_open):
    open_story, _secret = restricted_and_open

    for name, response in listings(client, home, story_index, open_story).items():
        assert response.status_code == 200, name
        assert SECRET not in response.content.decode(), name
    assert "Ouverte à tous" in client.get(story_index.url).content.decode()


def test_a_story_in_a_restricted_section_is_listed_nowhere(client, home, story_index):
    open_story = make_story(story_index, title="Ouverte à tous", themes=["Sport"])
    make_story(story_index, title=SECRET, themes=["Sport"])
    # The whole story list behind a password: every story under it is restricted too.
    PageViewRestriction.objects.create(page=story_index, restriction_type="password", password="x")

    html = client.get(home.url).content.decode()

    assert SECRET not in html
    assert open_story.title not in html


def test_a_restricted_timeline_and_a_restricted_story_of_an_event_stay_unlisted(
    client, home, restricted_and_open
):
    _open_story, secret = restricted_and_open
    hidden = make_timeline(home, title="Frise réservée")
    shown = make_timeline(
        home, title="Frise publique", events=[{"year": 1986, "title": "Un été", "story": secret}]
    )
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")

    timelines = client.get(shown.get_parent().url).content.decode()
    event_page = client.get(shown.url).content.decode()

    assert "Frise publique" in timelines
    assert "Frise réservée" not in timelines
    assert "Frise réservée" not in client.get(home.url).content.decode()
    assert "Un été" in event_page
    assert secret.url not in event_page
