"""Cards of real pages: meta tags, the card URL, caching, consent and drafts."""

import io
import re
from urllib.parse import urlsplit

from django.core.files.storage import default_storage

import pytest
from PIL import Image

from stories.models import CentenarySettings
from stories.sharing.service import PHOTO_SPEC, card_fields, card_name, ensure_card
from tests.builders import (
    make_image,
    make_share_kit,
    make_standard_page,
    make_story,
    make_timeline,
)

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
    assert meta(html, "og:url") == f"http://testserver{story.url}"
    assert meta(html, "og:image").startswith("http://testserver/partage/carte/")
    assert meta(html, "og:image:width") == "1200"
    assert meta(html, "og:image:height") == "630"
    assert meta(html, "og:image:alt") == "Trois consultants et un court"
    assert meta(html, "og:locale") == "fr_FR"
    assert meta(html, "article:published_time")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert '"@type": "Article"' in html


def test_every_public_page_has_a_card_even_without_a_photo(client, home, story_index):
    standard = make_standard_page(home, title="Mentions légales")
    standard.save_revision().publish()
    kit = make_share_kit(home)
    kit.save_revision().publish()
    story = make_story(story_index, title="Sans photo")
    timeline = make_timeline(home, title="Frise sans photo")
    pages = [home, story_index, story, timeline, timeline.get_parent(), standard, kit]

    for page in pages:
        html = client.get(page.url).content.decode()
        image_url = meta(html, "og:image")
        assert image_url, page.url
        response = client.get(image_url.replace("http://testserver", ""))
        assert response.status_code == 200, page.url
        assert response["Content-Type"] == "image/png", page.url  # the plain card


def test_the_card_is_a_1200_by_630_image_cached_for_a_year(client, story):
    image_url = meta(client.get(story.url).content.decode(), "og:image")

    response = client.get(image_url.replace("http://testserver", ""))

    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    card = Image.open(io.BytesIO(response.content))
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

    assert default_storage.exists(card_name(story, card_fields(story, centenary)))


def test_drafts_have_no_card(client, story_index):
    draft = make_story(story_index, live=False)

    response = client.get(f"/partage/carte/{draft.pk}/anything/")

    assert response.status_code == 404


def test_no_photo_on_the_card_without_the_contributors_consent(story):
    centenary = CentenarySettings.objects.get()
    story.photo_in_share_card = False

    assert card_fields(story, centenary)["photo"] is None
    assert card_name(story, card_fields(story, centenary)).endswith(".png")


def test_timeline_pages_have_a_card_too(client, home):
    timeline = make_timeline(home, title="100 ans de sport", intro="Du chronométrage aux données.")

    html = client.get(timeline.url).content.decode()

    assert meta(html, "og:type") == "website"
    assert client.get(meta(html, "og:image").replace("http://testserver", "")).status_code == 200


def test_a_new_logo_in_the_settings_gives_every_card_a_new_address(client, story):
    before = client.get(story.url).content.decode()
    centenary = CentenarySettings.objects.get()
    centenary.logo = make_image(title="logo")
    centenary.save()

    after = client.get(story.url).content.decode()

    assert card_address(before) != card_address(after)
    assert client.get(card_address(after)).status_code == 200


def card_address(html):
    return urlsplit(meta(html, "og:image")).path


def test_a_settings_change_renders_every_card_again_and_removes_the_old_ones(
    story, home, django_capture_on_commit_callbacks
):
    timeline = make_timeline(home, title="Cent ans de sport")
    centenary = CentenarySettings.objects.get()
    old = [ensure_card(page, centenary) for page in (story, timeline)]

    with django_capture_on_commit_callbacks(execute=True):
        centenary.primary_colour = "#1a2b5c"
        centenary.save()

    new = [card_name(page, card_fields(page, centenary)) for page in (story, timeline)]
    assert set(new).isdisjoint(old)
    assert all(default_storage.exists(name) for name in new)
    assert not any(default_storage.exists(name) for name in old)


def test_a_card_already_served_is_served_again_without_a_query(
    client, story, django_assert_num_queries
):
    address = card_address(client.get(story.url).content.decode())
    assert client.get(address).status_code == 200

    with django_assert_num_queries(0):
        response = client.get(address)

    assert response.status_code == 200
    assert client.head(address).status_code == 200  # crawlers that check first


def test_an_unpublished_page_loses_its_card_even_once_served(client, story):
    address = card_address(client.get(story.url).content.decode())
    assert client.get(address).status_code == 200

    story.unpublish()

    assert client.get(address).status_code == 404


def test_a_rendition_whose_file_has_gone_is_made_again_for_the_card(story):
    rendition = story.image.get_rendition(PHOTO_SPEC)
    default_storage.delete(rendition.file.name)

    name = ensure_card(story, CentenarySettings.objects.get())

    assert Image.open(default_storage.open(name)).format == "JPEG"


def test_a_card_whose_photo_original_is_missing_is_drawn_without_it(story):
    story.image.renditions.all().delete()
    default_storage.delete(story.image.file.name)

    name = ensure_card(story, CentenarySettings.objects.get())

    card = Image.open(default_storage.open(name))
    assert card.size == (1200, 630)
    assert name.endswith(".jpg") and card.format == "JPEG"  # the bytes match the name
