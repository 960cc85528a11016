"""Two web nodes, one site: two gunicorn processes with production settings on different
ports, sharing a PostgreSQL database of their own, Redis (cache and sessions, db 11) and an
S3-compatible bucket (moto's server on loopback), with nothing on either node's disk.

A contribution posted to node A through the real form is in node B's inbox; the per-address
limit counts across both nodes; a moderator logged in on B (the session lives in Redis)
approves it there, and A serves the story and its photo at once; B unpublishes it and A
stops serving both; the scheduler's purge and a worker, run once, erase a refused one everywhere.
"""

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing

import pytest

from stories.contributions.abuse import SALT
from tests.ops.s3 import S3Server
from tests.ops.servers import Gunicorn, production_environment
from tests.stories.contributions.conftest import valid_data

requests = pytest.importorskip("requests")
psycopg = pytest.importorskip("psycopg")
redis = pytest.importorskip("redis")

ROOT = Path(settings.BASE_DIR)
POSTGRES = os.environ.get("TWO_NODES_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("TWO_NODES_REDIS", "redis://127.0.0.1:6379/11")
SECRET_KEY = "two-nodes-" + uuid.uuid4().hex * 2
PASSWORD = "motdepasse-long-42"


def forget_cache():
    """The nodes' keys (production's KEY_PREFIX) in the Redis database of this test."""
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter("centenaire:*"):
        client.delete(key)


def services_missing():
    try:
        with psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3):
            pass
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as error:
        return f"PostgreSQL or Redis unreachable: {error!r}"
    return None


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    missing = services_missing()
    if missing:
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(missing)
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("two-nodes")
    forget_cache()
    (folder / "static").mkdir()
    database = f"h_two_nodes_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {database}")
    nodes = []
    with S3Server() as s3:
        bucket = s3.new_bucket()
        env = production_environment(
            **s3.environment(bucket),
            DJANGO_SECRET_KEY=SECRET_KEY,
            DATABASE_URL=f"{POSTGRES}/{database}",
            REDIS_URL=REDIS_URL,
            # No disk of their own: a media folder that is not there would fail any write.
            MEDIA_ROOT=str(folder / "no-media-here"),
            STATIC_ROOT=str(folder / "static"),
            CONTRIBUTION_RATE_LIMIT="2",
        )
        try:
            manage(env, "migrate", "--noinput")
            manage(env, "collectstatic", "--noinput")  # the image does it at build time
            seeded = json.loads(
                run(env, [sys.executable, "-m", "tests.ops.two_nodes_seed"]).splitlines()[-1]
            )
            nodes = [
                Gunicorn(env, folder / f"{name}.log", WEB_CONCURRENCY="1", GUNICORN_THREADS="2")
                for name in ("a", "b")
            ]
            for node in nodes:
                node.wait()
            yield {
                "a": nodes[0],
                "b": nodes[1],
                "env": env,
                "s3": s3,
                "bucket": bucket,
                "database": f"{POSTGRES}/{database}",
                "contribute": "/" + seeded["contribute"],
            }
        finally:
            for node in nodes:
                node.stop()
            with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            forget_cache()
    assert not (folder / "no-media-here").exists()


def run(env, command):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    return result.stdout


def manage(env, *arguments):
    return run(env, [sys.executable, "manage.py", *arguments])


def sql(cluster, query, *params):
    with psycopg.connect(cluster["database"]) as db:
        return db.execute(query, params).fetchall()


def photo():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


class Browser(requests.Session):
    """A browser on plain http: production marks its cookies Secure (they would be kept
    to https), so here they go back over loopback's http as they would over https."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", 60)
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def contribute(cluster, node, title, email="jeanne@example.org"):
    """The form as a browser sends it: shown (CSRF cookie), then posted with its photo. The
    form's signed token says it was shown a minute ago (as tests/stories/contributions do)."""
    browser = Browser()
    page = browser.get(node.url + cluster["contribute"], timeout=30)
    assert page.status_code == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    token = signing.dumps(
        {"t": int(time.time()) - 60, "n": uuid.uuid4().hex}, key=SECRET_KEY, salt=SALT
    )
    data = valid_data(
        csrfmiddlewaretoken=csrf,
        title=title,
        email=email,
        form_token=token,
        consent_people="on",
        caption_1="Devant l’usine",
    )
    files = {"photo_1": ("photo.jpg", photo(), "image/jpeg")}
    return browser.post(
        node.url + cluster["contribute"],
        data=data,
        files=files,
        headers={"Referer": node.url + cluster["contribute"]},
        allow_redirects=False,
        timeout=60,
    )


def errors_in(html):
    return re.findall(r"(?:error|erreur)[^>]*>\s*([^<]{3,200})", html)


