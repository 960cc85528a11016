"""What phones record is accepted and given a web rendition every browser plays: HEVC in a
QuickTime movie turned upright by its display matrix, a variable frame rate, VP9 in WebM.
Everything is done by the bundled ffmpeg on tiny generated clips, and every rendition is
probed as it is stored."""

import io

from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import pytest
from PIL import Image

from stories.models import Video, VideoStatus
from stories.video.probe import probe, sniff_container
from stories.video.transcode import progress_of, web_rendition
from stories.video.validation import validate_uploaded_video
from tests.stories.video.clips import make_clip, make_vfr_clip, rotate
from tests.stories.video.test_video_testimonies import ADD_VIDEO, video_form


@pytest.fixture(scope="module")
def phone(tmp_path_factory):
    folder = tmp_path_factory.mktemp("phone-clips")
    hevc = make_clip(folder / "landscape.mov", seconds=2, kind="hevc-mov")
    return {
        "portrait-hevc": rotate(hevc, folder / "IMG_0001.MOV", 90),
        "vfr": make_vfr_clip(folder / "vfr.mov"),
        "vp9": make_clip(folder / "clip.webm", seconds=2, kind="webm"),
        "h264": make_clip(folder / "clip.mp4", seconds=2),
    }


def stored_video(path, django_capture_on_commit_callbacks, name="video.mov"):
    """A video saved as the admin or the contribution form saves it, then processed."""
    video = Video(title="Témoignage", type="video")
    with open(path, "rb") as source:
        video.file.save(name, File(source), save=False)
    video.process_after_save = True
    with django_capture_on_commit_callbacks(execute=True):
        video.save()
    video.refresh_from_db()
    return video


def test_an_iphone_portrait_movie_is_accepted_by_its_content(phone):
    clip = phone["portrait-hevc"]
    upload = SimpleUploadedFile("IMG_0001.MOV", clip.read_bytes(), "video/quicktime")

    info = validate_uploaded_video(upload)

    assert sniff_container(clip.read_bytes()[:64]) == "mov"
    assert (info.container, info.video_codec, info.audio_codec) == ("mov", "hevc", "aac")
    assert (info.width, info.height, info.rotated) == (180, 320, True)  # as displayed
    assert not info.browser_safe


@pytest.mark.django_db
def test_the_admin_takes_a_portrait_hevc_movie_and_stores_an_upright_h264_rendition(
    editor, phone, django_capture_on_commit_callbacks
):
    form = video_form(phone["portrait-hevc"], name="IMG_0001.MOV")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(ADD_VIDEO, form)

    assert response.status_code == 302
    video = Video.objects.get()
    assert video.status == VideoStatus.READY, video.processing_error
    web = probe(video.file.path)
    assert (web.container, web.video_codec, web.audio_codec) == ("mp4", "h264", "aac")
    assert (web.width, web.height, web.rotated) == (180, 320, False)  # turned upright
    assert web.browser_safe and video.file.name.endswith(".mp4")
    assert (video.width, video.height, video.mime_type) == (180, 320, "video/mp4")
    assert 1.9 <= video.duration <= 2.1
    assert Image.open(io.BytesIO(video.thumbnail.read())).size == (180, 320)
    # The file as sent is kept, private, for the archive.
    assert video.original.name.startswith("contributions/videos/originals/")
    original = probe(video.original.path)
    assert (original.video_codec, original.rotated) == ("hevc", True)
    assert (video.processing_progress, video.processing_seconds is not None) == (100, True)
    visitor = Client()
    assert visitor.get(video.file.url).status_code == 200
    assert visitor.get(video.original.url).status_code == 404  # never published


@pytest.mark.django_db
@pytest.mark.parametrize("clip", ["vfr", "vp9"])
def test_variable_frame_rate_and_webm_get_an_h264_rendition(
    clip, phone, django_capture_on_commit_callbacks
):
    source = probe(phone[clip])

    video = stored_video(phone[clip], django_capture_on_commit_callbacks)

    assert video.status == VideoStatus.READY, video.processing_error
    web = probe(video.file.path)
    assert (web.container, web.video_codec, web.audio_codec) == ("mp4", "h264", "aac")
    assert (web.width, web.height) == (320, 180)
    assert abs(web.duration - source.duration) < 0.1
    assert video.original


@pytest.mark.django_db
def test_a_browser_safe_mp4_is_kept_as_it_is(phone, django_capture_on_commit_callbacks):
    video = stored_video(phone["h264"], django_capture_on_commit_callbacks, name="video.mp4")

    assert video.status == VideoStatus.READY
    assert not video.original
    assert video.file.read() == phone["h264"].read_bytes()


@pytest.mark.django_db
def test_a_corrupt_movie_is_recorded_as_failed_with_what_to_do(
    phone, settings, django_capture_on_commit_callbacks
):
    settings.CONTRIBUTION_CONTACT_EMAIL = "aide@exemple.fr"
    broken = phone["vfr"].parent / "broken.mov"
    broken.write_bytes(phone["vfr"].read_bytes()[:64] + b"\x00broken" * 2000)

    video = stored_video(broken, django_capture_on_commit_callbacks)

    assert video.status == VideoStatus.FAILED
    assert "abîmée ou incomplète" in video.processing_error
    assert "aide@exemple.fr" in video.processing_error
    assert not video.original and video.processing_progress == 0


def test_ffmpeg_reports_its_progress_up_to_the_end(phone):
    info = probe(phone["vp9"])
    seen = []

    with web_rendition(phone["vp9"], info, on_progress=seen.append) as rendition:
        assert probe(rendition.name).video_codec == "h264"

    assert seen and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_progress_lines_are_read_as_a_fraction_of_the_duration():
    assert progress_of("out_time_us=1500000\n", 3.0) == 0.5
    assert progress_of("out_time_us=N/A\n", 3.0) is None
    assert progress_of("progress=end\n", 3.0) == 1.0
    assert progress_of("total_size=1234\n", 3.0) is None


@pytest.mark.django_db
def test_progress_is_written_on_the_video_as_ffmpeg_reports_it(phone):
    from stories.video.tasks import progress_recorder

    video = Video.objects.create(title="Témoignage", type="video", file="videos/x.mov")
    record = progress_recorder(video)

    record(0.42)
    record(0.43)  # within the same second: not written again

    assert Video.objects.get(pk=video.pk).processing_progress == 42
