"""Fault injection: a worker SIGKILLed at chosen points of a contribution's life loses
nothing and leaves nothing behind.

Each point gets a fresh database (SQLite, or PostgreSQL when the suite runs on it: CI runs
both) copied from one migrated with `manage.py migrate`, its own media and mail folders, and
gunicorn (one sync worker, production settings plus tests/crash/settings.py) on loopback.
The harness posts a contribution with a photo; the kill point kills the worker once; gunicorn
starts a new one; the contributor sends the same form again, as a browser does. Then the
periodic work runs — `check_media --delete --grace 0`, `requeue_stale_tasks`, `db_worker
--batch` — and the invariants hold: one contribution, with its page, its photo and exactly
one acknowledgement and one moderator notice; every file under media/contributions has its
row; no task failed or left pending; nothing needs resending.

Select them with `pytest -m crash`.
"""

import email
import http.client
import io
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

import dj_database_url
import pytest
from PIL import Image

from tests.stories.contributions.conftest import valid_data

pytestmark = pytest.mark.crash

ROOT = Path(settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent
CONTRIBUTOR, MODERATOR = "jeanne@example.org", "mod@example.org"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_environment():
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST_", "REDIS_", "CRASH_"))
    }


def base_environment(folder, database_url):
    for name in ("media", "mail", "markers", "uploads", "cache"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    return {
        **clean_environment(),
        "DJANGO_SETTINGS_MODULE": "tests.crash.settings",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 3,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "UPLOAD_TEMP_DIR": str(folder / "uploads"),
        "CACHE_DIR": str(folder / "cache"),
        "CRASH_MAIL_DIR": str(folder / "mail"),
        "CRASH_MARKER_DIR": str(folder / "markers"),
        "CONTRIBUTION_NETWORK_LIMIT": "1000",
        "LOG_LEVEL": "WARNING",
    }


def run(arguments, env, seconds=180, check=True):
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{arguments} failed:\n{result.stdout}\n{result.stderr}")
    return result


# --- databases: one migrated template, a fresh copy per kill point ----------------------


class SQLiteDatabases:
    def __init__(self, folder):
        self.folder = folder
        self.template = folder / "template.sqlite3"

    def template_url(self):
        return f"sqlite:///{self.template}"

    def seal_template(self):
        with sqlite3.connect(self.template) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def fresh(self, name):
        target = self.folder / f"{name}.sqlite3"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"

    def drop_all(self):
        pass


class PostgresDatabases:
    """Databases on the server the suite runs on, made with CREATE DATABASE … TEMPLATE."""

    def __init__(self, folder):
        self.server = dj_database_url.parse(os.environ["DATABASE_URL"])
        self.prefix = f"crash_{uuid.uuid4().hex[:8]}"
        self.names = []

    def admin(self, sql):
        import psycopg

        with psycopg.connect(
            host=self.server["HOST"] or "127.0.0.1",
            port=self.server["PORT"] or 5432,
            user=self.server["USER"],
            password=self.server["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(sql)

    def url(self, name):
        password = f":{self.server['PASSWORD']}" if self.server["PASSWORD"] else ""
        host = self.server["HOST"] or "127.0.0.1"
        port = self.server["PORT"] or 5432
        return f"postgres://{self.server['USER']}{password}@{host}:{port}/{name}"

    def template_url(self):
        name = f"{self.prefix}_template"
        self.admin(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return self.url(name)

    def seal_template(self):
        pass

    def fresh(self, point):
        name = f"{self.prefix}_{point}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.prefix}_template"')
        self.names.append(name)
        return self.url(name)

    def drop_all(self):
        for name in reversed(self.names):
            self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    on_postgres = connection.vendor == "postgresql" and os.environ.get("DATABASE_URL")
    made = PostgresDatabases(folder) if on_postgres else SQLiteDatabases(folder)
    env = base_environment(folder / "template", made.template_url())
    run(["manage.py", "migrate", "--noinput"], env, seconds=600)
    run(["-m", "tests.crash.seed"], env)
    made.seal_template()
    yield made
    made.drop_all()


# --- one run: gunicorn and the periodic commands on one fresh database -------------------


class Site:
    def __init__(self, folder, database_url, point):
        self.folder = folder
        self.env = {**base_environment(folder, database_url), "CRASH_POINT": point}
        self.port = free_port()
        self.gunicorn = None

    def manage(self, *arguments, check=True):
        return run(["manage.py", *arguments], self.env, check=check)

    def facts(self):
        import json

        return json.loads(run(["-m", "tests.crash.facts"], self.env).stdout.splitlines()[-1])

    def start(self):
        self.log = open(self.folder / "gunicorn.log", "wb")  # noqa: SIM115 (closed in stop)
        self.gunicorn = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "centenaire.wsgi",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "1",  # a sync worker
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_serving()

    def wait_until_serving(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/contribuer/")[0] == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.3)
        raise AssertionError((self.folder / "gunicorn.log").read_text(errors="replace"))

    def stop(self):
        if self.gunicorn is not None and self.gunicorn.poll() is None:
            self.gunicorn.send_signal(signal.SIGTERM)
            try:
                self.gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.gunicorn.kill()
                self.gunicorn.wait()
        if self.gunicorn is not None:
            self.log.close()

    def request(self, method, path, body=None, headers=None):
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            client.request(method, path, body=body, headers=headers or {})
            response = client.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            client.close()

    def contribution_form(self):
        """What a browser sends: the fields, a photo, the page's CSRF and form tokens."""
        status, headers, html = self.request("GET", "/contribuer/")
        assert status == 200
        html = html.decode()
        cookie = next(
            value.split(";")[0]
            for name, value in headers
            if name.lower() == "set-cookie" and value.startswith("csrftoken=")
        )
        fields = valid_data(
            form_token=hidden(html, "form_token"),
            csrfmiddlewaretoken=hidden(html, "csrfmiddlewaretoken"),
            consent_people="on",
            caption_1="Devant l’usine",
        )
        body, content_type = multipart(fields, {"photo_1": ("usine.jpg", photo_bytes())})
        return body, {"Content-Type": content_type, "Cookie": cookie}

    def post(self, form):
        """The status, or None when the worker died under the request."""
        body, headers = form
        try:
            return self.request("POST", "/contribuer/", body=body, headers=headers)[0]
        except (http.client.HTTPException, ConnectionError):
            return None


def hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def photo_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def mails_to(folder):
    recipients = []
    for path in sorted((folder / "mail").iterdir()):
        recipients.append(email.message_from_bytes(path.read_bytes())["To"])
    return recipients


@pytest.fixture
def site(databases, tmp_path, request):
    point = request.param
    made = Site(tmp_path, databases.fresh(point), point)
    made.start()
    yield made
    made.stop()


# --- the kill points -------------------------------------------------------------------


def crash_after_the_files(site):
    form = site.contribution_form()
    assert site.post(form) is None  # killed with the photo on disk, before the commit
    site.wait_until_serving()  # gunicorn started a new worker
    facts = site.facts()
    assert facts["contributions"] == []
    assert len(facts["files_without_row"]) == 1  # what check_media is for
    assert site.post(form) == 303  # the same form sent again is saved


def crash_right_after_the_commit(site):
    form = site.contribution_form()
    assert site.post(form) is None  # killed before any after-commit hook ran
    site.wait_until_serving()
    facts = site.facts()
    (contribution,) = facts["contributions"]
    queued = {(task["task"], tuple(task["args"])) for task in facts["tasks"]}
    # Queued with the contribution, in its transaction: nothing waited for the hook. The
    # review, killed before it started, starts from the queue and tells the moderators then.
    assert ("send_acknowledgement", (contribution["pk"],)) in queued
    assert ("begin_review", (contribution["pk"],)) in queued
    assert site.post(form) == 303  # sent again: the nonce finds it, no second story
    assert len(site.facts()["contributions"]) == 1


def crash_during_the_email(site):
    form = site.contribution_form()
    assert site.post(form) == 303
    worker = site.manage("db_worker", "--batch", "--no-startup-delay", check=False)
    assert worker.returncode == -signal.SIGKILL  # the task worker died while sending
    assert any(task["status"] == "RUNNING" for task in site.facts()["tasks"])
    site.manage("requeue_stale_tasks", "--older-than", "0")


SCENARIOS = {
    "files": crash_after_the_files,
    "commit": crash_right_after_the_commit,
    "email": crash_during_the_email,
}


@pytest.mark.parametrize("site", list(SCENARIOS), indirect=True)
def test_a_killed_worker_loses_nothing_and_leaves_nothing_behind(site):
    SCENARIOS[site.env["CRASH_POINT"]](site)

    site.manage("check_media", "--delete", "--grace", "0")
    site.manage("db_worker", "--batch", "--no-startup-delay")

    facts = site.facts()
    (contribution,) = facts["contributions"]
    assert contribution["page"]
    assert contribution["images"] and contribution["files_exist"]
    assert contribution["acknowledgement"] == "sent"
    assert facts["files_without_row"] == []
    assert {task["status"] for task in facts["tasks"]} == {"SUCCESSFUL"}
    recipients = mails_to(site.folder)
    assert recipients.count(CONTRIBUTOR) == 1  # the acknowledgement, once
    assert recipients.count(MODERATOR) == 1  # the moderators' notice, once
