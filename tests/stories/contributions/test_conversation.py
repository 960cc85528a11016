"""Moderation as a conversation with the contributor: request changes, revise, send back,
refuse, take down; withdrawal in every state; one notice per submission; a private link that
exists in clear only in the e-mail."""

import json
import re

from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.urls import reverse

from wagtail.models import WorkflowState

import pytest
from PIL import Image

from stories.contributions.images import PHOTO_ACCEPT
from stories.models import Contribution, ContributionStatus, StoryPage
from tests.stories.contributions.conftest import photo_upload, valid_data
from tests.stories.contributions.test_heic_photos import heic_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderatrice", "mod@example.org", "x")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


@pytest.fixture
def send(client, contribute_page, django_capture_on_commit_callbacks):
    def post(**overrides):
        data = valid_data(**overrides)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(contribute_page.url, data)
        return Contribution.objects.order_by("-pk").first()

    return post


@pytest.fixture
def submitted(send):
    return send(photo_1=photo_upload(), caption_1="Devant l’usine", consent_people="on")


def link_in(mail):
    return re.search(r"https?://[^/\s]+(/\S+/suivi/[A-Za-z0-9_-]+/)", mail.body).group(1)


def act(client, moderator, contribution, action, comment="", capture=None):
    """A moderator's workflow action, as the page editor's menu posts it."""
    client.force_login(moderator)
    state = WorkflowState.objects.get(object_id=str(contribution.page_id), status="in_progress")
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(contribution.page_id, action, state.current_task_state_id),
    )
    with capture(execute=True):
        response = client.post(url, {"comment": comment})
    client.logout()
    assert response.status_code in (200, 302), response.content[:500]
    contribution.refresh_from_db()
    return state


@pytest.fixture
def ask_changes(client, moderator, django_capture_on_commit_callbacks):
    def ask(contribution, comment="Pouvez-vous préciser l’année et le nom du site ?"):
        return act(
            client,
            moderator,
            contribution,
            "reject",
            comment,
            capture=django_capture_on_commit_callbacks,
        )

    return ask


def revise(client, path, capture, **overrides):
    data = {
        "title": "Mon premier jour à Corbeil, en 1968",
        "story": "C’était en septembre 1968, au site de Corbeil-Essonnes. " * 3,
        **overrides,
    }
    with capture(execute=True):
        return client.post(path + "modifier/", data)


def test_a_request_for_changes_reaches_the_contributor_with_the_comment_and_the_link(
    client, submitted, ask_changes, mailoutbox
):
    mailoutbox.clear()
    ask_changes(submitted)

    assert submitted.status == ContributionStatus.CHANGES_REQUESTED
    assert submitted.changes_requested.startswith("Pouvez-vous préciser")
    (mail,) = [m for m in mailoutbox if m.to == ["jeanne@example.org"]]
    assert "Pouvez-vous préciser l’année" in mail.body
    page = client.get(link_in(mail))
    html = page.content.decode()
    assert "En attente de vos précisions" in html
    assert "Pouvez-vous préciser l’année" in html
    assert "modifier/" in html


