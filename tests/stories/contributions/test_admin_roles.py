"""Admin access alone opens nothing of a contribution: the inbox, its actions and pending
media need the inbox permission (Modérateurs have it; Éditeurs and bare admin users don't)."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest

from stories.models import Contribution
from tests.stories.contributions.conftest import photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(post_contribution, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_contribution(photo_1=photo_upload(), caption_1="Devant l’usine", consent_people="on")
    return Contribution.objects.get()


def user_in(django_user_model, name, group=None):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "x")
    if group:
        user.groups.add(Group.objects.get(name=group))
    else:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, "editrice", "Éditeurs")


@pytest.fixture
def bare_admin(django_user_model):
    return user_in(django_user_model, "stagiaire")


@pytest.fixture
def moderator(django_user_model):
    return user_in(django_user_model, "moderatrice", "Modérateurs")


@pytest.mark.parametrize("who", ["editor", "bare_admin"])
def test_admin_users_without_the_inbox_cannot_see_pending_media(client, submitted, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(submitted.images.get().file.url).status_code == 404
    assert client.get(reverse("stories_contribution_modeladmin_index")).status_code in (302, 403)


@pytest.mark.parametrize("who", ["editor", "bare_admin"])
def test_admin_users_without_the_inbox_cannot_resend_a_contributors_mail(
    client, submitted, who, request, mailoutbox
):
    Contribution.objects.filter(pk=submitted.pk).update(acknowledgement_status="failed")
    mailoutbox.clear()
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("contribution_resend", args=(submitted.pk,)))

    assert response.status_code in (302, 403)  # Wagtail turns a refusal into a redirect
    assert mailoutbox == []


def test_moderators_see_pending_media_and_resend(client, submitted, moderator, mailoutbox):
    Contribution.objects.filter(pk=submitted.pk).update(acknowledgement_status="failed")
    mailoutbox.clear()
    client.force_login(moderator)

    assert client.get(submitted.images.get().file.url).status_code == 200
    response = client.post(reverse("contribution_resend", args=(submitted.pk,)))

    assert response.status_code == 302
    assert [mail.to for mail in mailoutbox] == [["jeanne@example.org"]]


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_only_administrators_export_or_erase_a_contributor(client, submitted, who, request):
    client.force_login(request.getfixturevalue(who))

    export = client.get(reverse("contribution_export", args=(submitted.pk,)))
    client.post(reverse("contribution_erase", args=(submitted.pk,)), {"confirm": "yes"})

    assert "jeanne@example.org" not in export.content.decode()
    assert export.get("Content-Type", "").startswith("text/html")
    assert Contribution.objects.get().name == "Jeanne Martin"
