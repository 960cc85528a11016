"""Resumable video uploads (a tus 1.0 subset): created within the limits, appended to at the
offset the server has, resumed after a cut, checked like a form upload once complete and
staged for the form; abandoned ones are cleaned up."""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from unittest import mock

from django.core import signing

import pytest

from stories.contributions import abuse, staging
from stories.models import Contribution
from tests.stories.contributions.conftest import form_token, valid_data

pytestmark = pytest.mark.django_db
CREATE = "/envoi-video/"
TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture(autouse=True)
def staging_folder(settings, tmp_path):
    settings.CONTRIBUTION_STAGING_DIR = str(tmp_path / "staged")
    return tmp_path / "staged"


def create(client, length, name="IMG_0042.MOV", permit=None):
    import base64

    metadata = "filename " + base64.b64encode(name.encode()).decode()
    headers = {**TUS, "Upload-Length": str(length), "Upload-Metadata": metadata}
    permit = form_token() if permit is None else permit
    if permit:
        headers["Upload-Permit"] = permit
    return client.post(CREATE, headers=headers)


@contextmanager
def freeze_signing_time(when):
    """Tokens signed inside are stamped ``when`` (django.core.signing reads time.time)."""
    with mock.patch("django.core.signing.time.time", return_value=when):
        yield


def patch(client, url, offset, body):
    return client.generic(
        "PATCH",
        url,
        body,
        content_type="application/offset+octet-stream",
        headers={**TUS, "Upload-Offset": str(offset)},
    )


def offset_of(client, url):
    response = client.head(url, headers=TUS)
    assert response.status_code == 200
    return int(response["Upload-Offset"])


def test_a_video_sent_in_parts_resumes_where_it_stopped_and_is_staged_for_the_form(
    client, contribute_page, clips, django_capture_on_commit_callbacks
):
    content = clips["mp4"].read_bytes()
    half = len(content) // 2
    url = create(client, len(content))["Location"]

    assert offset_of(client, url) == 0
    assert patch(client, url, 0, content[:half]).status_code == 204
    assert offset_of(client, url) == half  # after a cut, the client asks and resumes here
    assert patch(client, url, 0, content).status_code == 409  # not where the server is
    done = patch(client, url, half, content[half:])

    assert done.status_code == 204
    reference = done["Upload-Staged"]
    assert staging.load(reference, "video").sent_name == "IMG_0042.MOV"
    data = valid_data(consent_people="on", staged_video=reference)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(contribute_page.url, data)
    assert sent.status_code == 303
    assert Contribution.objects.get().video.is_ready


def test_a_video_over_the_limit_is_refused_before_any_byte_is_sent(client, settings):
    settings.VIDEO_MAX_BYTES = 1000

    response = create(client, 5000)

    assert response.status_code == 413
    assert "envoyez-la depuis un ordinateur" in response.json()["message"]


def test_more_bytes_than_announced_are_refused(client):
    url = create(client, 10)["Location"]

    assert patch(client, url, 0, b"x" * 20).status_code == 400
    assert offset_of(client, url) == 0


def test_a_complete_file_that_is_not_a_video_is_refused_with_what_to_do(client, staging_folder):
    body = b"<html><script>alert(1)</script></html>"
    url = create(client, len(body))["Location"]

    response = patch(client, url, 0, body)

    assert response.status_code == 422
    assert "n’est pas une vidéo que nous savons lire" in response.json()["message"]
    assert os.listdir(staging_folder) == []  # nothing kept


def test_a_forged_upload_address_leads_nowhere(client):
    assert client.head("/envoi-video/abc:def:ghi/", headers=TUS).status_code == 404


def test_an_abandoned_upload_is_cleaned_up(client, clips, staging_folder):
    content = clips["mp4"].read_bytes()
    url = create(client, len(content))["Location"]
    patch(client, url, 0, content[:1000])
    partial = next(staging_folder.glob("*.part"))
    old = time.time() - staging.PARTIAL_MAX_AGE - 60
    os.utime(partial, (old, old))

    assert staging.clean_expired() == 1
    assert not partial.exists()
    assert client.head(url, headers=TUS).status_code == 410


@pytest.mark.parametrize(
    "permit",
    ["", "forged", form_token().replace(":", ";"), signing.dumps({"n": "x"}, salt="other")],
    ids=["missing", "made-up", "tampered", "signed-for-something-else"],
)
def test_an_upload_needs_the_permit_the_form_carries(client, staging_folder, permit):
    response = create(client, 1000, permit=permit or "")

    assert response.status_code == 403
    assert "Votre vidéo partira avec le formulaire" in response.json()["message"]
    assert "Location" not in response
    assert list(staging_folder.glob("*.part")) == []  # nothing created, nothing reserved


def test_the_form_token_of_a_page_left_open_for_hours_still_permits_an_upload(client):
    hours_ago = time.time() - abuse.MAX_AGE - 60
    with freeze_signing_time(hours_ago):
        permit = form_token(seconds_ago=0)

    assert create(client, 1000, permit=permit).status_code == 201


def test_a_permit_older_than_a_day_is_refused(client):
    with freeze_signing_time(time.time() - abuse.UPLOAD_PERMIT_MAX_AGE - 60):
        permit = form_token(seconds_ago=0)

    assert create(client, 1000, permit=permit).status_code == 403


def test_the_announced_size_is_reserved_at_creation(client, settings, staging_folder):
    settings.CONTRIBUTION_STAGING_BUDGET_BYTES = 1000

    first = create(client, 600)
    second = create(client, 600)  # nothing of the first has arrived, yet it is promised

    assert first.status_code == 201
    assert second.status_code == 507
    assert "envoyez votre histoire seule" in second.json()["message"]
    assert create(client, 400).status_code == 201  # what is left still fits
    assert staging.staged_bytes() == 1000


def test_uploads_created_at_the_same_moment_never_promise_more_than_the_budget(
    settings, staging_folder
):
    settings.CONTRIBUTION_STAGING_BUDGET_BYTES = 1000
    barrier = threading.Barrier(8)

    def start():
        barrier.wait()
        return staging.start_partial(300)

    with ThreadPoolExecutor(8) as pool:
        started = [upload for upload in pool.map(lambda _n: start(), range(8)) if upload]

    assert len(started) == 3
    assert staging.staged_bytes() == 900


def test_a_finished_upload_gives_back_what_it_reserved(client, clips, settings):
    content = clips["mp4"].read_bytes()
    settings.CONTRIBUTION_STAGING_BUDGET_BYTES = len(content) * 2
    url = create(client, len(content))["Location"]
    assert create(client, len(content) + 1).status_code == 507

    patch(client, url, 0, content)

    # The partial is gone; the staged clean copy takes what the video weighs.
    assert staging.staged_bytes() <= len(content) + 4096


def test_a_network_creates_a_limited_number_of_uploads_and_the_form_still_works(
    client, settings, post_contribution
):
    settings.VIDEO_UPLOAD_NETWORK_LIMIT = 2

    assert create(client, 1000).status_code == 201
    assert create(client, 1000).status_code == 201
    refused = create(client, 1000)

    assert refused.status_code == 429
    assert "réessayez dans une heure" in refused.json()["message"]
    assert post_contribution().status_code == 303  # the form's own attempts are untouched
