"""A contributor's video is judged by what ffmpeg reads in its streams, not by its tags, and
the copy kept is clean: no tags, no bytes after the media."""

import random

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from stories.models import Contribution, Video, VideoStatus
from tests.stories.video.clips import make_clip, retag

pytestmark = pytest.mark.django_db


def video_upload(content, name="temoignage.mp4"):
    return SimpleUploadedFile(name, content, content_type="video/mp4")


def test_a_tagged_padded_video_is_kept_without_its_tags_and_trailing_bytes(
    post_contribution, clips, tmp_path, django_capture_on_commit_callbacks
):
    tagged = retag(clips["mp4"], tmp_path / "tagged.mp4", "-metadata", "title=12 rue des Lilas")
    padding = random.Random(1).randbytes(3_000_000)  # noqa: S311 (not a secret)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_contribution(
            video_file=video_upload(tagged.read_bytes() + padding), consent_people="on"
        )

    assert response.status_code == 303
    video = Contribution.objects.get().video
    assert video.status == VideoStatus.READY
    assert video.file.size <= clips["mp4"].stat().st_size
    assert b"Lilas" not in video.file.open("rb").read()
    assert 2.9 <= video.duration <= 3.1


def test_a_long_video_whose_title_claims_five_seconds_is_refused_politely(
    post_contribution, tmp_path
):
    long = make_clip(tmp_path / "long.mp4", seconds=960, size="64x36", rate=1, sound=False)
    forged = retag(long, tmp_path / "forged.mp4", "-metadata", "title=Duration: 00:00:05.00")

    response = post_contribution(video_file=video_upload(forged.read_bytes()), consent_people="on")

    assert response.status_code == 400
    assert "Cette vidéo dure 16 min 00 s ; la limite est de 15 min 00 s" in (
        response.content.decode()
    )
    assert not Contribution.objects.exists() and not Video.objects.exists()
