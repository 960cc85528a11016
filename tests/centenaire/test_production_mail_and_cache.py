"""Production settings that say what they do: any e-mail backend works (the SMTP options
go to SMTP only, with a short time-out); without Redis the cache is a file cache shared by
the processes of one machine; uploads stream into the project's own temporary folder."""

import json
import subprocess
import sys

import pytest

from tests.centenaire.test_production_settings import PRODUCTION_ENV, ROOT, manage

SEND = (
    "from django.core.mail import send_mail; "
    "print(send_mail('Sujet', 'Corps', 'centenaire@example.org', ['a@example.org']))"
)


@pytest.mark.parametrize("backend", ["console", "locmem", "filebased"])
def test_every_email_backend_sends_with_production_settings(backend, tmp_path):
    env = {
        **PRODUCTION_ENV,
        "EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
        "EMAIL_HOST": "smtp.example.org",  # set, and ignored by these backends
    }

    result = manage("shell", "-c", SEND, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("1")
    if backend == "filebased":
        (written,) = tmp_path.iterdir()
        assert "Sujet" in written.read_text()


def production_value(code, **env):
    result = manage("shell", "-c", f"import json; {code}", env={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_smtp_gets_its_options_and_a_short_timeout():
    mailers = production_value(
        "from django.conf import settings; print(json.dumps(settings.MAILERS))",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
    )

    default = mailers["default"]
    assert default["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert default["OPTIONS"]["host"] == "smtp.example.org"
    assert default["OPTIONS"]["port"] == 587
    assert default["OPTIONS"]["use_tls"] is True
    assert default["OPTIONS"]["timeout"] == 10


def test_without_redis_the_cache_is_a_file_cache_shared_by_the_machine(tmp_path):
    cache = production_value(
        "from django.conf import settings; print(json.dumps(settings.CACHES['default']))",
        CACHE_DIR=str(tmp_path / "cache"),
    )

    assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert cache["LOCATION"] == str(tmp_path / "cache")


def test_the_upload_folder_is_created_at_start_up(tmp_path):
    folder = tmp_path / "uploads"

    value = production_value(
        "from django.conf import settings; print(json.dumps(settings.FILE_UPLOAD_TEMP_DIR))",
        UPLOAD_TEMP_DIR=str(folder),
    )

    assert value == str(folder)
    assert folder.is_dir()


def test_gunicorn_defaults_are_the_ones_its_comments_state():
    code = (
        "import json, runpy; c = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps({k: c[k] for k in ('bind', 'workers', 'threads', 'timeout')}))"
    )
    clean = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=clean
    )

    assert json.loads(result.stdout) == {
        "bind": "0.0.0.0:8000",
        "workers": 4,
        "threads": 2,
        "timeout": 60,
    }
