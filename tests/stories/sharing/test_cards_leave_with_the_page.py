"""A page that leaves the public site takes every card ever drawn for it: those of its
current fields and those drawn before an edit (title, name, photo). No card of a page that
is not live is served, by the share-card route or by the media route."""

from django.core.files.storage import default_storage

import pytest

from stories.models import CentenarySettings
from stories.sharing.service import ensure_card, stored_cards
from tests.builders import make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_with_two_cards(story_index):
    """A story shared once, then renamed and shared again: two cards in storage."""
    story = make_story(story_index, title="Avant la correction", display_name="Jeanne Martin")
    centenary = CentenarySettings.objects.get()
    first = ensure_card(story, centenary)
    story.title = "Après la correction"
    story.display_name = "Jeanne M."
    story.save_revision().publish()
    second = ensure_card(story, centenary)
    assert first != second
    return story, [first, second]


def test_unpublishing_removes_every_card_ever_drawn_for_the_page(
    story_with_two_cards, django_capture_on_commit_callbacks
):
    story, cards = story_with_two_cards

    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()

    assert not any(default_storage.exists(name) for name in cards)
    assert not set(cards) & set(stored_cards())


def test_deleting_a_page_removes_its_cards(
    story_with_two_cards, django_capture_on_commit_callbacks
):
    story, cards = story_with_two_cards

    with django_capture_on_commit_callbacks(execute=True):
        story.delete()

    assert not any(default_storage.exists(name) for name in cards)


def test_cards_of_other_pages_stay(
    story_index, story_with_two_cards, django_capture_on_commit_callbacks
):
    story, _cards = story_with_two_cards
    other = make_story(story_index, title="Une autre histoire")
    kept = ensure_card(other, CentenarySettings.objects.get())

    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()

    assert default_storage.exists(kept)


def test_no_card_is_served_from_the_media_folder(client, story_with_two_cards):
    _story, cards = story_with_two_cards

    for name in cards:
        assert default_storage.exists(name)
        assert client.get(f"/media/{name}").status_code == 404


def test_the_card_route_refuses_a_page_that_is_no_longer_live(
    client, story_with_two_cards, django_capture_on_commit_callbacks
):
    story, cards = story_with_two_cards
    key = cards[-1].rsplit("/", 1)[-1].split(".")[0]
    address = f"/partage/carte/{story.pk}/{key}/"
    assert client.get(address).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()

    assert client.get(address).status_code == 404
