"""Public pages use a constant number of SQL queries, at most 12, whatever the number of stories."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from stories.models import HomeFeaturedStory
from tests.builders import make_image, make_share_kit, make_story, make_timeline

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


def add_stories(index, count, image):
    return [
        make_story(
            index,
            year_start=1914 + i % 100,
            image=image,
            themes=["Sport", f"Thème {i % 4}"],
            share_messages=[f"Message {i} #IBMfr100", "Un autre message"],
        )
        for i in range(count)
    ]


def queries_for(client, url):
    client.get(url)  # first visit renders the image sizes; measure the steady state
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def image(db):
    return make_image()


def counts_at(client, index, image, urls, sizes=(3, 9)):
    counts = []
    for target in sizes:
        add_stories(index, target - index.get_children().count(), image)
        counts.append({name: queries_for(client, url()) for name, url in urls.items()})
    return counts


def test_story_list_query_count_is_constant_and_small(client, story_index, image):
    small, large = counts_at(
        client,
        story_index,
        image,
        {
            "list": lambda: story_index.url,
            "filtered": lambda: f"{story_index.url}?theme=sport&decade=1920",
        },
    )

    assert small == large
    assert max(large.values()) <= MAX_QUERIES


def test_story_page_query_count_is_constant_and_small(client, story_index, image):
    story = make_story(story_index, year_start=1960, image=image, themes=["Sport"])

    small, large = counts_at(client, story_index, image, {"story": lambda: story.url})

    assert small == large
    assert large["story"] <= MAX_QUERIES


def test_story_with_body_images_and_messages_query_count_is_constant_and_small(
    client, story_index, image
):
    """The heaviest story: a lead photo, an image and a gallery in the text, ready-to-post
    messages and related stories of the same year (ties in previous/next)."""
    body = [
        ("paragraph", "<p>Le récit.</p>"),
        ("image", {"image": image, "caption": "Une photo"}),
        (
            "gallery",
            {
                "title": "L’album",
                "images": [
                    {"image": image, "caption": "Première"},
                    {"image": make_image(), "caption": "Seconde"},
                ],
            },
        ),
    ]
    story = make_story(
        story_index,
        year_start=1914 + 5,
        image=image,
        themes=["Sport"],
        body=body,
        pull_quote="Une phrase forte.",
        share_messages=["Un message prêt à poster #IBMfr100", "Un autre"],
    )

    small, large = counts_at(client, story_index, image, {"story": lambda: story.url})

    assert small == large
    assert large["story"] <= MAX_QUERIES


def test_home_page_query_count_is_constant_and_small(client, home, story_index, image):
    first, second = add_stories(story_index, 2, image)
    HomeFeaturedStory.objects.create(home=home, story=first, sort_order=0)
    HomeFeaturedStory.objects.create(home=home, story=second, sort_order=1)
    make_timeline(home, image=image)

    small, large = counts_at(client, story_index, image, {"home": lambda: "/"})

    assert small == large
    assert large["home"] <= MAX_QUERIES


def test_timeline_query_count_does_not_grow_with_events(client, home, story_index, image):
    story = make_story(story_index, image=image)

    def timeline_with(events):
        return make_timeline(
            home,
            eras=[{"label": "Siècle", "start_year": 1914, "end_year": 2014}],
            events=[
                {"year": 1914 + i, "title": f"Événement {i}", "image": image, "story": story}
                for i in range(events)
            ],
        )

    small = queries_for(client, timeline_with(3).url)
    large = queries_for(client, timeline_with(12).url)

    assert small == large
    assert large <= MAX_QUERIES


def test_search_query_count_is_small(client, story_index, image):
    add_stories(story_index, 5, image)

    assert queries_for(client, "/recherche/?q=Histoire") <= MAX_QUERIES


def test_share_kit_query_count_is_constant_and_small(client, home, story_index, image):
    kit = make_share_kit(home)

    small, large = counts_at(
        client,
        story_index,
        image,
        {"kit": lambda: kit.url, "filtered": lambda: f"{kit.url}?theme=sport"},
    )

    assert small == large
    assert max(large.values()) <= MAX_QUERIES
