"""The whole contribution flow through the test client: submit, moderate, publish, withdraw."""

import re

from django.contrib.auth.models import Group

from wagtail.models import WorkflowState

import pytest

from stories.models import Contribution, ContributionStatus, MailStatus, StoryPage
from tests.stories.contributions.conftest import photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(post_contribution, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_contribution(
            photo_1=photo_upload(), caption_1="Devant l’usine", consent_people="on"
        )
    assert response.status_code == 303  # to the thank-you page
    return Contribution.objects.get()


def follow_path(mail):
    return re.search(r"https?://[^/\s]+(/\S+/suivi/\S+/)", mail.body).group(1)


def media_url(contribution):
    return contribution.images.get().file.url


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderatrice", "mod@example.org", "x")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def test_a_submission_becomes_a_draft_story_in_moderation(submitted, mailoutbox):
    story = submitted.page.specific

    assert submitted.status == ContributionStatus.RECEIVED
    assert not story.live
    assert story.display_name == "Jeanne M."
    assert story.contributor_relation == "alumnus"
    assert story.year_start == 1968
    assert "quarante ans de métier" in str(story.body)
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Modération des contributions"
    assert submitted.consent_texts["publication"].startswith("J’accepte que mon histoire")
    assert "social" not in submitted.consent_texts
    assert submitted.images.get().file.name.startswith("contributions/originals/")


def test_the_contributor_and_the_moderators_are_told(submitted, mailoutbox, moderator):
    acknowledgement = mailoutbox[0]

    assert acknowledgement.to == ["jeanne@example.org"]
    assert submitted.reference in acknowledgement.subject
    assert "/contribuer/suivi/" in acknowledgement.body
    Contribution.objects.filter(pk=submitted.pk, acknowledgement_status=MailStatus.SENT).get()


def test_moderators_and_the_moderation_address_receive_one_notice_each(
    home, post_contribution, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    from stories.models import CentenarySettings

    CentenarySettings.objects.update(moderation_email="moderation@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        post_contribution()

    for address in ("mod@example.org", "moderation@example.org"):
        notices = [mail for mail in mailoutbox if mail.to == [address]]
        assert len(notices) == 1, address
        assert "/admin/pages/" in notices[0].body
        assert "jeanne@example.org" not in notices[0].body


def test_nothing_of_a_pending_contribution_is_public(client, submitted):
    story = submitted.page

    assert client.get(story.url).status_code == 404
    assert client.get(media_url(submitted)).status_code == 404
    assert "Mon premier jour" not in client.get("/histoires/").content.decode()
    assert "Mon premier jour" not in client.get("/recherche/", {"q": "Corbeil"}).content.decode()
    assert story.slug not in client.get("/sitemap.xml").content.decode()
    assert "Mon premier jour" not in client.get("/histoires/flux/").content.decode()


def test_moderators_can_see_pending_media_in_the_admin(client, submitted, moderator):
    client.force_login(moderator)

    assert client.get(media_url(submitted)).status_code == 200


def test_approval_publishes_and_tells_the_contributor(
    client, submitted, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    state = WorkflowState.objects.get(object_id=str(submitted.page_id))
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.approve(user=moderator)

    submitted.refresh_from_db()
    assert submitted.status == ContributionStatus.PUBLISHED
    assert StoryPage.objects.get(pk=submitted.page_id).live
    assert client.get(submitted.page.url).status_code == 200
    assert client.get(media_url(submitted)).status_code == 200
    outcome = mailoutbox[-1]
    assert outcome.to == ["jeanne@example.org"]
    assert submitted.page.url in outcome.body
    html = client.get(submitted.page.url).content.decode()
    assert "jeanne@example.org" not in html
    assert "Jeanne Martin" not in html


def test_a_request_for_changes_tells_the_contributor_what_to_change(
    submitted, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    state = WorkflowState.objects.get(object_id=str(submitted.page_id))
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.reject(user=moderator, comment="Un client y est nommé.")

    submitted.refresh_from_db()
    assert submitted.status == ContributionStatus.CHANGES_REQUESTED
    assert submitted.changes_requested == "Un client y est nommé."
    assert "Un client y est nommé." in mailoutbox[-1].body
    assert "/suivi/" in mailoutbox[-1].body


def test_the_private_link_shows_the_status_and_withdraws(
    client, submitted, mailoutbox, moderator, django_capture_on_commit_callbacks
):
    link = follow_path(mailoutbox[0])
    state = WorkflowState.objects.get(object_id=str(submitted.page_id))
    state.current_task_state.approve(user=moderator)
    image_file = submitted.images.get().file
    storage, name = image_file.storage, image_file.name

    page = client.get(link).content.decode()
    assert "Publiée" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "retirer/", follow=True)

    assert "votre histoire est retirée" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ContributionStatus.WITHDRAWN
    assert not StoryPage.objects.get(pk=submitted.page_id).live
    assert submitted.images.count() == 0
    assert not storage.exists(name)
    assert client.get(submitted.page.url).status_code == 404


def test_an_unknown_private_link_is_a_polite_404(client, contribute_page):
    response = client.get(f"{contribute_page.url}suivi/{'x' * 43}/")

    assert response.status_code == 404
    assert "Lien inconnu" in response.content.decode()