def test_the_contributor_revises_and_the_story_returns_to_the_same_workflow(
    client, submitted, ask_changes, mailoutbox, moderator, django_capture_on_commit_callbacks
):
    first_state = ask_changes(submitted)
    path = link_in(mailoutbox[-1])
    assert client.get(path + "modifier/").status_code == 200
    mailoutbox.clear()

    response = revise(
        client,
        path,
        django_capture_on_commit_callbacks,
        keep=[],
        photo_1=photo_upload("nouvelle.png", fmt="PNG"),
        caption_1="La grille en 1968",
        consent_people="on",
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ContributionStatus.IN_REVIEW
    draft = submitted.page.specific.get_latest_revision_as_object()
    assert draft.title == "Mon premier jour à Corbeil, en 1968"
    assert "septembre 1968" in str(draft.body)
    assert "perforatrice" not in str(draft.body)
    (photo,) = submitted.images.all()
    assert photo.title == "La grille en 1968"
    assert draft.image_id == photo.pk
    assert draft.image_caption == "La grille en 1968"  # shown under the new lead photo
    assert draft.standfirst == "C’était en septembre 1968, au site de Corbeil-Essonnes."
    state = WorkflowState.objects.get(pk=first_state.pk)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.task_states.count() == 2  # the request for changes stays in the history
    notices = [m for m in mailoutbox if m.to == ["mod@example.org"]]
    assert len(notices) == 1
    assert "modifiée" in notices[0].subject
    assert not StoryPage.objects.get(pk=submitted.page_id).live


def test_a_revision_takes_an_iphone_photo_as_the_contribution_form_does(
    client, submitted, ask_changes, mailoutbox, django_capture_on_commit_callbacks
):
    ask_changes(submitted)
    path = link_in(mailoutbox[-1])
    form = client.get(path + "modifier/").content.decode()
    assert f'accept="{PHOTO_ACCEPT}"' in form
    assert "WebP ou HEIC" in form

    response = revise(
        client,
        path,
        django_capture_on_commit_callbacks,
        photo_1=heic_upload(),
        caption_1="Sur le parking",
        consent_people="on",
    )

    assert response.status_code == 302
    added = submitted.images.get(title="Sur le parking")
    assert added.file.name.endswith(".jpg")
    assert Image.open(added.file).format == "JPEG"


def test_a_revision_keeps_what_was_typed_when_it_needs_fixing(
    client, submitted, ask_changes, mailoutbox, django_capture_on_commit_callbacks
):
    ask_changes(submitted)
    path = link_in(mailoutbox[-1])

    response = revise(client, path, django_capture_on_commit_callbacks, story="Trop court.")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Mon premier jour à Corbeil, en 1968" in html
    assert "au moins" in html
    submitted.refresh_from_db()
    assert submitted.status == ContributionStatus.CHANGES_REQUESTED


def test_the_revision_form_is_closed_once_the_moderators_no_longer_wait(
    client, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    path = link_in(mailoutbox[0])

    response = revise(client, path, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url.endswith(path)
    submitted.refresh_from_db()
    assert submitted.status == ContributionStatus.RECEIVED
    assert "Mon premier jour à Corbeil, en 1968" not in str(
        submitted.page.specific.get_latest_revision_as_object().title
    )


def test_refusal_is_final_and_says_why(
    client, submitted, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    state = act(
        client,
        moderator,
        submitted,
        "refuse",
        "Un client y est nommé.",
        capture=django_capture_on_commit_callbacks,
    )

    assert submitted.status == ContributionStatus.REJECTED
    assert submitted.rejection_reason == "Un client y est nommé."
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert state.task_states.get().comment == "Un client y est nommé."
    (mail,) = [m for m in mailoutbox if m.to == ["jeanne@example.org"]]
    assert "Un client y est nommé." in mail.body
    assert "Refusée" in client.get(link_in(mail)).content.decode()


def test_the_moderators_dialog_says_the_comment_reaches_the_contributor(
    client, submitted, moderator
):
    client.force_login(moderator)
    state = WorkflowState.objects.get(object_id=str(submitted.page_id))
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(submitted.page_id, "reject", state.current_task_state_id),
    )

    html = json.loads(client.get(url).content)["html"]

    assert "Il le reçoit par e-mail et le lit sur sa page de suivi" in html


@pytest.mark.parametrize("outcome", ["received", "changes_requested", "published", "refused"])
def test_the_contributor_can_withdraw_in_every_state(
    client,
    submitted,
    outcome,
    moderator,
    ask_changes,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    path = link_in(mailoutbox[0])
    if outcome == "changes_requested":
        ask_changes(submitted)
    elif outcome != "received":
        action = "approve" if outcome == "published" else "refuse"
        act(client, moderator, submitted, action, capture=django_capture_on_commit_callbacks)
    photo_name = submitted.images.get().file.name

    confirmation = client.get(path + "retirer/")
    assert "Oui, retirer définitivement" in confirmation.content.decode()
    assert Contribution.objects.get(pk=submitted.pk).status != ContributionStatus.WITHDRAWN
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path + "retirer/")

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ContributionStatus.WITHDRAWN
    assert not submitted.images.exists()
    assert not StoryPage.objects.get(pk=submitted.page_id).live
    assert not StoryPage.objects.get(pk=submitted.page_id).current_workflow_state
    assert not default_storage.exists(photo_name)
    assert "retirée du site" in client.get(response.url).content.decode()


def test_the_private_pages_keep_their_link_out_of_other_sites_referers(
    client, submitted, mailoutbox
):
    path = link_in(mailoutbox[0])

    for suffix in ("", "retirer/"):
        response = client.get(path + suffix)
        assert response["Referrer-Policy"] == "same-origin"
        assert 'content="no-referrer"' not in response.content.decode()


def test_a_story_the_team_unpublishes_or_deletes_says_so_on_the_follow_page(
    client, submitted, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    path = link_in(mailoutbox[0])
    act(client, moderator, submitted, "approve", capture=django_capture_on_commit_callbacks)
    assert submitted.status == ContributionStatus.PUBLISHED

    submitted.page.specific.unpublish()

    submitted.refresh_from_db()
    assert submitted.status == ContributionStatus.REMOVED
    assert "L’équipe a retiré votre histoire du site" in client.get(path).content.decode()
    assert client.get(submitted.images.get().file.url).status_code == 404


def test_a_pending_story_deleted_by_the_team_is_marked_removed(submitted):
    StoryPage.objects.get(pk=submitted.page_id).delete()

    submitted.refresh_from_db()
    assert submitted.status == ContributionStatus.REMOVED


def test_each_moderator_is_told_once_and_wagtail_sends_nothing_more(
    home, send, moderator, django_user_model, mailoutbox
):
    from stories.models import CentenarySettings

    django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    CentenarySettings.objects.update(moderation_email="MOD@example.org")
    mailoutbox.clear()

    send()

    to_team = [m for m in mailoutbox if m.to != ["jeanne@example.org"]]
    assert sorted(m.to[0].lower() for m in to_team) == ["mod@example.org"]
    assert "/admin/pages/" in to_team[0].body


def test_the_private_link_is_never_stored_nor_queued_in_clear(
    settings, contribute_page, client, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contribute_page.url, valid_data())
    contribution = Contribution.objects.get()
    token = contribution.private_token()

    queued = list(DBTaskResult.objects.values_list("args_kwargs", flat=True))
    assert queued, "the acknowledgement should be queued"
    assert all(token not in json.dumps(args) for args in queued)
    assert token not in json.dumps(list(Contribution.objects.values()), default=str)
    assert Contribution.objects.by_token(token).get() == contribution


def test_a_resend_keeps_the_same_private_link(
    submitted, mailoutbox, django_capture_on_commit_callbacks
):
    from stories.contributions.outcomes import resend

    first = link_in(mailoutbox[0])
    Contribution.objects.filter(pk=submitted.pk).update(acknowledgement_status="failed")
    submitted.refresh_from_db()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        resend(submitted)

    assert link_in(mailoutbox[0]) == first


def test_withdrawing_a_published_story_removes_its_share_cards(
    client, submitted, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    from stories.sharing.service import page_folder, stored_cards

    path = link_in(mailoutbox[0])
    act(client, moderator, submitted, "approve", capture=django_capture_on_commit_callbacks)
    folder = page_folder(submitted.page_id) + "/"
    assert [name for name in stored_cards() if name.startswith(folder)]  # rendered on publish

    with django_capture_on_commit_callbacks(execute=True):
        client.post(path + "retirer/")

    assert not [name for name in stored_cards() if name.startswith(folder)]
