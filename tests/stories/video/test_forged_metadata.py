"""A video's duration, codecs and size are read from what ffmpeg demuxes and decodes, never
from text the file writes itself: tags imitating ffmpeg's log ("Duration: 00:00:05.00", a
stream line) change nothing. What is stored is a clean copy: no tags, no trailing bytes."""

import random
import subprocess

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from stories.models import Video, VideoStatus
from stories.video.probe import Listing, ProbeError, ffmpeg_exe, probe
from stories.video.validation import validate_uploaded_video
from tests.stories.video.clips import make_clip, retag
from tests.stories.video.test_video_testimonies import ADD_VIDEO, video_form

SHORT = "Duration: 00:00:05.00"
HOURS = "Duration: 10:00:00.00"
H264_FIRST = "Stream #0:0: Video: h264 (High), yuv420p(progressive), 320x180, 15 fps"
H264_SECOND = "Stream #0:1: Video: h264 (High), yuv420p(progressive), 320x180, 15 fps"
HUGE_H264 = "Stream #0:0: Video: h264 (High), yuv420p(progressive), 16000x16000, 15 fps"
AUDIO_FIRST = ("-map", "0:a", "-map", "0:v")


@pytest.fixture(scope="session")
def sources(tmp_path_factory):
    """Real clips: 16 minutes (at 1 image a second, 64 × 36, so quick to make), 3 seconds."""
    folder = tmp_path_factory.mktemp("sources")
    long = {"size": "64x36", "rate": 1, "sound": False, "seconds": 960}
    return {
        "long-mp4": make_clip(folder / "long.mp4", **long),
        "long-webm": make_clip(folder / "long.webm", kind="webm", **long),
        "mp4": make_clip(folder / "short.mp4"),
        "webm": make_clip(folder / "short.webm", kind="webm"),
        "mpeg4": make_clip(folder / "mpeg4.mp4", kind="mpeg4-in-mp4"),
    }


def forge(sources, tmp_path, source, *options):
    extension = "webm" if source.endswith("webm") else "mp4"
    return retag(sources[source], tmp_path / f"forged.{extension}", *options)


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="video/mp4")


def refusal(path):
    with pytest.raises(ValidationError) as refused:
        validate_uploaded_video(upload(path))
    return refused.value


@pytest.mark.parametrize(
    ("source", "options"),
    [
        ("long-mp4", ("-metadata", f"title={SHORT}")),
        ("long-mp4", ("-metadata", f"comment={SHORT}")),
        ("long-mp4", ("-metadata", f"artist={SHORT}")),
        ("long-webm", ("-metadata", f"title={SHORT}")),
        ("long-webm", ("-metadata", f"comment={SHORT}")),
    ],
    ids=["mp4-title", "mp4-comment", "mp4-artist", "webm-title", "webm-comment"],
)
def test_a_long_video_whose_tags_claim_five_seconds_is_refused_as_too_long(
    sources, tmp_path, source, options
):
    error = refusal(forge(sources, tmp_path, source, *options))

    assert error.code == "too_long"
    assert "Cette vidéo dure 16 min 00 s ; la limite est de 15 min 00 s" in error.messages[0]


@pytest.mark.parametrize(
    "options",
    [
        ("-metadata", f"title={H264_FIRST}"),
        ("-metadata", f"comment={H264_FIRST}"),
        (*AUDIO_FIRST, "-metadata:s:0", f"title={H264_SECOND}"),
        (*AUDIO_FIRST, "-metadata:s:0", f"handler_name={H264_SECOND}"),
    ],
    ids=["title", "comment", "stream-title", "stream-handler-name"],
)
def test_an_mpeg4_part2_video_whose_tags_imitate_h264_is_refused_for_its_codec(
    sources, tmp_path, options
):
    error = refusal(forge(sources, tmp_path, "mpeg4", *options))

    assert error.code == "codec"
    assert "Exportez-la en MP4 depuis votre téléphone" in error.messages[0]


@pytest.mark.parametrize(
    ("source", "options"),
    [
        ("mp4", ("-metadata", f"comment={HOURS}")),
        ("mp4", ("-metadata", f"title={HOURS}")),
        ("webm", ("-metadata", f"title={HOURS}")),
    ],
    ids=["mp4-comment", "mp4-title", "webm-title"],
)
def test_a_short_video_whose_tags_claim_ten_hours_is_accepted_for_its_real_duration(
    sources, tmp_path, source, options
):
    info = validate_uploaded_video(upload(forge(sources, tmp_path, source, *options)))

    assert 2.9 <= info.duration <= 3.1


