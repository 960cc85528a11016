"""The same private-media rule through a real gunicorn with production settings: raw request
lines, byte for byte, as a black-box tester sends them (nothing normalises them on the way)."""

import pytest

from tests.security.test_private_media_paths import spellings

# The server reads the test run's database: make sure the run creates it.
pytestmark = pytest.mark.django_db

PENDING = {
    "contributions/originals/attente.jpg": b"\xff\xd8PENDING-PHOTO-SECRET",
    "contributions/renditions/attente.fill-120x80.jpg": b"\xff\xd8PENDING-RENDITION",
    "contributions/videos/attente.mp4": b"\0\0\0\x18ftypPENDING-VIDEO-SECRET",
    "contributions/videos/posters/attente.jpg": b"\xff\xd8PENDING-POSTER-SECRET",
    "contributions/videos/captions/attente.vtt": b"WEBVTT\n\nPENDING-CAPTIONS",
}
PUBLIC = {"original_images/publique.jpg": b"\xff\xd8PUBLIC-PHOTO"}


@pytest.fixture(scope="module")
def media(gunicorn):
    for name, content in {**PENDING, **PUBLIC}.items():
        target = gunicorn.media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (gunicorn.media_root / "lien").symlink_to(gunicorn.media_root / "contributions")
    return gunicorn


def test_gunicorn_serves_public_media(media):
    response = media.get("/media/original_images/publique.jpg")

    assert response.status == 200
    assert response.body == PUBLIC["original_images/publique.jpg"]


@pytest.mark.parametrize("name", list(PENDING))
def test_gunicorn_never_serves_pending_media_whatever_the_spelling(media, name):
    rest = name.removeprefix("contributions/")
    urls = [f"/media/{name}", *spellings(name), f"/media/lien/{rest}", f"/media/a/..%2f{name}"]

    for url in urls:
        response = media.get(url)
        assert response.status in (400, 404), url
        assert PENDING[name] not in response.body, url


@pytest.mark.parametrize(
    "header",
    ["bytes=" + "9" * 5000 + "-", "bytes=0-" + "9" * 5000, "bytes=-" + "1" * 5000, "bytes=0-1,2-3"],
)
def test_gunicorn_answers_an_absurd_range_with_416(media, header):
    response = media.get("/media/original_images/publique.jpg", headers=[("Range", header)])

    assert response.status == 416
