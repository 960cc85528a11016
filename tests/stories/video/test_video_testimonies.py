"""Editors upload a testimony in the admin; it is read in the background and played with
its poster, captions and transcript."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Collection

import pytest

from stories.models import StoryKind, Video, VideoStatus
from tests.builders import make_story
from tests.stories.video.test_captions import GOOD

pytestmark = pytest.mark.django_db

ADD_VIDEO = "/admin/media/video/add/"


def video_form(clip, name="temoignage.mp4", **fields):
    return {
        "title": "Lucienne raconte",
        "file": SimpleUploadedFile(name, clip.read_bytes(), "video/mp4"),
        "captions": SimpleUploadedFile("st.vtt", GOOD.encode(), "text/vtt"),
        "captions_language": "fr",
        "collection": Collection.get_first_root_node().pk,
        "transcript": "Bonjour, je m’appelle Lucienne.\n\nJ’ai perforé des cartes.",
        **fields,
    }


def upload(editor, clips, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(ADD_VIDEO, video_form(clips["mp4"], **fields))
    return response


def test_an_uploaded_video_gets_its_poster_duration_and_size_in_the_background(
    editor, clips, django_capture_on_commit_callbacks
):
    response = upload(editor, clips, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    video = Video.objects.get()
    assert video.status == VideoStatus.READY
    assert (video.width, video.height) == (320, 180)
    assert 2.9 <= video.duration <= 3.1
    assert video.thumbnail.read(2) == b"\xff\xd8"
    assert video.file.name.startswith("videos/") and video.file.name.endswith(".mp4")


def test_a_forged_video_is_refused_in_the_admin_with_a_clear_message(editor, clips):
    response = editor.post(
        ADD_VIDEO,
        video_form(clips["mp4"], file=SimpleUploadedFile("faux.mp4", b"<html></html>")),
    )

    assert response.status_code == 200
    assert "n’est pas une vidéo que nous savons lire" in response.content.decode()
    assert not Video.objects.exists()


def test_a_failed_processing_is_recorded_not_lost(
    editor, clips, django_capture_on_commit_callbacks
):
    upload(editor, clips, django_capture_on_commit_callbacks)
    video = Video.objects.get()
    with open(video.file.path, "wb") as damaged:  # the file was damaged since
        damaged.write(b"\x00\x00\x00\x20ftypisom" + b"\x00" * 64)
    video.process_after_save = True

    with django_capture_on_commit_callbacks(execute=True):
        video.save()

    video.refresh_from_db()
    assert video.status == VideoStatus.FAILED
    assert "Nous n’arrivons pas à lire cette vidéo" in video.processing_error


def test_a_story_plays_its_video_with_poster_captions_and_transcript(
    client, editor, clips, story_index, django_capture_on_commit_callbacks
):
    upload(editor, clips, django_capture_on_commit_callbacks)
    video = Video.objects.get()
    story = make_story(story_index, kind=StoryKind.VIDEO, video=video)

    html = client.get(story.url).content.decode()

    assert '<video class="video__player" controls preload="metadata"' in html
    assert "autoplay" not in html
    assert f'poster="{video.thumbnail.url}"' in html
    assert f'<track kind="captions" src="{video.captions.url}" srclang="fr"' in html
    assert "J’ai perforé des cartes." in html
    assert "vidéo de 3 s" in client.get(story_index.url).content.decode()


def test_a_video_not_yet_processed_is_not_shown(client, editor, clips, story_index):
    editor.post(ADD_VIDEO, video_form(clips["mp4"]))  # the task has not run: no commit yet
    video = Video.objects.get()
    assert video.status == VideoStatus.PENDING
    story = make_story(story_index, video=video)

    assert "<video" not in client.get(story.url).content.decode()


def test_a_video_testimony_without_a_photo_has_its_poster_on_the_share_card(
    editor, clips, story_index, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from PIL import Image

    from stories.models import CentenarySettings
    from stories.sharing.service import card_fields, ensure_card

    upload(editor, clips, django_capture_on_commit_callbacks)
    story = make_story(story_index, kind=StoryKind.VIDEO, video=Video.objects.get())
    centenary = CentenarySettings.objects.get()
    story.photo_in_share_card = False
    without_consent = card_fields(story, centenary)["photo"]
    story.photo_in_share_card = True

    card = Image.open(default_storage.open(ensure_card(story, centenary)))

    assert without_consent is None
    assert card_fields(story, centenary)["photo"][0] == "poster"
    assert card.format == "JPEG" and card.size == (1200, 630)


def test_the_story_editor_says_when_its_video_could_not_be_read(editor, clips, story_index):
    editor.post(ADD_VIDEO, video_form(clips["mp4"]))
    video = Video.objects.get()
    video.status, video.processing_error = VideoStatus.FAILED, "Nous n’arrivons pas à la lire."
    video.save()
    story = make_story(story_index, video=video)

    html = editor.get(f"/admin/pages/{story.pk}/edit/").content.decode()

    assert "n’a pas pu être traitée et ne sera pas affichée" in html
    assert "Nous n’arrivons pas à la lire." in html


def test_deleting_a_video_removes_its_file_poster_and_captions(
    editor, clips, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    upload(editor, clips, django_capture_on_commit_callbacks)
    video = Video.objects.get()
    names = [video.file.name, video.thumbnail.name, video.captions.name]

    with django_capture_on_commit_callbacks(execute=True):
        video.delete()

    assert not any(default_storage.exists(name) for name in names)
