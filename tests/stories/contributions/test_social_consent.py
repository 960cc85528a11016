"""A contributor who does not tick "réseaux sociaux" keeps their photo off share cards: the
story is published with a plain card; one who ticks it gets their photo on the card."""

from wagtail.models import WorkflowState

import pytest

from stories.models import CentenarySettings, Contribution
from stories.sharing.service import card_fields, card_photo, ensure_card
from tests.builders import make_moderator
from tests.stories.contributions.conftest import photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(post_contribution, django_capture_on_commit_callbacks, django_user_model):
    moderator = make_moderator(django_user_model)

    def send_and_publish(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            post_contribution(photo_1=photo_upload(), consent_people="on", **fields)
        contribution = Contribution.objects.get()
        state = WorkflowState.objects.get(object_id=str(contribution.page_id))
        with django_capture_on_commit_callbacks(execute=True):
            state.current_task_state.approve(user=moderator)
        story = contribution.page.specific
        story.refresh_from_db()
        assert story.live and story.image_id == contribution.images.get().pk
        return story

    return send_and_publish


def test_a_photo_refused_for_social_networks_never_reaches_a_share_card(publish):
    story = publish()  # consent_social not ticked

    assert Contribution.objects.get().consent_social is False
    assert story.photo_in_share_card is False
    assert card_photo(story) is None
    fields = card_fields(story, CentenarySettings.objects.get())
    assert fields["photo"] is None
    assert ensure_card(story, CentenarySettings.objects.get()).endswith(".png")  # plain card


def test_a_photo_agreed_for_social_networks_is_on_the_share_card(publish):
    story = publish(consent_social="on")

    assert story.photo_in_share_card is True
    assert card_photo(story) == story.image
    assert ensure_card(story, CentenarySettings.objects.get()).endswith(".jpg")


def test_the_page_shares_the_plain_card_when_the_photo_was_refused(client, publish):
    story = publish()

    html = client.get(story.url).content.decode()

    og_image = html.split('property="og:image" content="', 1)[1].split('"', 1)[0]
    response = client.get(og_image.replace("http://testserver", ""))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"  # no photo on it
