"""Media on S3-compatible storage (moto's server on loopback): nothing in the bucket is
public, contribution media are handed out by Django only to those who may see them, through
short-lived presigned URLs, and share cards and the health probe work there too."""

import os
import subprocess
import sys
import urllib.request
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

import pytest

from stories.models import Contribution, ContributionStatus, StoryPage
from tests.builders import make_image, make_moderator, make_story
from tests.ops.s3 import S3Server
from tests.stories.contributions.conftest import (  # noqa: F401
    contribute_page,
    photo_upload,
    post_contribution,
)

pytestmark = pytest.mark.django_db
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture(scope="module")
def s3():
    with S3Server() as server:
        yield server


@pytest.fixture
def bucket(s3):
    name = s3.new_bucket()
    with override_settings(STORAGES=s3.storages(name)):
        yield name


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (loopback)
        return answer.status, dict(answer.headers), answer.read()


def public_grants(s3, bucket, key):
    grants = s3.client().get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return [g for g in grants if g["Grantee"].get("URI") == ALL_USERS]


@pytest.fixture
def submitted(post_contribution, django_capture_on_commit_callbacks, bucket):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        post_contribution(photo_1=photo_upload(), caption_1="Devant l’usine", consent_people="on")
    return Contribution.objects.get()


def test_a_contributed_photo_goes_to_the_bucket_and_stays_private(s3, bucket, submitted):
    name = submitted.images.get().file.name
    keys = [o["Key"] for o in s3.client().list_objects_v2(Bucket=bucket)["Contents"]]

    assert name.startswith("contributions/")
    assert name in keys
    assert not settings.MEDIA_ROOT.joinpath(name).exists()  # nothing on the web node's disk
    assert public_grants(s3, bucket, name) == []
    assert default_storage.url(name) == f"/media/{name}"  # Django's gate, never the bucket


def test_an_unpublished_contribution_photo_is_refused_to_readers(client, bucket, submitted):
    name = submitted.images.get().file.name

    assert client.get(f"/media/{name}").status_code == 404


def test_a_moderator_is_sent_to_a_short_lived_presigned_url(
    client, s3, bucket, submitted, django_user_model
):
    name = submitted.images.get().file.name
    client.force_login(make_moderator(django_user_model))

    response = client.get(f"/media/{name}")

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}" == s3.endpoint
    assert "X-Amz-Signature=" in target.query and "X-Amz-Expires=300" in target.query
    status, headers, body = fetch(response["Location"])
    assert status == 200
    assert body == default_storage.open(name).read()
    assert headers["Content-Disposition"].startswith("inline")


def test_a_published_contribution_photo_reaches_readers(client, bucket, submitted):
    name = submitted.images.get().file.name
    StoryPage.objects.get(pk=submitted.page_id).save_revision().publish()
    Contribution.objects.filter(pk=submitted.pk).update(status=ContributionStatus.PUBLISHED)

    response = client.get(f"/media/{name}")

    assert response.status_code == 302
    assert fetch(response["Location"])[0] == 200


def test_editors_images_and_renditions_are_private_objects_reached_through_django(
    client, s3, bucket
):
    image = make_image()
    rendition = image.get_rendition("width-200")

    assert public_grants(s3, bucket, image.file.name) == []
    assert rendition.url == f"/media/{rendition.file.name}"
    response = client.get(rendition.url)
    assert response.status_code == 302
    assert response["Cache-Control"].startswith("public")
    assert fetch(response["Location"])[2][:2] in (b"\xff\xd8", b"\x89P")  # JPEG or PNG


def test_with_a_public_domain_public_media_come_straight_from_it(s3):
    bucket = s3.new_bucket()
    storages = s3.storages(bucket, custom_domain="media.centenaire.example.org")
    with override_settings(STORAGES=storages):
        public = default_storage.save("original_images/a.jpg", ContentFile(b"x"))
        private = default_storage.save("contributions/originals/b.jpg", ContentFile(b"y"))

        assert default_storage.url(public) == f"https://media.centenaire.example.org/{public}"
        assert default_storage.url(private) == f"/media/{private}"


def test_share_cards_are_stored_in_the_bucket_and_served_for_live_pages(
    client, s3, bucket, story_index
):
    story = make_story(story_index, title="La première machine")

    response = client.get(f"/partage/{story.pk}/facebook/")  # the share link names the card
    page = client.get(story.url).content.decode()
    card_url = page.split('property="og:image" content="')[1].split('"')[0]
    card = client.get(urlsplit(card_url).path)

    assert response.status_code in (200, 302)
    assert card.status_code == 200
    assert card.content[:4] == b"\x89PNG"
    cards = s3.client().list_objects_v2(Bucket=bucket, Prefix="share-cards/")["Contents"]
    assert len(cards) == 1
    assert public_grants(s3, bucket, cards[0]["Key"]) == []
    assert client.get(f"/media/{cards[0]['Key']}").status_code == 404


def test_the_health_probe_writes_to_the_bucket_and_leaves_nothing(client, s3, bucket):
    response = client.get("/healthz")

    assert response.json()["checks"]["storage"]["ok"] is True
    assert "Contents" not in s3.client().list_objects_v2(Bucket=bucket, Prefix="health/")


def test_the_environment_switches_production_to_the_bucket(s3, tmp_path):
    bucket = s3.new_bucket()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))},
        **s3.environment(bucket),
        "DJANGO_SETTINGS_MODULE": "centenaire.settings.production",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "testserver",
        "SITE_BASE_URL": "http://testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SERVE_MEDIA": "false",  # as behind nginx: media in the bucket still go to Django
    }
    script = (
        "import django; django.setup()\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "from django.conf import settings\n"
        "print(type(s._wrapped).__name__, s.save('probe/a.txt', ContentFile(b'ok')))\n"
        "print(settings.SERVE_MEDIA)\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["MediaStorage", "probe/a.txt", "True"]
    body = s3.client().get_object(Bucket=bucket, Key="probe/a.txt")["Body"].read()
    assert body == b"ok"
    assert public_grants(s3, bucket, "probe/a.txt") == []


def test_the_gated_folders_are_the_models_own():
    from stories import object_storage
    from stories.models.images import PRIVATE_PREFIX
    from stories.sharing.service import FOLDER

    assert object_storage.PRIVATE_PREFIX == PRIVATE_PREFIX
    assert object_storage.CARD_FOLDER == FOLDER
