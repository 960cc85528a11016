"""Django's half of the deployment behind nginx, without nginx: contribution media keep
their route when a web server serves /media/ (SERVE_MEDIA=false), and with
MEDIA_ACCEL_REDIRECT_PREFIX Django answers an allowed file with X-Accel-Redirect only."""

import importlib
from contextlib import contextmanager

from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches

import pytest

import centenaire.urls
from tests.deploy.seed import publish, seed

pytestmark = pytest.mark.django_db
PREFIX = "/_protected_media/"


@contextmanager
def media_served_by_a_web_server():
    """The URLs as they are with SERVE_MEDIA=false (they are read once, at start)."""
    try:
        with override_settings(SERVE_MEDIA=False, MEDIA_ACCEL_REDIRECT_PREFIX=PREFIX):
            importlib.reload(centenaire.urls)
            clear_url_caches()
            yield
    finally:
        importlib.reload(centenaire.urls)
        clear_url_caches()


@pytest.fixture
def content():
    return seed()


def test_published_contribution_media_keep_their_route_behind_a_web_server(client, content):
    name = content["pending"]
    with media_served_by_a_web_server():
        pending = client.get(f"/media/{name}")
        publish(content["story"])
        published = client.get(f"/media/{name}")
        public = client.get(f"/media/{content['public']}")

    assert pending.status_code == 404
    assert "X-Accel-Redirect" not in pending
    assert published.status_code == 200
    assert published["X-Accel-Redirect"] == f"{PREFIX}{name}"
    assert published["Content-Type"] == "image/jpeg"
    assert published.content == b""
    # Public media are the web server's: Django no longer answers for them.
    assert public.status_code == 404


def test_without_the_prefix_django_sends_the_bytes_itself(client, content):
    name = content["pending"]
    publish(content["story"])

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    assert b"".join(response) == (settings.MEDIA_ROOT / name).read_bytes()


@override_settings(MEDIA_ACCEL_REDIRECT_PREFIX=PREFIX)
def test_the_redirect_names_the_file_the_path_resolves_to(client, content):
    name = content["pending"]
    publish(content["story"])

    assert client.get(f"/media/{name}")["X-Accel-Redirect"] == f"{PREFIX}{name}"
    for spelling in (f"/media//{name}", f"/media/./{name}", f"/media/x/../{name}"):
        response = client.get(spelling)
        assert response.status_code == 404, spelling
        assert "X-Accel-Redirect" not in response, spelling
