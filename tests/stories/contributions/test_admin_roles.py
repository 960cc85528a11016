"""Each admin role gets what the migrations give its group, and nothing more.

Modérateurs review contributions: the inbox, its inspect view and exports, the pending media,
the resend of failed e-mails, the three actions of the review step. Éditeurs edit and publish
the site but see nothing of a contribution and cannot act on one in review. A bare admin user
(access_admin only) sees nothing either. Only administrators (superusers) export or erase a
contributor's data. Nobody creates, edits or deletes a contribution record in the inbox.
"""

from django.urls import reverse

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from stories.models import Contribution, ContributionStatus, StoryPage
from tests.builders import make_admin_user, make_editor, make_moderator
from tests.stories.contributions.conftest import photo_upload

pytestmark = pytest.mark.django_db

INBOX = "/admin/stories/contribution/"
WITHOUT_INBOX = ["editor", "bare_admin"]
NOT_ADMINISTRATORS = ["moderator", "editor", "bare_admin"]


@pytest.fixture
def submitted(post_contribution, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_contribution(photo_1=photo_upload(), caption_1="Devant l’usine", consent_people="on")
    return Contribution.objects.get()


@pytest.fixture
def editor(django_user_model):
    return make_editor(django_user_model)


@pytest.fixture
def bare_admin(django_user_model):
    return make_admin_user(django_user_model)


@pytest.fixture
def moderator(django_user_model):
    return make_moderator(django_user_model)


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "x")


@pytest.fixture
def login(client, request):
    def as_(who):
        client.force_login(request.getfixturevalue(who))
        return client

    return as_


def inbox_pages(contribution):
    return {
        "index": INBOX,
        "inspect": f"{INBOX}inspect/{contribution.pk}/",
        "csv": f"{INBOX}?export=csv",
        "xlsx": f"{INBOX}?export=xlsx",
    }


def content_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_the_migrations_groups_are_the_ones_tested(editor, moderator):
    """The builders add no right the migrations did not give (they only grant it again)."""
    assert not editor.has_perm("stories.view_contribution")
    assert moderator.has_perm("stories.view_contribution")
    assert {group.name for group in editor.groups.all()} == {"Éditeurs"}
    assert {group.name for group in moderator.groups.all()} == {"Modérateurs"}


@pytest.mark.parametrize("who", ["moderator", "administrator"])
def test_moderators_and_administrators_use_the_inbox_its_inspect_view_and_exports(
    login, submitted, who
):
    client = login(who)

    for name, url in inbox_pages(submitted).items():
        response = client.get(url)
        assert response.status_code == 200, name
        if name in ("index", "inspect", "csv"):
            assert submitted.reference.encode() in content_of(response), name
    inspect = client.get(inbox_pages(submitted)["inspect"]).content.decode()
    assert "jeanne@example.org" in inspect
    assert "J’accepte que mon histoire" in inspect
    assert client.get(submitted.images.get().file.url).status_code == 200  # pending photo


@pytest.mark.parametrize("who", WITHOUT_INBOX)
def test_admin_users_without_the_inbox_see_nothing_of_a_contribution(login, submitted, who):
    client = login(who)

    for name, url in inbox_pages(submitted).items():
        response = client.get(url)
        assert response.status_code in (302, 403), name  # Wagtail redirects a refusal
        assert b"jeanne@example.org" not in content_of(response), name
        assert submitted.reference.encode() not in content_of(response), name
    assert client.get(submitted.images.get().file.url).status_code == 404


@pytest.mark.parametrize("who", ["moderator", "administrator"])
def test_nobody_creates_edits_or_deletes_a_contribution_in_the_inbox(login, submitted, who):
    client = login(who)

    for url in (
        f"{INBOX}create/",
        f"{INBOX}edit/{submitted.pk}/",
        f"{INBOX}delete/{submitted.pk}/",
    ):
        assert client.get(url).status_code in (302, 403), url
    client.post(f"{INBOX}edit/{submitted.pk}/", {"name": "Quelqu’un d’autre"})
    client.post(f"{INBOX}delete/{submitted.pk}/")

    assert Contribution.objects.get().name == "Jeanne Martin"


