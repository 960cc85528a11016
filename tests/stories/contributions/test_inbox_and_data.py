"""The contributions inbox, the editor panel, and the contributor's data rights."""

import io
import json
import zipfile
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

import pytest

from stories.models import Contribution, ContributionStatus, StoryPage
from tests.stories.contributions.conftest import photo_upload

pytestmark = pytest.mark.django_db

INBOX = "/admin/stories/contribution/"


@pytest.fixture
def moderator_client(client, django_user_model):
    user = django_user_model.objects.create_user("moderatrice", "mod@example.org", "x")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    return client


@pytest.fixture
def contribution(post_contribution):
    post_contribution(name='=HYPERLINK("http://evil","clic")', display_choice="anonymous")
    return Contribution.objects.get()


def test_moderators_see_the_inbox_with_status_and_consents(moderator_client, contribution):
    html = moderator_client.get(INBOX).content.decode()

    assert contribution.reference in html
    assert "Reçue" in html
    assert "publication" in html


def test_the_inbox_filters_by_status_and_searches(moderator_client, contribution):
    assert (
        contribution.reference
        in moderator_client.get(INBOX, {"status": "received"}).content.decode()
    )
    assert (
        contribution.reference
        not in moderator_client.get(INBOX, {"status": "published"}).content.decode()
    )
    assert (
        contribution.reference
        in moderator_client.get(INBOX, {"q": contribution.reference}).content.decode()
    )


def test_the_inspect_view_shows_the_exact_consent_texts(moderator_client, contribution):
    html = moderator_client.get(f"{INBOX}inspect/{contribution.pk}/").content.decode()

    assert "J’accepte que mon histoire" in html


def test_the_export_neutralises_spreadsheet_formulas(moderator_client, contribution):
    response = moderator_client.get(INBOX, {"export": "csv"})
    body = b"".join(response.streaming_content).decode()

    assert "'=HYPERLINK" in body
    assert "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body


def test_the_csv_export_keeps_its_accents_in_excel(moderator_client, post_contribution):
    """Excel in French reads a CSV as Windows-1252 unless it starts with UTF-8's byte order
    mark: « Hélène Lefèvre » would come out as « HÃ©lÃ¨ne LefÃ¨vre »."""
    post_contribution(name="Hélène Lefèvre", title="La fête de Noël à La Gaude")

    response = moderator_client.get(INBOX, {"export": "csv"})
    body = b"".join(response.streaming_content)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.count(b"\xef\xbb\xbf") == 1
    text = body.decode("utf-8-sig")
    assert text.startswith('"')  # the first heading, its quotes right after the mark
    assert "Hélène Lefèvre" in text


def test_administrators_find_export_and_erase_on_the_inspect_view(admin_client_, contribution):
    html = admin_client_.get(f"{INBOX}inspect/{contribution.pk}/").content.decode()

    assert f"/admin/contributions/{contribution.pk}/export/" in html
    assert f"/admin/contributions/{contribution.pk}/erase/" in html


def test_visitors_cannot_reach_the_inbox(client, contribution):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_page_editor_shows_who_sent_the_story(moderator_client, contribution):
    html = moderator_client.get(f"/admin/pages/{contribution.page_id}/edit/").content.decode()

    assert "jeanne@example.org" in html
    assert contribution.reference in html


def test_administrators_export_a_contributor_with_their_story_and_photos(
    admin_client_, post_contribution
):
    post_contribution(photo_1=photo_upload(), caption_1="Devant l’usine", consent_people="on")
    contribution = Contribution.objects.get()

    response = admin_client_.get(f"/admin/contributions/{contribution.pk}/export/")

    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        (data,) = json.loads(archive.read("donnees.json"))
        photo = data["photos"][0]
        assert archive.read(photo["file"]) == contribution.images.get().file.read()
    assert data["reference"] == contribution.reference
    assert data["email"] == "jeanne@example.org"
    assert data["consents"]["texts"]["publication"].startswith("J’accepte")
    assert "quarante ans de métier" in data["story"]["text"]
    assert data["story"]["title"] == "Mon premier jour à Corbeil"
    assert photo["caption"] == "Devant l’usine"


def test_erasure_leaves_nothing_of_the_story_in_the_admin_history(
    admin_client_, contribution, django_capture_on_commit_callbacks
):
    from wagtail.models import PageLogEntry, Revision, WorkflowState

    page_id = contribution.page_id
    title = contribution.page.title
    assert PageLogEntry.objects.filter(page_id=page_id).exists()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(f"/admin/contributions/{contribution.pk}/erase/", {"confirm": "yes"})

    assert not PageLogEntry.objects.filter(page_id=page_id).exists()
    assert not WorkflowState.objects.filter(object_id=str(page_id)).exists()
    assert not Revision.objects.filter(object_id=str(page_id)).exists()
    assert not PageLogEntry.objects.filter(label__contains=title).exists()


def test_moderators_cannot_export_or_erase(moderator_client, contribution):
    export = moderator_client.get(f"/admin/contributions/{contribution.pk}/export/")
    erase = moderator_client.post(f"/admin/contributions/{contribution.pk}/erase/")

    # Wagtail's admin turns a refusal into a redirect with a message.
    assert export.status_code == erase.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RECEIVED


def test_administrators_erase_a_contributor(
    admin_client_, contribution, django_capture_on_commit_callbacks
):
    admin_client_.post(f"/admin/contributions/{contribution.pk}/erase/")  # not confirmed
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.RECEIVED

    with django_capture_on_commit_callbacks(execute=True):
        admin_client_.post(f"/admin/contributions/{contribution.pk}/erase/", {"confirm": "yes"})

    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.ERASED
    assert contribution.name == ""
    assert "jeanne" not in contribution.email
    assert not StoryPage.objects.filter(pk=contribution.page_id).exists()


def test_purge_erases_old_rejected_and_withdrawn_contributions_only(post_contribution):
    for _ in range(3):
        post_contribution()
    old_rejected, recent_rejected, published = Contribution.objects.order_by("pk")
    Contribution.objects.filter(pk=old_rejected.pk).update(
        status=ContributionStatus.REJECTED, updated_at=timezone.now() - timedelta(days=100)
    )
    Contribution.objects.filter(pk=recent_rejected.pk).update(status=ContributionStatus.REJECTED)
    Contribution.objects.filter(pk=published.pk).update(
        status=ContributionStatus.PUBLISHED, updated_at=timezone.now() - timedelta(days=400)
    )

    call_command("purge_contributions", "--days", "90", verbosity=0)

    statuses = dict(Contribution.objects.values_list("pk", "status"))
    assert statuses[old_rejected.pk] == ContributionStatus.ERASED
    assert statuses[recent_rejected.pk] == ContributionStatus.REJECTED
    assert statuses[published.pk] == ContributionStatus.PUBLISHED
    assert Contribution.objects.get(pk=old_rejected.pk).email.endswith("@invalid")


def test_a_failed_acknowledgement_is_recorded_and_can_be_resent(
    post_contribution, django_capture_on_commit_callbacks, mailoutbox, settings, admin_client_
):
    settings.MAILERS = {"default": {"BACKEND": "tests.stories.contributions.failing_mail.Backend"}}
    with django_capture_on_commit_callbacks(execute=True):
        post_contribution()
    contribution = Contribution.objects.get()
    assert contribution.acknowledgement_status == "failed"
    assert "serveur" in contribution.mail_error

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    admin_client_.post(f"/admin/contributions/{contribution.pk}/resend/")

    contribution.refresh_from_db()
    assert contribution.acknowledgement_status == "sent"
    assert mailoutbox[-1].to == ["jeanne@example.org"]
