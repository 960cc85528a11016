"""The edge cache: Debian's Varnish with deploy/varnish/centenaire.vcl on loopback, in front of
the live test server. A page is served from Varnish the second time; publishing a change in
the story purges it there (wagtail.contrib.frontend_cache, HTTP backend), and the list too."""

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Site

import pytest

from stories.models import ContributionPage
from tests.builders import make_story, make_story_index
from tests.deploy.stack import free_port, request

VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "centenaire.vcl"


def varnishd_binary():
    return shutil.which("varnishd") or next(
        (path for path in ("/usr/sbin/varnishd",) if os.path.exists(path)), None
    )


# Skipped at collection, before any database is set up: a transactional test skipped from a
# fixture leaves rows that a later serialized-rollback test expects to find gone.
pytestmark = pytest.mark.skipif(
    varnishd_binary() is None and not os.environ.get("REQUIRE_SERVICES"),
    reason="Varnish is not installed (make test installs it where apt-get is allowed)",
)


@pytest.fixture
def binary():
    found = varnishd_binary()
    if found is None:
        pytest.fail("Varnish is not installed (make test installs it: scripts/ensure-varnish)")
    return found


@pytest.fixture
def varnish(binary, live_server):
    folder = Path(tempfile.mkdtemp(prefix="centenaire-varnish-"))
    folder.chmod(0o755)
    backend_port = urlsplit(live_server.url).port
    vcl = folder / "centenaire.vcl"
    text = VCL.read_text()
    assert '.port = "8000";' in text
    vcl.write_text(text.replace('.port = "8000";', f'.port = "{backend_port}";'))
    vcl.chmod(0o644)
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "-F",
            "-j",
            "none",
            "-n",
            str(folder / "state"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)


def wait_for(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stdout.read().decode())
        try:
            request(port, "GET", "/robots.txt", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("varnishd did not answer")


@pytest.fixture
def edge(varnish, settings, home):
    """The site as readers reach it: through Varnish, which Wagtail purges."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{varnish}",
        }
    }
    # Readers ask Varnish for http://127.0.0.1/ (stack.request's Host): the site's address.
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", 80
    site.save()  # saved, not updated: Wagtail forgets the addresses it cached
    return varnish


def get(port, path, headers=()):
    return request(port, "GET", path, headers=headers)


def fetched_twice(port, path):
    first, second = get(port, path), get(port, path)
    assert (first.status, second.status) == (200, 200)
    return first, second


@pytest.mark.django_db(transaction=True)
def test_varnish_serves_the_page_again_and_forgets_it_when_the_story_changes(edge, home):
    index = make_story_index(home)
    story = make_story(index, title="Version une", slug=f"histoire-{uuid.uuid4().hex[:6]}")
    path = story.url

    first, second = fetched_twice(edge, path)
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("MISS", "HIT")
    assert len(second.headers["x-varnish"].split()) == 2  # this request's id and the stored one
    assert "age" in second.headers
    assert "Version une" in second.body.decode()
    listed = fetched_twice(edge, index.url)[1]
    assert listed.headers["x-cache"] == "HIT" and "Version une" in listed.body.decode()
    filtered = fetched_twice(edge, f"{index.url}?page=1")[1]
    assert filtered.headers["x-cache"] == "HIT"

    story.title = "Version deux"
    story.save_revision().publish()

    after = get(edge, path)
    assert after.headers["x-cache"] == "MISS"
    assert "Version deux" in after.body.decode()
    for url in (index.url, f"{index.url}?page=1"):
        page = get(edge, url)
        assert page.headers["x-cache"] == "MISS"
        assert "Version deux" in page.body.decode()


@pytest.mark.django_db(transaction=True)
def test_varnish_never_keeps_the_form_nor_a_logged_in_page(edge, home):
    make_story_index(home)
    form = home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
    form.save_revision().publish()

    first, second = fetched_twice(edge, form.url)
    assert second.headers["x-cache"] == "MISS"
    assert "csrftoken" in second.headers["set-cookie"]
    assert "csrftoken" in first.headers["set-cookie"]

    get(edge, "/")  # stored for anonymous readers
    personal = get(edge, "/", headers=[("Cookie", "sessionid=abc")])
    assert personal.headers["x-cache"] == "MISS"
    assert "private" in personal.headers["cache-control"]
