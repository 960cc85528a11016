"""Pending contribution media stay private whatever spelling of their path is asked for.

The decision is taken on the file the path resolves to, compared with the private folder,
never on the raw text of the path; and it is taken from the live state of the story that
uses the file at the moment of the request.
"""

import os

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import WorkflowState

import pytest

from stories.models import Contribution
from tests.stories.contributions.conftest import photo_upload

pytestmark = pytest.mark.django_db

PRIVATE = "contributions/"


def spellings(name):
    """Ways to ask for the media file ``name`` (``contributions/…``) other than its own."""
    rest = name.removeprefix(PRIVATE)
    return [
        f"/media//{name}",
        f"/media///{name}",
        f"/media/./{name}",
        f"/media/.//{name}",
        f"/media/x/../{name}",
        f"/media/original_images/../{name}",
        f"/media/%2e/{name}",
        f"/media/%2E%2E/media/{name}",
        f"/media/x/%2e%2e/{name}",
        f"/media/%2fcontributions/{rest}",
        f"/media/contributions%2f{rest}",
        f"/media/contributions/./{rest}",
        f"/media/contributions//{rest}",
        f"/media/contributions/x/../{rest}",
        f"/media/%252e/{name}",
        f"/media/.%5c{name}",
        f"/media/%5c{name}",
        f"/media/{name}%00",
        f"/media/{name}%00.txt",
        f"/media/%00/../{name}",
        f"/media/{name}/",
        f"/media/{name}/.",
        f"/media/Contributions/{rest}",
    ]


def media_names(contribution):
    """Every file of a contribution: photo, one of its renditions, video, poster, captions."""
    names = []
    for image in contribution.images.all():
        names += [image.file.name, image.get_rendition("fill-120x80").file.name]
    if contribution.video_id:
        video = contribution.video
        names += [video.file.name, video.thumbnail.name]
        if video.captions:
            names.append(video.captions.name)
    assert names and all(name.startswith(PRIVATE) for name in names)
    return names


def assert_private(client, contribution):
    for name in media_names(contribution):
        secret = (settings.MEDIA_ROOT / name).read_bytes()
        for url in [f"/media/{name}", *spellings(name)]:
            response = client.get(url)
            body = b"".join(response) if response.status_code < 300 else response.content
            assert response.status_code in (400, 404), url
            assert secret[:64] not in body, url


CAPTIONS = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBonjour\n"


@pytest.fixture
def submitted(post_contribution, clips, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_contribution(
            photo_1=photo_upload(),
            caption_1="Devant l’usine",
            video_file=SimpleUploadedFile(
                "temoignage.mp4", clips["mp4"].read_bytes(), content_type="video/mp4"
            ),
            consent_people="on",
        )
    assert response.status_code < 400  # the thank-you page, or a redirect to it
    contribution = Contribution.objects.get()
    video = contribution.video
    video.captions.save("sous-titres.vtt", SimpleUploadedFile("s.vtt", CAPTIONS))
    return contribution


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderatrice", "mod@example.org", "x")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def approve(contribution, moderator, callbacks):
    state = WorkflowState.objects.get(object_id=str(contribution.page_id))
    with callbacks(execute=True):
        state.current_task_state.approve(user=moderator)


def test_pending_media_are_private_under_every_spelling_of_their_path(client, submitted):
    assert_private(client, submitted)


def test_published_media_are_served_under_their_own_path_only(
    client, submitted, moderator, django_capture_on_commit_callbacks
):
    approve(submitted, moderator, django_capture_on_commit_callbacks)

    for name in media_names(submitted):
        response = client.get(f"/media/{name}")
        assert response.status_code == 200, name
        assert b"".join(response) == (settings.MEDIA_ROOT / name).read_bytes()
        assert client.get(f"/media//{name}").status_code == 404


def test_unpublishing_the_story_takes_its_media_back_to_private(
    client, submitted, moderator, django_capture_on_commit_callbacks
):
    approve(submitted, moderator, django_capture_on_commit_callbacks)
    submitted.page.specific.unpublish()

    assert_private(client, submitted)


def test_deleting_the_story_takes_its_media_back_to_private(
    client, submitted, moderator, django_capture_on_commit_callbacks
):
    approve(submitted, moderator, django_capture_on_commit_callbacks)
    names = media_names(submitted)
    submitted.page.delete()
    submitted.refresh_from_db()

    assert submitted.page_id is None
    for name in names:
        assert client.get(f"/media/{name}").status_code == 404
        assert client.get(f"/media/./{name}").status_code == 404


def test_a_story_under_a_view_restriction_keeps_its_media_private(
    client, submitted, moderator, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    approve(submitted, moderator, django_capture_on_commit_callbacks)
    PageViewRestriction.objects.create(
        page=submitted.page, restriction_type="password", password="secret"
    )

    assert_private(client, submitted)


def test_a_link_into_the_private_folder_does_not_make_it_public(client, submitted):
    link = settings.MEDIA_ROOT / "lien-public"
    os.symlink(settings.MEDIA_ROOT / "contributions", link)
    try:
        for name in media_names(submitted):
            rest = name.removeprefix(PRIVATE)
            assert client.get(f"/media/lien-public/{rest}").status_code == 404, name
    finally:
        link.unlink()


def test_public_media_are_still_served(client):
    from tests.builders import make_image

    image = make_image()

    response = client.get(image.file.url)

    assert response.status_code == 200
    assert b"".join(response) == image.file.open("rb").read()
