"""Bad input of every kind gets a clear French message or is handled safely; never a 500."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from stories.models import Contribution, StoryPage
from tests.stories.contributions.conftest import photo_upload

pytestmark = pytest.mark.django_db


def errors_of(response):
    return response.context["form"].errors


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_claiming(width, height):
    """A tiny PNG whose header claims huge dimensions (a pixel flood)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 10))
        + chunk(b"IEND", b"")
    )


def test_missing_required_consents_are_explained_and_nothing_is_lost(post_contribution):
    response = post_contribution(consent_publication=None, consent_guidelines=None)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Il reste quelque chose à corriger" in html
    assert "qu’avec votre accord" in html
    assert "Mon premier jour à Corbeil" in html  # the title typed is still there
    assert "quarante ans de métier" in html
    assert Contribution.objects.count() == 0


def test_media_without_the_consent_of_people_shown_is_refused(post_contribution):
    response = post_contribution(photo_1=photo_upload())

    assert "consent_people" in errors_of(response)
    assert "inutile de les choisir à nouveau" in response.content.decode()  # photo kept


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "dessin.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        ("page.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        ("archive.png", b"PK\x03\x04" + b"\0" * 100, "image/png"),
        ("vide.jpg", b"", "image/jpeg"),
        ("tronque.jpg", photo_upload().read()[:200], "image/jpeg"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
    ],
    ids=["svg", "html-renamed-jpg", "zip-renamed-png", "empty", "truncated-jpeg", "gif"],
)
def test_files_that_are_not_accepted_photos_are_refused(
    post_contribution, name, content, content_type
):
    response = post_contribution(photo_1=upload(name, content, content_type), consent_people="on")

    assert response.status_code == 400
    assert "photo_1" in errors_of(response)
    assert Contribution.objects.count() == 0


def test_a_polyglot_jpeg_with_a_script_after_it_is_reencoded_clean(
    post_contribution, django_capture_on_commit_callbacks
):
    polyglot = photo_upload().read() + b"<script>alert(1)</script>"

    post_contribution(photo_1=upload("poly.jpg", polyglot), consent_people="on")

    stored = Contribution.objects.get().images.get().file.read()
    assert b"<script>" not in stored


def test_a_pixel_flood_is_refused_before_decoding(post_contribution):
    response = post_contribution(
        photo_1=upload("flood.png", png_claiming(50_000, 50_000), "image/png"), consent_people="on"
    )

    assert "trop grande" in str(errors_of(response)["photo_1"])


def test_an_oversized_file_is_refused(post_contribution, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    response = post_contribution(photo_1=photo_upload(size=(800, 800)), consent_people="on")

    assert "pèse plus de" in str(errors_of(response)["photo_1"])


def test_gps_and_other_exif_data_are_stripped(post_contribution):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 0.0)}  # GPSInfo
    exif[0x010F] = "Appareil secret"  # Make

    post_contribution(photo_1=photo_upload(exif=exif), consent_people="on")

    stored = Contribution.objects.get().images.get()
    with Image.open(stored.file) as image:
        assert not image.getexif()
        assert "exif" not in image.info


@pytest.mark.parametrize("field", ["name", "title", "place", "years_at_company"])
def test_line_breaks_in_single_line_fields_are_refused(post_contribution, field):
    response = post_contribution(**{field: "Jeanne\r\nBcc: victime@example.org"})

    assert field in errors_of(response)


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\u2028"])
def test_control_characters_are_refused(post_contribution, character):
    story = (
        "Un récit assez long pour passer la limite minimale de longueur du texte."
        + character * 3
        + " fin."
    )

    response = post_contribution(story=story)

    assert "story" in errors_of(response)


def test_markup_and_script_are_shown_as_text_never_run(
    post_contribution, client, django_capture_on_commit_callbacks
):
    from wagtail.models import WorkflowState

    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    post_contribution(
        title=f"Titre {payload}"[:150],
        story=f"Un récit assez long pour passer la limite minimale de longueur. {payload}",
        place=payload,
    )
    page = StoryPage.objects.get()
    WorkflowState.objects.get(object_id=str(page.pk)).current_task_state.approve(user=None)

    html = client.get(page.url).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=abc",
        "https://evil.example.org/watch?v=abc",
        "javascript:alert(1)",
        "https://youtube.com.evil.org/x",
    ],
)
def test_only_https_links_to_allowed_video_hosts_are_accepted(post_contribution, url):
    response = post_contribution(video_url=url, consent_people="on")

    assert "video_url" in errors_of(response)


def test_an_allowed_video_link_is_kept(post_contribution):
    post_contribution(video_url="https://www.youtube.com/watch?v=abc123def45", consent_people="on")

    assert "youtube.com/watch?v=abc123def45" in str(StoryPage.objects.get().body.raw_data)


@pytest.mark.parametrize(
    ("start", "end"), [("1850", ""), ("2090", ""), ("1990", "1980"), ("abc", "")]
)
def test_years_outside_the_century_or_reversed_are_refused(post_contribution, start, end):
    response = post_contribution(year_start=start, year_end=end)

    assert response.status_code == 400
    assert {"year_start", "year_end"} & set(errors_of(response))


def test_a_story_too_short_or_too_long_is_refused(post_contribution):
    assert "story" in errors_of(post_contribution(story="Trop court."))
    assert "story" in errors_of(post_contribution(story="x" * 20_001))


def test_forged_hidden_fields_cannot_publish_directly(post_contribution):
    post_contribution(
        live="on", status="published", page="1", consent_social="on", kind="editorial"
    )

    contribution = Contribution.objects.get()
    assert contribution.status == "received"
    assert not contribution.page.live


def test_an_invalid_email_is_refused(post_contribution):
    assert "email" in errors_of(post_contribution(email="jeanne@"))
