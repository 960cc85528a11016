"""Videos are accepted by their content: signature, then a probe by the real ffmpeg."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from stories.video.probe import extract_poster, probe, sniff_container
from stories.video.validation import validate_uploaded_video


def upload(path_or_bytes, name="temoignage.mp4"):
    content = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    return SimpleUploadedFile(name, content, content_type="video/mp4")


def refusal(file):
    with pytest.raises(ValidationError) as refused:
        validate_uploaded_video(file)
    return refused.value


def test_an_mp4_clip_is_read_for_its_duration_size_and_codecs(clips):
    info = probe(clips["mp4"])

    assert (info.container, info.video_codec, info.audio_codec) == ("mp4", "h264", "aac")
    assert (info.width, info.height) == (320, 180)
    assert 2.9 <= info.duration <= 3.1


def test_a_webm_clip_is_accepted_too(clips):
    info = validate_uploaded_video(upload(clips["webm"], "temoignage.webm"))

    assert (info.container, info.video_codec, info.mime_type) == ("webm", "vp9", "video/webm")


def test_the_poster_is_a_jpeg_frame_of_the_clip(clips):
    from PIL import Image

    poster = extract_poster(clips["mp4"], probe(clips["mp4"]))

    assert Image.open(io.BytesIO(poster)).size == (320, 180)


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("video.mp4", b"not really")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        zip_bytes(),
        b"#EXTM3U\n#EXTINF:10,\nhttp://example.com/segment.ts\n",
        b"ffconcat version 1.0\nfile /etc/passwd\n",
    ],
    ids=["html", "zip", "playlist", "concat-list"],
)
def test_forged_files_renamed_mp4_are_refused_by_their_signature(content):
    error = refusal(upload(content))

    assert error.code == "signature"
    assert "n’est pas une vidéo que nous savons lire" in error.messages[0]


def test_an_mp4_header_over_garbage_is_refused_as_unreadable(clips):
    head = clips["mp4"].read_bytes()[:32]

    error = refusal(upload(head + b"\x00garbage" * 500))

    assert error.code == "unreadable"


def test_a_codec_browsers_do_not_all_play_is_refused(clips):
    error = refusal(upload(clips["mpeg4"]))

    assert error.code == "codec"
    assert "Exportez-la en MP4 depuis votre téléphone" in error.messages[0]


def test_an_oversized_video_is_refused_before_it_is_read(clips, settings):
    settings.VIDEO_MAX_BYTES = 1000

    error = refusal(upload(clips["mp4"]))

    assert error.code == "too_big"
    assert "la limite est de 1000" in error.messages[0]


def test_an_over_long_video_is_refused_with_its_duration(clips, settings):
    settings.VIDEO_MAX_SECONDS = 2

    error = refusal(upload(clips["mp4"]))

    assert error.code == "too_long"
    assert "dure 3 s ; la limite est de 2 s" in error.messages[0]


def test_signatures_are_read_from_the_first_bytes_only():
    assert sniff_container(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00") == "mp4"
    assert sniff_container(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm") == "webm"
    assert sniff_container(b"\x00\x00\x00\x20ftypqt  ") == "mov"  # QuickTime, as iPhones
    assert sniff_container(b"\x00\x00\x00\x20ftypheic") is None  # a photo
    assert sniff_container(b"") is None


def test_an_upload_over_the_limit_is_dropped_while_it_streams_in(clips, settings, rf):
    from stories.video.uploads import oversized_uploads

    settings.VIDEO_MAX_BYTES = 20_000
    with open(clips["mp4"], "rb") as clip:
        request = rf.post("/contribuer/", {"video_file": clip, "title": "Un titre"})

    assert "video_file" not in request.FILES  # never kept, in memory or on disk
    assert request.POST["title"] == "Un titre"  # the rest of the form is read
    assert 20_000 < oversized_uploads(request)["video_file"] <= 20_000 + 65_536
