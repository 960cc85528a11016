"""A failure during intake leaves nothing behind: no row, no page, no file."""

import os

from django.conf import settings

import pytest

from stories.contributions import intake
from stories.models import CentenaryImage, Contribution, StoryPage
from tests.builders import make_site, make_story_index
from tests.stories.contributions.conftest import photo_upload, valid_data

# serialized_rollback restores Wagtail's root page and collection after the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def media_files():
    root = settings.MEDIA_ROOT / "contributions"
    return sorted(
        os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names
    )


@pytest.fixture
def contribute_url(db):
    from stories.models import ContributionPage

    home = make_site()
    make_story_index(home)
    page = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    page.save_revision().publish()
    return page.url


def test_a_failure_after_the_files_are_written_rolls_everything_back(
    client, contribute_url, monkeypatch
):
    before = media_files()

    def story_list_unavailable(story, contribution):
        raise RuntimeError("story list unavailable")

    # The transaction's last step: the photos, their rows and the contribution are written.
    monkeypatch.setattr(intake, "add_to_story_list", story_list_unavailable)
    response = client.post(
        contribute_url,
        valid_data(photo_1=photo_upload(), photo_2=photo_upload(), consent_people="on"),
    )

    assert response.status_code == 503
    html = response.content.decode()
    assert "rien n’a été gardé" in html
    assert "quarante ans de métier" in html  # what was typed is still in the form
    assert "sélectionnez à nouveau vos photos" in html
    assert Contribution.objects.count() == 0
    assert StoryPage.objects.count() == 0
    assert CentenaryImage.objects.count() == 0
    assert media_files() == before


def test_a_successful_intake_keeps_its_files(client, contribute_url):
    before = media_files()

    client.post(contribute_url, valid_data(photo_1=photo_upload(), consent_people="on"))

    assert len(media_files()) == len(before) + 1
    assert Contribution.objects.count() == 1
