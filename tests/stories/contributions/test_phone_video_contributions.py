"""A contributor sends the video their phone recorded (an iPhone's portrait HEVC movie): it
is accepted, given a web rendition in the background, played from that rendition once
approved; the file as sent stays private; moderators follow the processing in the inbox and
the story editor."""

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.models import WorkflowState

import pytest

from stories.models import Contribution, Video, VideoStatus
from stories.video.probe import probe
from tests.stories.video.clips import make_clip, rotate

pytestmark = pytest.mark.django_db
INBOX = "/admin/stories/contribution/"


@pytest.fixture(scope="module")
def iphone_movie(tmp_path_factory):
    folder = tmp_path_factory.mktemp("iphone")
    landscape = make_clip(folder / "landscape.mov", seconds=2, kind="hevc-mov")
    return rotate(landscape, folder / "IMG_0042.MOV", 90)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderatrice", "m@example.org", "x")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


@pytest.fixture
def submitted(post_contribution, iphone_movie, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("IMG_0042.MOV", iphone_movie.read_bytes(), "video/quicktime")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_contribution(video_file=upload, consent_people="on")
    assert response.status_code == 303, response.content.decode()[:2000]
    return Contribution.objects.get()


def test_the_phone_movie_is_played_from_its_web_rendition_and_its_original_stays_private(
    submitted, moderator, django_capture_on_commit_callbacks
):
    video = submitted.video
    assert video.status == VideoStatus.READY, video.processing_error
    web = probe(video.file.path)
    assert (web.video_codec, web.width, web.height) == ("h264", 180, 320)
    assert probe(video.original.path).video_codec == "hevc"
    state = WorkflowState.objects.get(object_id=str(submitted.page_id))
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.approve(user=moderator)

    visitor = Client()
    html = visitor.get(submitted.page.url).content.decode()

    assert f'<source src="{video.file.url}" type="video/mp4">' in html
    assert f'poster="{video.thumbnail.url}"' in html
    assert visitor.get(video.file.url).status_code == 200
    assert visitor.get(video.original.url).status_code == 404  # the archive copy
    assert video.original.url not in html
    visitor.force_login(moderator)
    assert visitor.get(video.original.url).status_code == 200


def test_moderators_follow_the_processing_in_the_inbox_and_the_story_editor(
    submitted, moderator, client
):
    Video.objects.update(status=VideoStatus.PENDING, processing_progress=42)
    client.force_login(moderator)

    inbox = client.get(INBOX).content.decode()
    editor = client.get(f"/admin/pages/{submitted.page_id}/edit/").content.decode()

    assert "en cours de traitement : 42 %" in inbox
    assert 'value="42"' in editor and "42 % fait" in editor


def test_a_failure_is_shown_to_moderators_with_its_reason(submitted, moderator, client):
    Video.objects.update(status=VideoStatus.FAILED, processing_error="Vidéo abîmée.")
    client.force_login(moderator)

    inbox = client.get(INBOX).content.decode()
    editor = client.get(f"/admin/pages/{submitted.page_id}/edit/").content.decode()

    assert "échec du traitement : Vidéo abîmée." in inbox
    assert "n’a pas pu être traitée" in editor and "Vidéo abîmée." in editor


def test_withdrawing_deletes_the_original_too(submitted, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    from stories.contributions.outcomes import withdraw

    video = submitted.video
    names = [video.file.name, video.original.name, video.thumbnail.name]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(submitted)

    assert not any(default_storage.exists(name) for name in names)