def test_the_size_is_the_decoded_pictures_not_a_tags(sources, tmp_path):
    info = probe(forge(sources, tmp_path, "mp4", "-metadata", f"title={HUGE_H264}"))

    assert (info.width, info.height, info.video_codec) == (320, 180, "h264")


def padded(sources, tmp_path, source="mp4", size=3_000_000):
    """The clip followed by bytes that are not part of it (3 MB: kept on disk by Django)."""
    path = tmp_path / f"padded.{source}"
    path.write_bytes(sources[source].read_bytes() + random.Random(0).randbytes(size))  # noqa: S311 (not a secret)
    return path


@pytest.mark.parametrize("source", ["mp4", "webm"])
def test_bytes_after_the_media_are_not_kept(sources, tmp_path, source):
    sent = upload(padded(sources, tmp_path, source))

    info = validate_uploaded_video(sent)

    kept = sent.read()
    assert sent.size == len(kept) <= sources[source].stat().st_size
    copy = tmp_path / f"kept.{source}"
    copy.write_bytes(kept)
    assert probe(copy) == info


def test_tags_are_not_kept_in_the_stored_copy(sources, tmp_path):
    tagged = forge(
        sources,
        tmp_path,
        "mp4",
        *("-metadata", "title=Chez nous, 12 rue des Lilas"),
        *("-metadata", "artist=Lucienne Martin"),
        *("-metadata:s:v:0", "handler_name=Camera de Lucienne"),
    )
    sent = upload(tagged)

    validate_uploaded_video(sent)

    kept = sent.read()
    for text in (b"12 rue des Lilas", b"Lucienne Martin", b"Camera de Lucienne"):
        assert text in tagged.read_bytes()
        assert text not in kept
    assert kept[4:8] == b"ftyp" and kept.index(b"moov") < kept.index(b"mdat")  # plays at once


@pytest.mark.django_db
def test_a_padded_upload_is_stored_small_and_plays(
    editor, sources, tmp_path, django_capture_on_commit_callbacks
):
    clip = padded(sources, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(ADD_VIDEO, video_form(clip))

    assert response.status_code == 302
    video = Video.objects.get()
    assert video.status == VideoStatus.READY  # read again from storage, poster drawn
    assert video.file.size <= sources["mp4"].stat().st_size
    assert video.thumbnail
    assert 2.9 <= video.duration <= 3.1


@pytest.mark.django_db
def test_a_forged_duration_is_refused_in_the_admin_with_the_real_duration(
    editor, sources, tmp_path
):
    forged = forge(sources, tmp_path, "long-mp4", "-metadata", f"title={SHORT}")

    response = editor.post(ADD_VIDEO, video_form(forged))

    assert response.status_code == 200
    assert "Cette vidéo dure 16 min 00 s" in response.content.decode()
    assert not Video.objects.exists()


def test_a_header_written_twice_for_a_stream_is_refused_as_a_forgery():
    listing = Listing(max_packets=10)
    listing.read("#codec_id 0: mpeg4\n")

    with pytest.raises(ProbeError) as refused:
        listing.read("#codec_id 0: h264\n")

    assert refused.value.code == "unreadable"


def test_a_file_with_more_packets_than_any_real_clip_is_refused_while_listed(sources, settings):
    settings.VIDEO_MAX_SECONDS = 0.1  # 40 packets at most; the clip has 45 images

    with pytest.raises(ProbeError) as refused:
        probe(sources["mp4"])

    assert (refused.value.code, refused.value.detail) == ("unreadable", "too many packets")


def test_a_listing_that_takes_too_long_is_stopped_and_refused(sources, monkeypatch):
    monkeypatch.setattr("stories.video.probe.PROBE_SECONDS", 0.01)

    with pytest.raises(ProbeError) as refused:
        probe(sources["long-mp4"])

    assert refused.value.code == "timeout"


def test_the_clean_copy_keeps_a_phone_clips_rotation_and_is_sized_as_shown(sources, tmp_path):
    upright = tmp_path / "upright.mp4"
    rotated = ["-display_rotation:v:0", "90", "-i", str(sources["mp4"])]
    subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", *rotated, "-c", "copy", str(upright)], check=True
    )
    sent = upload(upright)

    info = validate_uploaded_video(sent)

    kept = tmp_path / "kept.mp4"
    kept.write_bytes(sent.read())
    assert (info.width, info.height) == (180, 320)
    assert (probe(kept).width, probe(kept).height) == (180, 320)
