"""Cards of real pages: meta tags, the card URL, caching, consent and drafts."""

import io
import re

from django.core.files.storage import default_storage

import pytest
from PIL import Image

from stories.models import CentenarySettings
from stories.sharing.service import card_fields, card_name
from tests.builders import make_image, make_story, make_timeline

pytestmark = pytest.mark.django_db


def meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.fixture
def story(story_index):
    return make_story(
        story_index,
        title="Trois consultants et un court",
        standfirst="En 1985, IBM devient partenaire de Roland-Garros. La suite.",
        display_name="Jean-Pierre M.",
        image=make_image(size=(1200, 800)),
    )


def test_a_story_page_carries_open_graph_twitter_and_json_ld(client, story):
    html = client.get(story.url).content.decode()

    assert meta(html, "og:title") == "Trois consultants et un court"
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:url") == f"http://localhost{story.url}"
    assert meta(html, "og:image").startswith("http://testserver/partage/carte/")
    assert meta(html, "og:image:width") == "1200"
    assert meta(html, "og:image:height") == "630"
    assert meta(html, "og:image:alt") == "Trois consultants et un court"
    assert meta(html, "og:locale") == "fr_FR"
    assert meta(html, "article:published_time")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert '"@type": "Article"' in html


def test_every_public_page_has_a_card_even_without_a_photo(client, home, story_index):
    html = client.get("/").content.decode()

    image_url = meta(html, "og:image")
    response = client.get(image_url.replace("http://testserver", ""))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_the_card_is_a_1200_by_630_image_cached_for_a_year(client, story):
    image_url = meta(client.get(story.url).content.decode(), "og:image")

    response = client.get(image_url.replace("http://testserver", ""))

    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    card = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert card.size == (1200, 630)


def test_a_changed_story_gets_a_new_card_address(client, story):
    before = meta(client.get(story.url).content.decode(), "og:image")

    story.title = "Un autre titre"
    story.save_revision().publish()

    after = meta(client.get(story.url).content.decode(), "og:image")
    assert before != after
    old = client.get(before.replace("http://testserver", ""))
    assert old.status_code == 302  # an old address leads to the current card


def test_publication_renders_the_card_once(story, django_capture_on_commit_callbacks):
    centenary = CentenarySettings.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()

    assert default_storage.exists(card_name(card_fields(story, centenary)))


def test_drafts_have_no_card(client, story_index):
    draft = make_story(story_index, live=False)

    response = client.get(f"/partage/carte/{draft.pk}/anything/")

    assert response.status_code == 404


def test_no_photo_on_the_card_without_the_contributors_consent(story):
    centenary = CentenarySettings.objects.get()
    story.photo_in_share_card = False

    assert card_fields(story, centenary)["photo"] is None
    assert card_name(card_fields(story, centenary)).endswith(".png")


def test_timeline_pages_have_a_card_too(client, home):
    timeline = make_timeline(home, title="100 ans de sport", intro="Du chronométrage aux données.")

    html = client.get(timeline.url).content.decode()

    assert meta(html, "og:type") == "website"
    assert client.get(meta(html, "og:image").replace("http://testserver", "")).status_code == 200
