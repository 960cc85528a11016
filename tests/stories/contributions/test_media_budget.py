"""Past the disk budget of contributed media, stories still arrive as text; their files are
refused with a message that says what to do, and nothing typed is lost."""

import pytest

from stories.contributions import media_budget
from stories.models import Contribution
from tests.stories.contributions.conftest import photo_upload

pytestmark = pytest.mark.django_db


def test_a_photo_past_the_budget_is_refused_and_the_text_kept(post_contribution, settings):
    settings.CONTRIBUTION_MEDIA_BUDGET_BYTES = 1000  # less than one photo

    response = post_contribution(
        title="Une histoire avec photo", photo_1=photo_upload(), consent_people="on"
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nous ne pouvons plus recevoir de photos ni de vidéos" in html
    assert "Une histoire avec photo" in html
    assert not Contribution.objects.exists()


def test_the_same_story_without_its_photo_is_welcome(post_contribution, settings):
    settings.CONTRIBUTION_MEDIA_BUDGET_BYTES = 1000

    post_contribution(title="Une histoire sans photo")

    assert Contribution.objects.get().page.title == "Une histoire sans photo"


def test_usage_counts_every_contributed_photo(post_contribution, settings):
    post_contribution(photo_1=photo_upload(), consent_people="on")
    media_budget.forget_usage()
    size = Contribution.objects.get().images.get().file.size

    assert media_budget.used_bytes() == size
    settings.CONTRIBUTION_MEDIA_BUDGET_BYTES = size + 10
    assert media_budget.has_room_for(10)
    assert not media_budget.has_room_for(11)