def moderator_on(node):
    browser = Browser()
    login = browser.get(f"{node.url}/admin/login/", timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    answer = browser.post(
        f"{node.url}/admin/login/",
        data={"csrfmiddlewaretoken": csrf, "username": "moderatrice", "password": PASSWORD},
        headers={"Referer": f"{node.url}/admin/login/"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text[:500]
    return browser


def post_admin(browser, node, path, data=None):
    page = browser.get(f"{node.url}/admin/", timeout=30)
    csrf = browser.cookies.get("csrftoken") or re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text
    ).group(1)
    return browser.post(
        node.url + path,
        data={"csrfmiddlewaretoken": csrf, **(data or {})},
        headers={"Referer": node.url + path, "X-CSRFToken": csrf},
        allow_redirects=False,
        timeout=60,
    )


def contribution(cluster, title):
    (row,) = sql(
        cluster,
        "SELECT c.id, c.page_id, c.status, p.url_path FROM stories_contribution c "
        "JOIN wagtailcore_page p ON p.id = c.page_id WHERE p.title = %s",
        title,
    )
    return dict(zip(("id", "page_id", "status", "url_path"), row, strict=True))


def photo_of(cluster, page_id):
    (row,) = sql(
        cluster,
        "SELECT i.file FROM stories_centenaryimage i "
        "JOIN stories_contribution_images ci ON ci.centenaryimage_id = i.id "
        "JOIN stories_contribution c ON c.id = ci.contribution_id WHERE c.page_id = %s",
        page_id,
    )
    return row[0]


def workflow_action(browser, cluster, node, page_id, action, comment=""):
    ((state_id,),) = sql(
        cluster,
        "SELECT current_task_state_id FROM wagtailcore_workflowstate "
        "WHERE object_id = %s AND status = 'in_progress'",
        str(page_id),
    )
    path = f"/admin/pages/workflow/action/{page_id}/{action}/{state_id}/"
    return post_admin(browser, node, path, {"comment": comment})


def test_two_nodes_share_contributions_limits_moderation_and_purge(cluster):
    a, b, s3 = cluster["a"], cluster["b"], cluster["s3"]

    # Posted to A, kept once, its photo in the bucket, not on any disk.
    sent = contribute(cluster, a, "Mon premier jour à Corbeil")
    assert sent.status_code == 303, errors_in(sent.text)
    first = contribution(cluster, "Mon premier jour à Corbeil")
    name = photo_of(cluster, first["page_id"])
    keys = [o["Key"] for o in s3.client().list_objects_v2(Bucket=cluster["bucket"])["Contents"]]
    assert name in keys

    # In B's inbox, for a moderator whose session (in Redis) also holds on A.
    moderator = moderator_on(b)
    inbox = moderator.get(f"{b.url}/admin/stories/contribution/", timeout=30)
    assert inbox.status_code == 200
    assert "Mon premier jour à Corbeil" in inbox.text
    assert moderator.get(f"{a.url}/admin/stories/contribution/", timeout=30).status_code == 200

    # The per-address limit (2 an hour) counts on both nodes together.
    assert contribute(cluster, b, "Le second récit").status_code == 303
    refused = contribute(cluster, a, "Un troisième récit")
    assert refused.status_code == 429
    assert "Un troisième récit" in refused.text  # what was typed comes back
    assert sql(cluster, "SELECT count(*) FROM stories_contribution") == [(2,)]

    # Readers see neither the story nor its photo yet, on either node.
    story_path = "/" + first["url_path"].split("/", 2)[2]
    for node in (a, b):
        assert requests.get(node.url + story_path, timeout=30).status_code == 404
        assert requests.get(f"{node.url}/media/{name}", timeout=30).status_code == 404

    # Approved on B: A serves the story and redirects its photo to the bucket at once.
    answer = workflow_action(moderator, cluster, b, first["page_id"], "approve")
    assert answer.status_code in (200, 302), answer.text[:500]
    assert contribution(cluster, "Mon premier jour à Corbeil")["status"] == "published"
    assert requests.get(a.url + story_path, timeout=30).status_code == 200
    photo_answer = requests.get(f"{a.url}/media/{name}", allow_redirects=False, timeout=30)
    assert photo_answer.status_code == 302
    assert requests.get(photo_answer.headers["Location"], timeout=30).content[:2] == b"\xff\xd8"

    # Unpublished on B: A stops serving both (its cached page included).
    answer = post_admin(moderator, b, f"/admin/pages/{first['page_id']}/unpublish/")
    assert answer.status_code == 302, answer.text[:500]
    assert requests.get(a.url + story_path, timeout=30).status_code == 404
    assert requests.get(f"{a.url}/media/{name}", timeout=30).status_code == 404

    # Refused on B, then erased by the scheduler's purge: gone from A and from the bucket.
    second = contribution(cluster, "Le second récit")
    second_photo = photo_of(cluster, second["page_id"])
    answer = workflow_action(moderator, cluster, b, second["page_id"], "refuse", "Hors sujet.")
    assert answer.status_code in (200, 302), answer.text[:500]
    manage(cluster["env"], "purge_contributions", "--days", "0")
    # Files go after commit, through the task queue: a worker (docker-compose's `worker`)
    # takes the queue, here once to the end.
    manage(cluster["env"], "db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    assert sql(cluster, "SELECT status FROM stories_contribution WHERE id = %s", second["id"]) == [
        ("erased",)
    ]
    assert requests.get(f"{a.url}/media/{second_photo}", timeout=30).status_code == 404
    keys = [o["Key"] for o in s3.client().list_objects_v2(Bucket=cluster["bucket"])["Contents"]]
    assert second_photo not in keys
    inbox = moderator.get(f"{a.url}/admin/stories/contribution/", timeout=30).text
    assert "Le second récit" not in inbox
