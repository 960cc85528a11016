"""The public site runs under the strict policy; the admin, which needs inline code, under
its own looser one, and only there."""

import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_allow_no_inline_script_or_style(client, home):
    policy = client.get("/")["Content-Security-Policy"]

    assert "'unsafe-inline'" not in policy
    assert "default-src 'self'" in policy


def test_the_admin_gets_its_own_policy(client, home, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))

    policy = client.get("/admin/")["Content-Security-Policy"]

    assert "script-src 'self' 'unsafe-inline'" in policy


def test_the_admin_login_page_too(client, home):
    assert "'unsafe-inline'" in client.get("/admin/login/")["Content-Security-Policy"]
