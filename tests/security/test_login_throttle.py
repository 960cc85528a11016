"""Logins are throttled (django-axes): failures for one user name from one address lock that
pair out for a while, on Wagtail's admin and on /django-admin/ alike."""

from django.test import RequestFactory

import pytest

from stories.client_address import client_address, client_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editrice", "editrice@example.org", "le-bon-mot-de-passe", is_staff=True
    )


def attempt(client, url, password, address="203.0.113.7"):
    return client.post(url, {"username": "editrice", "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/"])
def test_repeated_failures_lock_the_login_even_with_the_right_password(
    client, editor, url, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, url, "mauvais")

    response = attempt(client, url, "le-bon-mot-de-passe")

    assert response.status_code == 429
    assert "Connexion suspendue" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_colleague_at_another_address_can_still_log_in(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "/admin/login/", "mauvais")

    response = attempt(client, "/admin/login/", "le-bon-mot-de-passe", address="198.51.100.9")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_few_typos_do_not_lock_anyone_out(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "/admin/login/", "mauvais")

    assert attempt(client, "/admin/login/", "le-bon-mot-de-passe").status_code == 302


def request_from(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_behind_one_proxy_the_rightmost_forwarded_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    spoofed = request_from("127.0.0.1", "6.6.6.6, 203.0.113.7")

    assert client_address(spoofed) == "203.0.113.7"
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"


def test_behind_two_proxies_the_second_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    request = request_from("10.0.0.2", "6.6.6.6, 203.0.113.7, 10.0.0.1")

    assert client_address(request) == "203.0.113.7"


def test_ipv6_clients_are_counted_by_their_64_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    first = client_network(request_from("2001:db8:1:2:aaaa::1"))
    second = client_network(request_from("2001:db8:1:2:bbbb::9"))
    other = client_network(request_from("2001:db8:1:3::1"))

    assert first == second == "2001:db8:1:2::/64"
    assert other != first
    assert client_network(request_from("::ffff:203.0.113.7")) == "203.0.113.7"
    assert client_network(request_from("203.0.113.7")) == "203.0.113.7"
