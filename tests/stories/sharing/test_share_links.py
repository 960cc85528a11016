"""Share links: rendered on the server, counted by a redirect that cannot be diverted."""

from urllib.parse import parse_qs, urlsplit

import pytest

from stories.models import ShareCount
from tests.builders import make_story, make_timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(story_index):
    return make_story(story_index, title="Le Tour de France en direct")


def test_story_pages_show_a_share_bar_of_plain_links(client, story):
    html = client.get(story.url).content.decode()

    for network in ("x", "linkedin", "facebook", "whatsapp", "email"):
        assert f'href="/partage/{story.pk}/{network}/"' in html
    assert "data-share-copy" in html
    assert "twitter.com" not in html  # no request to any network before a click


def test_sharing_to_x_counts_once_and_carries_the_hashtag(client, story):
    response = client.get(f"/partage/{story.pk}/x/")

    target = urlsplit(response["Location"])
    query = parse_qs(target.query)
    assert response.status_code == 302
    assert target.netloc == "twitter.com"
    assert query["hashtags"] == ["IBMfr100"]
    assert query["url"] == [f"http://testserver{story.url}"]
    assert query["text"] == ["Le Tour de France en direct"]
    assert ShareCount.objects.get(page=story, network="x").count == 1
    client.get(f"/partage/{story.pk}/x/", REMOTE_ADDR="198.51.100.4")  # another reader
    assert ShareCount.objects.get(page=story, network="x").count == 2


def test_one_reader_adds_at_most_one_share_per_page_network_and_day(client, story):
    for _ in range(50):
        assert client.get(f"/partage/{story.pk}/x/").status_code == 302
    for address in ("2001:db8:7:7::1", "2001:db8:7:7::2", "2001:db8:7:7:ffff::3"):
        client.get(f"/partage/{story.pk}/x/", REMOTE_ADDR=address)  # one /64 network
    client.get(f"/partage/{story.pk}/linkedin/")

    assert ShareCount.objects.get(page=story, network="x").count == 2
    assert ShareCount.objects.get(page=story, network="linkedin").count == 1


def test_what_counted_a_reader_is_kept_nowhere_but_a_day_long_cache_entry(client, story):
    from django.db import connection

    client.get(f"/partage/{story.pk}/x/", REMOTE_ADDR="203.0.113.50")

    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (introspected names)
            assert "203.0.113.50" not in repr(cursor.fetchall())


def test_the_counting_redirect_keeps_no_cookie(client, story):
    response = client.get(f"/partage/{story.pk}/linkedin/")

    assert not response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("network", ["evil", "http", "javascript"])
def test_unknown_networks_are_refused(client, story, network):
    assert client.get(f"/partage/{story.pk}/{network}/").status_code == 404
    assert not ShareCount.objects.exists()


def test_the_redirect_cannot_be_pointed_elsewhere(client, story):
    response = client.get(
        f"/partage/{story.pk}/facebook/", {"url": "https://evil.example", "next": "//evil.example"}
    )

    assert urlsplit(response["Location"]).netloc == "www.facebook.com"
    assert "evil" not in response["Location"]


def test_drafts_cannot_be_shared(client, story_index):
    draft = make_story(story_index, live=False)

    assert client.get(f"/partage/{draft.pk}/x/").status_code == 404


def test_each_timeline_event_has_its_own_deep_link(client, home):
    timeline = make_timeline(
        home,
        eras=[{"label": "Siècle", "start_year": 1914, "end_year": 2014}],
        events=[{"year": 1985, "title": "Roland-Garros"}],
    )
    html = client.get(timeline.url).content.decode()
    assert f"/partage/{timeline.pk}/whatsapp/?ancre=1985-roland-garros" in html

    response = client.get(f"/partage/{timeline.pk}/whatsapp/", {"ancre": "1985-roland-garros"})
    text = parse_qs(urlsplit(response["Location"]).query)["text"][0]
    assert text.endswith(f"{timeline.url}#1985-roland-garros")
    assert "1985 – Roland-Garros" in text


def test_an_unknown_anchor_shares_the_page_itself(client, home):
    timeline = make_timeline(home)

    response = client.get(f"/partage/{timeline.pk}/email/", {"ancre": "<script>"})

    assert "script" not in response["Location"]
