"""A photo or video that passed its checks is kept when the form comes back with an error
elsewhere: shown as attached, removable, used by the next send without choosing it again,
private, referenced by a signed id that expires, and cleaned up."""

import os
import time

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

import pytest

from stories.contributions import staging
from stories.models import Contribution
from tests.stories.contributions.conftest import photo_upload, valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staging_folder(settings, tmp_path):
    settings.CONTRIBUTION_STAGING_DIR = str(tmp_path / "staged")
    return tmp_path / "staged"


def first_send(client, page, clips, **extra):
    video = SimpleUploadedFile("ma-video.mp4", clips["mp4"].read_bytes(), "video/mp4")
    data = valid_data(title="", consent_people="on", **extra)
    data.update(photo_1=photo_upload("atelier.jpg"), video_file=video)
    return client.post(page.url, data)


def resend(client, page, previous, **changes):
    """What the browser sends back: the form as it came back, fixed; no file chosen."""
    data = {key: previous.data.getlist(key) for key in previous.data}
    data = {key: value if len(value) > 1 else value[0] for key, value in data.items()}
    data.update(title="Mon premier jour à Corbeil", **changes)
    return client.post(page.url, data)


def test_checked_files_are_kept_and_used_by_the_next_send(
    client, contribute_page, clips, staging_folder, django_capture_on_commit_callbacks
):
    response = first_send(client, contribute_page, clips)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Photo jointe : atelier.jpg" in html and "Vidéo jointe : ma-video.mp4" in html
    assert "inutile de les choisir à nouveau" in html
    assert "Retirer cette photo" in html and "Retirer cette vidéo" in html
    assert len(os.listdir(staging_folder)) == 2
    form = response.context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = resend(client, contribute_page, form)

    assert sent.status_code == 303
    contribution = Contribution.objects.get()
    assert contribution.images.count() == 1
    assert contribution.video is not None and contribution.video.is_ready
    assert os.listdir(staging_folder) == []  # used, then deleted


def test_a_kept_file_can_be_removed(client, contribute_page, clips, staging_folder):
    form = first_send(client, contribute_page, clips).context["form"]

    sent = resend(client, contribute_page, form, remove_photo_1="on", remove_video="on")

    assert sent.status_code == 303
    contribution = Contribution.objects.get()
    assert contribution.images.count() == 0 and contribution.video is None
    assert os.listdir(staging_folder) == []


def test_a_forged_or_expired_reference_attaches_nothing(
    client, contribute_page, clips, monkeypatch
):
    form = first_send(client, contribute_page, clips).context["form"]
    forged = signing.dumps({"k": "photo", "f": "../../db.sqlite3", "n": "x"}, salt="other")
    photo, video = form.data["staged_photo_1"], form.data["staged_video"]

    assert staging.load(forged, "photo") is None
    assert staging.load(photo, "video") is None  # a photo's reference names no video
    assert staging.load(video, "video") is not None
    later = time.time() + staging.MAX_AGE + 1
    with monkeypatch.context() as future:
        future.setattr(signing.time, "time", lambda: later)
        assert staging.load(video, "video") is None  # expired
    sent = resend(client, contribute_page, form, staged_photo_1=forged, staged_video="x")
    assert sent.status_code == 303
    contribution = Contribution.objects.get()
    assert contribution.images.count() == 0 and contribution.video is None


def test_expired_staged_files_are_cleaned(client, contribute_page, clips, staging_folder):
    first_send(client, contribute_page, clips)
    old = time.time() - staging.MAX_AGE - 60
    names = sorted(os.listdir(staging_folder))
    os.utime(staging_folder / names[0], (old, old))

    call_command("clean_staged_media", stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert sorted(os.listdir(staging_folder)) == names[1:]


def test_past_the_staging_budget_files_are_asked_for_again(
    client, contribute_page, clips, staging_folder, settings
):
    settings.CONTRIBUTION_STAGING_BUDGET_BYTES = 1000

    response = first_send(client, contribute_page, clips)

    assert "sélectionnez-les à nouveau" in response.content.decode()
    assert os.listdir(staging_folder) == []
