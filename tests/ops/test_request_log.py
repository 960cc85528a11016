"""Structured request logs: one JSON line per request with its timing, no secret in it."""

import json
import logging
import os
import subprocess
import sys
import uuid

from django.conf import settings

import pytest

from centenaire.observability import JsonFormatter, loggable_path

MIDDLEWARE = ["centenaire.observability.RequestLogMiddleware", *settings.MIDDLEWARE]


@pytest.fixture
def logged(settings, caplog):
    settings.MIDDLEWARE = MIDDLEWARE
    caplog.set_level(logging.INFO, logger="centenaire.requests")
    return caplog


def entries(caplog):
    return [record.data for record in caplog.records if record.name == "centenaire.requests"]


@pytest.mark.django_db
def test_one_line_per_request_with_status_timing_and_queries(client, home, logged):
    response = client.get("/?q=secret@example.org&token=abc")

    (entry,) = entries(logged)
    assert entry["method"] == "GET"
    assert entry["path"] == "/"  # the query string never
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["queries"] >= 1
    assert entry["bytes"] == len(response.content)
    assert response["X-Request-ID"] == entry["request_id"]


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_and_a_forged_one_replaced(client, home, logged):
    client.get("/", headers={"X-Request-ID": "a1b2c3d4e5f6a7b8"})
    client.get("/", headers={"X-Request-ID": "bad id\nwith a line break"})

    first, second = entries(logged)
    assert first["request_id"] == "a1b2c3d4e5f6a7b8"
    assert second["request_id"] != "bad id\nwith a line break"
    assert len(second["request_id"]) == 32


@pytest.mark.django_db
def test_a_missing_page_is_logged_with_its_status(client, home, logged):
    client.get("/nulle-part/")

    assert entries(logged)[0]["status"] == 404


def test_private_tokens_never_reach_the_log():
    token = "Zx" * 16
    assert loggable_path(f"/contribuer/suivi/{token}/") == "/contribuer/suivi/…/"
    assert loggable_path(f"/contribuer/suivi/{token}/photo/3/") == "/contribuer/suivi/…/photo/3/"
    assert loggable_path("/admin/password_reset/confirm/MQ/abc-123/") == (
        "/admin/password_reset/confirm/…/…/"
    )
    assert loggable_path("/histoires/la-machine/") == "/histoires/la-machine/"


def test_the_formatter_writes_one_json_object_per_record():
    record = logging.LogRecord("centenaire.requests", logging.INFO, "", 0, "GET /", (), None)
    record.data = {"status": 200, "path": "/é"}

    line = JsonFormatter().format(record)

    assert "\n" not in line
    assert json.loads(line) | {"time": None} == {
        "time": None,
        "level": "INFO",
        "logger": "centenaire.requests",
        "message": "GET /",
        "status": 200,
        "path": "/é",
    }


SCRIPT = """
import django
django.setup()
from django.test import Client
Client().get("/robots.txt", headers={"X-Request-ID": "probe-%s"})
"""


def test_production_settings_log_requests_as_json_lines(tmp_path):
    probe = uuid.uuid4().hex
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "centenaire.settings.production",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "testserver",
        "SITE_BASE_URL": "http://testserver",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT % probe],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if probe in line]
    assert len(lines) == 1
    assert lines[0]["logger"] == "centenaire.requests"
    assert lines[0]["path"] == "/robots.txt"
    assert lines[0]["request_id"] == f"probe-{probe}"
    assert isinstance(lines[0]["duration_ms"], float)
