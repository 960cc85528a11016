"""Contributors send a video file: checked by content, kept private until approved and
processed, then played with seeking (HTTP ranges)."""

from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import WorkflowState

import pytest

from stories.models import Contribution, ContributionStatus, StoryKind, Video, VideoStatus

pytestmark = pytest.mark.django_db


def video_upload(path, name="temoignage.mp4"):
    return SimpleUploadedFile(name, path.read_bytes(), content_type="video/mp4")


@pytest.fixture
def submitted(post_contribution, clips, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_contribution(video_file=video_upload(clips["mp4"]), consent_people="on")
    assert response.status_code == 303  # to the thank-you page
    return Contribution.objects.get()


def approve(contribution, django_user_model, django_capture_on_commit_callbacks):
    moderator = django_user_model.objects.create_user("moderatrice", "m@example.org", "x")
    moderator.groups.add(Group.objects.get(name="Modérateurs"))
    state = WorkflowState.objects.get(object_id=str(contribution.page_id))
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.approve(user=moderator)


def test_a_sent_video_becomes_a_private_video_testimony_read_in_the_background(submitted):
    video = submitted.video

    assert video.status == VideoStatus.READY
    assert video.file.name.startswith("contributions/videos/")
    assert video.thumbnail.name.startswith("contributions/videos/posters/")
    assert submitted.page.specific.kind == StoryKind.VIDEO
    assert submitted.page.specific.video_id == video.pk


def test_nothing_of_a_pending_video_is_public(client, submitted):
    video = submitted.video
    story = submitted.page

    for url in (video.file.url, video.thumbnail.url, story.url):
        assert client.get(url).status_code == 404, url
    for url in ("/", "/histoires/", "/histoires/flux/", "/sitemap.xml", "/recherche/?q=Corbeil"):
        html = client.get(url).content.decode()
        assert "Mon premier jour" not in html, url
        assert video.file.name not in html and video.thumbnail.name not in html, url


def test_once_approved_the_video_plays_and_seeks(
    client, submitted, django_user_model, django_capture_on_commit_callbacks
):
    approve(submitted, django_user_model, django_capture_on_commit_callbacks)
    video = Video.objects.get()
    size = video.file.size

    html = client.get(submitted.page.url).content.decode()
    whole = client.get(video.file.url)
    part = client.get(video.file.url, headers={"Range": "bytes=100-199"})
    tail = client.get(video.file.url, headers={"Range": "bytes=-10"})
    beyond = client.get(video.file.url, headers={"Range": f"bytes={size}-"})

    assert f'<source src="{video.file.url}" type="video/mp4">' in html
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{size}"
    assert b"".join(part.streaming_content) == video.file.open("rb").read()[100:200]
    assert tail["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    assert beyond.status_code == 416


def stored_videos():
    if not default_storage.exists("contributions/videos"):
        return set()
    return set(default_storage.listdir("contributions/videos")[1])


def test_a_forged_video_is_refused_politely_and_nothing_is_kept(post_contribution):
    forged = SimpleUploadedFile("video.mp4", b"<html><script>alert(1)</script></html>")
    before = stored_videos()

    response = post_contribution(video_file=forged, consent_people="on")

    assert response.status_code == 400
    html = response.content.decode()
    assert "n’est pas une vidéo que nous savons lire" in html
    assert "Mon premier jour à Corbeil" in html  # what was typed is kept
    assert not Contribution.objects.exists() and not Video.objects.exists()
    assert stored_videos() == before


def test_an_oversized_video_is_cut_off_while_uploading_and_refused(
    post_contribution, clips, settings
):
    settings.VIDEO_MAX_BYTES = 20_000

    response = post_contribution(video_file=video_upload(clips["mp4"]), consent_people="on")

    assert response.status_code == 400
    assert "la limite est de 19,5" in response.content.decode()
    assert not Video.objects.exists()


def test_withdrawing_deletes_the_video_and_its_files(submitted, django_capture_on_commit_callbacks):
    from stories.contributions.outcomes import withdraw

    names = [submitted.video.file.name, submitted.video.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(submitted)

    assert not Video.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert Contribution.objects.get().status == ContributionStatus.WITHDRAWN