@pytest.mark.parametrize("who", WITHOUT_INBOX)
def test_admin_users_without_the_inbox_cannot_resend_a_contributors_mail(
    login, submitted, who, mailoutbox
):
    Contribution.objects.filter(pk=submitted.pk).update(acknowledgement_status="failed")
    mailoutbox.clear()

    response = login(who).post(reverse("contribution_resend", args=(submitted.pk,)))

    assert response.status_code in (302, 403)
    assert mailoutbox == []


def test_moderators_see_pending_media_and_resend(login, submitted, mailoutbox):
    Contribution.objects.filter(pk=submitted.pk).update(acknowledgement_status="failed")
    mailoutbox.clear()
    client = login("moderator")

    assert client.get(submitted.images.get().file.url).status_code == 200
    response = client.post(reverse("contribution_resend", args=(submitted.pk,)))

    assert response.status_code == 302
    assert [mail.to for mail in mailoutbox] == [["jeanne@example.org"]]


@pytest.mark.parametrize("who", NOT_ADMINISTRATORS)
def test_only_administrators_export_or_erase_a_contributor(login, submitted, who):
    client = login(who)

    export = client.get(reverse("contribution_export", args=(submitted.pk,)))
    client.post(reverse("contribution_erase", args=(submitted.pk,)), {"confirm": "yes"})

    assert export.status_code in (302, 403)
    assert b"jeanne@example.org" not in content_of(export)
    assert Contribution.objects.get().name == "Jeanne Martin"


def test_administrators_export_and_erase_a_contributor(
    login, submitted, django_capture_on_commit_callbacks
):
    client = login("administrator")

    export = client.get(reverse("contribution_export", args=(submitted.pk,)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contribution_erase", args=(submitted.pk,)), {"confirm": "yes"})

    assert export["Content-Type"] == "application/zip"
    assert Contribution.objects.get().status == ContributionStatus.ERASED


# --- The review step -----------------------------------------------------------------------


def workflow_action(client, contribution, action, comment=""):
    state = WorkflowState.objects.get(object_id=str(contribution.page_id), status="in_progress")
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(contribution.page_id, action, state.current_task_state_id),
    )
    return client.post(url, {"comment": comment})


def edit_story(client, contribution, title):
    """Save a new draft of the story through the page editor, as a person would."""
    page = StoryPage.objects.get(pk=contribution.page_id)
    data = nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "standfirst": page.standfirst,
            "kind": page.kind,
            "year_start": page.year_start,
            "display_name": page.display_name,
            "contributor_relation": page.contributor_relation,
            "body": streamfield([("paragraph", rich_text("<p>Un récit relu.</p>"))]),
            "share_messages": inline_formset([]),
        }
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)


def test_a_moderator_edit_marks_the_contribution_in_review(login, submitted):
    response = edit_story(login("moderator"), submitted, "Mon premier jour, relu")

    assert response.status_code == 302, response.content[:2000]
    assert StoryPage.objects.get(pk=submitted.page_id).draft_title == "Mon premier jour, relu"
    submitted.refresh_from_db()
    assert submitted.status == ContributionStatus.IN_REVIEW


@pytest.mark.parametrize("who", WITHOUT_INBOX)
def test_a_story_in_review_is_locked_to_admin_users_outside_the_review_step(login, submitted, who):
    edit_story(login(who), submitted, "Réécrite par quelqu’un d’autre")

    assert StoryPage.objects.get(pk=submitted.page_id).draft_title == submitted.page.title
    assert Contribution.objects.get().status == ContributionStatus.RECEIVED


@pytest.mark.parametrize("action", ["approve", "reject", "refuse"])
@pytest.mark.parametrize("who", WITHOUT_INBOX)
def test_admin_users_outside_the_review_step_cannot_act_on_a_contribution(
    login, submitted, who, action, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(login(who), submitted, action, "Non.")

    assert not StoryPage.objects.get(pk=submitted.page_id).live
    assert Contribution.objects.get().status == ContributionStatus.RECEIVED
    assert WorkflowState.objects.get(object_id=str(submitted.page_id)).status == "in_progress"
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", ContributionStatus.PUBLISHED),
        ("reject", ContributionStatus.CHANGES_REQUESTED),
        ("refuse", ContributionStatus.REJECTED),
    ],
)
def test_moderators_approve_ask_for_changes_or_refuse(
    login, submitted, action, status, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(login("moderator"), submitted, action, "Merci.")

    assert response.status_code in (200, 302)
    assert Contribution.objects.get().status == status
    assert StoryPage.objects.get(pk=submitted.page_id).live == (action == "approve")
