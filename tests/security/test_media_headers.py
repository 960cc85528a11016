"""Media answer as inert files: a sandboxing policy of their own rather than the site's,
no content sniffing, shown in place only when they are pictures, films or captions."""

from pathlib import Path

from django.conf import settings

import pytest

from tests.builders import make_image

pytestmark = pytest.mark.django_db


def stored(name, content):
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return name


def test_a_picture_is_shown_in_place_under_a_sandboxing_policy(client):
    image = make_image()

    response = client.get(image.file.url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")


def test_a_page_dropped_in_the_media_folder_is_downloaded_not_shown(client):
    name = stored("documents/piege.html", b"<script>alert(document.cookie)</script>")

    response = client.get(f"/media/{name}")

    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


def test_byte_ranges_carry_the_same_headers(client):
    name = stored("videos/essai.mp4", b"\x00" * 4096)

    response = client.get(f"/media/{name}", HTTP_RANGE="bytes=0-99")

    assert response.status_code == 206
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"] == 'inline; filename="essai.mp4"'
