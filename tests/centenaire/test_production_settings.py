"""Production settings: secrets from the environment, deploy checks clean, shared cache."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings

import pytest

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "centenaire.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + uuid.uuid4().hex + "x" * 20,
    "ALLOWED_HOSTS": "centenaire.example.org",
    "SITE_BASE_URL": "https://centenaire.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env):
    unwanted = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, **env},
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_its_public_address():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_BASE_URL"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_BASE_URL must be set" in result.stderr


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("centenaire.example.org", "is not an http:// or https:// address"),
        ("https://centenaire.example.org/histoires", "with nothing after"),
        ("https://centenaire.example.org:8443", "https on port 443 only"),
    ],
)
def test_production_refuses_a_public_address_links_cannot_be_built_on(address, why):
    result = manage("check", env={**PRODUCTION_ENV, "SITE_BASE_URL": address})

    assert result.returncode != 0
    assert why in result.stderr


def test_production_links_and_the_admins_follow_the_public_address():
    code = (
        "from django.conf import settings; "
        "print(settings.SITE_BASE_URL, settings.WAGTAILADMIN_BASE_URL)"
    )
    env = {**PRODUCTION_ENV, "SITE_BASE_URL": "https://centenaire.example.org/"}

    result = manage("shell", "-c", code, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["https://centenaire.example.org"] * 2


def test_deploy_checks_are_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def redis_url():
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable():
    import redis

    try:
        return redis.Redis.from_url(redis_url(), socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


def test_production_cache_and_sessions_live_in_redis():
    if not redis_reachable():
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(f"Redis is not reachable at {redis_url()}")
        pytest.skip("Redis is not running here (CI starts it and sets REQUIRE_SERVICES)")
    key = f"probe-{uuid.uuid4().hex}"
    code = (
        "from django.core.cache import caches; from django.conf import settings; "
        f"caches['default'].set('{key}', 'ok', 30); "
        "print(settings.SESSION_ENGINE, type(caches['default']).__name__)"
    )
    result = manage("shell", "-c", code, env={**PRODUCTION_ENV, "REDIS_URL": redis_url()})

    assert result.returncode == 0, result.stderr
    assert "django.contrib.sessions.backends.cache RedisCache" in result.stdout
    import redis

    stored = redis.Redis.from_url(redis_url()).keys(f"centenaire:*{key}")
    assert stored, "the value was not written to Redis"
