"""The documented deployment holds: nginx (deploy/nginx/centenaire.conf) in front of gunicorn
with production settings, both on loopback.

nginx reads every request whole before gunicorn sees it, refuses oversized bodies and an
address over its connection limit (with French pages, Django's own 429 passing), drops
stalled clients, serves static files and public media itself with cache headers, and sends
contribution media only after Django has allowed them (X-Accel-Redirect).
"""

import contextlib
import os
import re
import socket
import subprocess
import threading
import time
import uuid
from urllib.parse import urlencode

import pytest

from tests.deploy.stack import (
    ACCEL_PREFIX,
    CLIENT_TIMEOUT,
    Response,
    Stack,
    free_port,
    migrated_sqlite,
    nginx_binary,
    request,
)
from tests.security.test_private_media_paths import spellings

MIB = 1024 * 1024
NETWORK_LIMIT = 60  # CONTRIBUTION_NETWORK_LIMIT's default: the stack's gunicorn keeps it


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    if nginx_binary() is None:
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("nginx is not installed (make test installs it: scripts/ensure-nginx)")
        pytest.skip("nginx is not installed (make test installs it where apt-get is allowed)")
    running = Stack()
    try:
        with django_db_blocker.unblock():
            running.content = running.prepare(migrated_sqlite)
        running.start()
        yield running
    finally:
        running.stop()


def file_bytes(stack, name):
    return (stack.media_root / name).read_bytes()


# --- request bodies ---------------------------------------------------------------------


def test_the_body_limit_lets_a_whole_contribution_through(stack):
    limit = re.search(r"client_max_body_size (\d+)m;", stack.conf.read_text())
    assert int(limit.group(1)) * MIB >= 500 * MIB + 5 * 15 * MIB


def test_a_body_over_the_limit_is_refused_by_nginx_before_gunicorn(stack):
    probe = uuid.uuid4().hex
    with socket.create_connection(("127.0.0.1", stack.nginx_port), timeout=10) as sock:
        sock.sendall(
            (
                f"POST /contribuer/?sonde={probe} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {700 * MIB}\r\nConnection: close\r\n\r\n"
            ).encode()
            + b"--x\r\n"
        )
        started = time.monotonic()
        response = read_until_body_ends(sock)

    assert response.status == 413
    assert time.monotonic() - started < 5
    assert not stack.gunicorn_saw(probe)
    # Not nginx's English default: the site's own page, in French.
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.body.decode()
    assert '<html lang="fr">' in page
    assert "Ce fichier est trop volumineux" in page
    assert "nginx" not in page


def read_until_body_ends(sock):
    """One response, read up to the end of its body (Content-Length), without waiting for
    nginx to close a connection whose request body it refused."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536) or b""
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {n.strip().lower(): v.strip() for n, _, v in (x.partition(":") for x in lines)}
    while len(body) < int(headers["content-length"]):
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return Response(int(status_line.split()[1]), headers, body)


@contextlib.contextmanager
def another_nginx(stack, upstream_port, changes):
    """A second nginx, configured as the first but for ``changes`` (each text of the
    rendered configuration replaced by another), in front of ``upstream_port``: its port."""
    folder = stack.folder / f"other-{uuid.uuid4().hex[:8]}"
    folder.mkdir(mode=0o755)
    port = free_port()
    conf = folder / "nginx.conf"
    stack.render(conf, nginx_port=port, upstream_port=upstream_port, state_dir=folder)
    text = conf.read_text()
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    conf.write_text(text)
    with open(folder / "nginx.log", "wb") as log:
        nginx = subprocess.Popen(
            [nginx_binary(), "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert nginx.poll() is None and time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield port
    finally:
        nginx.terminate()
        nginx.wait(timeout=20)


@pytest.fixture
def nginx_without_django(stack):
    """A second nginx in front of a gunicorn that has stopped answering: its port accepts
    connections and never replies. The upstream read timeout is shortened from 65 s to 1 s."""
    silent = socket.create_server(("127.0.0.1", 0))
    try:
        shorter = {"proxy_read_timeout 65s;": "proxy_read_timeout 1s;"}
        with another_nginx(stack, silent.getsockname()[1], shorter) as port:
            yield port, silent
    finally:
        silent.close()


def test_readers_get_a_french_page_while_gunicorn_is_too_slow_or_down(nginx_without_django):
    port, gunicorn = nginx_without_django

    too_slow = request(port, "GET", "/")
    gunicorn.close()  # stopped: nothing listens on its port any more
    down = request(port, "GET", "/")

    assert too_slow.status == 504
    assert "Le site met trop de temps à répondre" in too_slow.body.decode()
    assert down.status == 502
    assert "Le site revient dans un instant" in down.body.decode()
    for response in (too_slow, down):
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.headers["cache-control"] == "no-store"
        assert "script-src" not in response.headers["content-security-policy"]
        assert "default-src 'none'" in response.headers["content-security-policy"]


@pytest.fixture
def nginx_allowing_one_connection(stack):
    """A second nginx in front of the same gunicorn, which lets an address hold one
    connection at a time instead of 256 (the limit itself, reached cheaply)."""
    one = {"limit_conn per_address 256;": "limit_conn per_address 1;"}
    with another_nginx(stack, stack.gunicorn_port, one) as port:
        yield port


def first_answer_other_than(status, port, seconds=5):
    """GET / with a fresh probe until the answer is not ``status`` (or time is up): the
    last answer and its probe."""
    deadline = time.monotonic() + seconds
    while True:
        probe = uuid.uuid4().hex
        answer = request(port, "GET", f"/?sonde={probe}")
        if answer.status != status or time.monotonic() > deadline:
            return answer, probe
        time.sleep(0.1)


def send_slowly(connection, sending):
    """One byte of the body every half second while ``sending`` is set."""
    while sending.is_set():
        time.sleep(0.5)
        try:
            connection.sendall(b"x")
        except OSError:
            return


def test_an_address_over_its_connection_limit_gets_a_french_page_from_nginx(
    stack, nginx_allowing_one_connection
):
    port = nginx_allowing_one_connection
    with socket.create_connection(("127.0.0.1", port), timeout=10) as busy:
        # A contribution on its way: nginx is still reading its body. A byte every half
        # second keeps it within the client timeout (2 s) however slowly the probes below
        # are answered on a busy machine.
        busy.sendall(
            b"POST /contribuer/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nx"
        )
        sending = threading.Event()
        sending.set()
        trickle = threading.Thread(target=send_slowly, args=(busy, sending), daemon=True)
        trickle.start()
        # Once nginx has read that request's headers, it counts the connection.
        refused, probe = first_answer_other_than(200, port, seconds=20)
        sending.clear()
        trickle.join()
    # Once nginx has seen that client go, the address is served again.
    served_again, _ = first_answer_other_than(429, port)

    assert refused.status == 429
    assert not stack.gunicorn_saw(probe)
    # Not nginx's English default: the site's own page, in French, as for 413, 502 and 504.
    assert refused.headers["content-type"] == "text/html; charset=utf-8"
    page = refused.body.decode()
    assert '<html lang="fr">' in page
    assert "Un instant, s’il vous plaît" in page
    assert "nginx" not in page
    assert refused.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in refused.headers["content-security-policy"]
    assert served_again.status == 200


def test_djangos_own_429_passes_nginx_with_the_form_as_the_visitor_filled_it(stack):
    """Past its ceiling per network, the contribution form answers 429 itself, with what was
    typed: nginx's page for its own 429 must not take its place."""
    shown = stack.via_nginx("GET", stack.content["form"])
    cookie = re.search(r"csrftoken=([^;]+)", shown.headers["set-cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', shown.body.decode())
    typed = {"csrfmiddlewaretoken": token.group(1), "title": "La nuit où l’usine a tenu bon"}
    headers = [
        ("Cookie", f"csrftoken={cookie}"),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ]
    try:
        answers = [
            stack.via_nginx(
                "POST", stack.content["form"], headers=headers, body=urlencode(typed).encode()
            )
            for _ in range(NETWORK_LIMIT + 1)
        ]
    finally:
        stack.manage_python(["-m", "tests.deploy.seed", "forget-counts"])

    assert 429 not in [answer.status for answer in answers[:-1]]
    last = answers[-1]
    assert last.status == 429
    page = last.body.decode()
    assert "depuis votre réseau" in page
    assert 'value="La nuit où l’usine a tenu bon"' in page
    assert "Un instant, s’il vous plaît" not in page


def dribble(port, probe, stop, seconds):
    """A client sending a contribution's body at one byte a second. It carries a CSRF cookie
    (anyone gets one by showing the form), so that Django has to read the body to find the
    form's token: without the proxy, each such client holds a gunicorn thread."""
    body = b"csrfmiddlewaretoken=" + b"x" * 200
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(
                (
                    f"POST /contribuer/?sonde={probe} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Cookie: csrftoken={'c' * 32}\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
            )
            deadline = time.monotonic() + seconds
            for byte in body:
                if stop.is_set() or time.monotonic() > deadline:
                    return
                sock.sendall(bytes([byte]))
                stop.wait(1)
    except OSError:
        return


def test_twenty_slow_clients_do_not_hold_up_readers(stack):
    probe = uuid.uuid4().hex
    stop = threading.Event()
    clients = [
        threading.Thread(target=dribble, args=(stack.nginx_port, probe, stop, 10), daemon=True)
        for _ in range(20)
    ]
    for client in clients:
        client.start()
    try:
        time.sleep(2)  # every slow client is now in the middle of its body
        timings = []
        for _ in range(8):
            started = time.monotonic()
            response = stack.via_nginx("GET", "/", timeout=10)
            timings.append(time.monotonic() - started)
            assert response.status == 200
            time.sleep(0.5)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=5)

    assert max(timings) < 3, timings
    # gunicorn never saw one of the slow bodies: nginx holds them until they are complete.
    assert not stack.gunicorn_saw(probe)


def test_a_client_that_stops_sending_is_dropped(stack):
    probe = uuid.uuid4().hex
    with socket.create_connection(("127.0.0.1", stack.nginx_port), timeout=30) as sock:
        sock.sendall(
            (
                f"POST /contribuer/?sonde={probe} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Length: 1000\r\n\r\nabc"
            ).encode()
        )
        started = time.monotonic()
        try:
            while sock.recv(4096):
                pass
        except ConnectionResetError:
            pass
        waited = time.monotonic() - started

    assert CLIENT_TIMEOUT - 0.5 < waited < CLIENT_TIMEOUT + 5
    assert not stack.gunicorn_saw(probe)


# --- contribution media: Django decides, nginx sends ---------------------------------------


def assert_not_served(stack, name):
    secret = file_bytes(stack, name)
    for url in [f"/media/{name}", *spellings(name)]:
        response = stack.via_nginx("GET", url)
        assert response.status in (400, 403, 404), url
        assert secret[:64] not in response.body, url


def test_contribution_media_are_served_only_once_the_story_is_published(stack):
    name = stack.content["pending"]
    secret = file_bytes(stack, name)
    assert name.startswith("contributions/")

    assert_not_served(stack, name)
    assert stack.gunicorn_saw(f"/media/{name}")  # Django was asked, not the disk

    stack.manage_python(["-m", "tests.deploy.seed", "publish", str(stack.content["story"])])

    response = stack.via_nginx("GET", f"/media/{name}")
    assert response.status == 200
    assert response.body == secret
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "private"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "x-accel-redirect" not in response.headers
    # Django's headers for a media file, passed on by nginx with the bytes.
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.headers["content-disposition"].startswith("inline")
    # gunicorn itself answered with no bytes, only the file for nginx to send.
    direct = stack.to_gunicorn("GET", f"/media/{name}")
    assert direct.status == 200
    assert direct.headers["x-accel-redirect"] == f"{ACCEL_PREFIX}{name}"
    assert direct.body == b""
    # nginx answers byte ranges (seeking in a video) on Django's behalf.
    part = stack.via_nginx("GET", f"/media/{name}", headers=[("Range", "bytes=10-19")])
    assert part.status == 206
    assert part.body == secret[10:20]
    # Other spellings of the path never reach the disk directly: Django refuses them, or
    # (%2f, decoded by gunicorn) allows the same published file through the private door.
    for url in spellings(name):
        response = stack.via_nginx("GET", url)
        assert response.status in (200, 400, 403, 404), url
        if response.status == 200:
            assert response.headers["cache-control"] == "private", url
            assert stack.gunicorn_saw(url), url
        else:
            assert secret[:64] not in response.body, url


def test_the_protected_location_cannot_be_asked_for(stack):
    name = stack.content["pending"]

    for url in [f"{ACCEL_PREFIX}{name}", f"{ACCEL_PREFIX}original_images/x.jpg"]:
        response = stack.via_nginx("GET", url)
        assert response.status == 404, url
        assert file_bytes(stack, name)[:64] not in response.body


def test_a_link_into_the_contributions_folder_is_not_followed(stack):
    name = stack.content["pending"]
    link = stack.media_root / "lien"
    link.symlink_to(stack.media_root / "contributions")
    try:
        response = stack.via_nginx("GET", f"/media/lien/{name.removeprefix('contributions/')}")
    finally:
        link.unlink()

    assert response.status in (403, 404)
    assert file_bytes(stack, name)[:64] not in response.body


def test_share_cards_are_not_served_from_the_media_folder(stack):
    card = stack.media_root / "share-cards" / "carte.png"
    card.parent.mkdir(exist_ok=True)
    card.write_bytes(b"\x89PNG-CARTE-D-UNE-PAGE-RETIREE")

    response = stack.via_nginx("GET", "/media/share-cards/carte.png")

    assert response.status == 404
    assert b"CARTE" not in response.body


# --- files nginx serves itself ------------------------------------------------------------


def test_public_media_are_served_by_nginx_with_cache_headers(stack):
    name = stack.content["public"]

    response = stack.via_nginx("GET", f"/media/{name}")
    part = stack.via_nginx("GET", f"/media/{name}", headers=[("Range", "bytes=0-9")])

    assert response.status == 200
    assert response.body == file_bytes(stack, name)
    assert response.headers["cache-control"] == "public, max-age=86400"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    assert part.status == 206
    assert part.body == file_bytes(stack, name)[:10]
    assert not stack.gunicorn_saw(f"/media/{name}")
    # With SERVE_MEDIA=false Django leaves public media to nginx altogether.
    assert stack.to_gunicorn("GET", f"/media/{name}").status == 404


def test_hashed_static_files_are_cached_for_a_year(stack):
    hashed = next((stack.static_root / "css").glob("site.*.css"))
    name = hashed.relative_to(stack.static_root).as_posix()

    response = stack.via_nginx("GET", f"/static/{name}", headers=[("Accept-Encoding", "gzip")])
    plain = stack.via_nginx("GET", "/static/css/site.css")

    assert response.status == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-encoding"] == "gzip"  # collectstatic's .gz, as is
    assert plain.status == 200
    assert plain.headers["cache-control"] == "public, max-age=3600"
    assert not stack.gunicorn_saw(f"/static/{name}")


def test_the_stylesheet_is_kept_by_nginx_only_under_its_own_version(stack):
    page = stack.via_nginx("GET", "/").body.decode()
    current = re.search(r'href="(/theme\.css\?v=[0-9a-f]+)"', page).group(1)
    stale = "/theme.css?v=0123456789ab"

    first, again = (stack.via_nginx("GET", current) for _ in range(2))
    stale_answers = [stack.via_nginx("GET", stale) for _ in range(2)]

    assert again.status == 200
    assert again.headers["x-cache-status"] == "HIT"
    assert again.body == first.body
    assert again.headers["x-request-id"] != first.headers["x-request-id"]
    log = stack.gunicorn_log()
    assert log.count(current) == 1  # Django made it once
    assert [answer.headers["x-cache-status"] for answer in stale_answers] == ["MISS", "MISS"]
    assert log.count(stale) == 2  # a version that is not the current one is never kept


def test_pages_come_from_django_compressed_with_its_own_headers(stack):
    response = stack.via_nginx("GET", "/", headers=[("Accept-Encoding", "gzip")])

    assert response.status == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "content-security-policy" in response.headers  # Django's, passed on
    assert "server" not in response.headers or "/" not in response.headers["server"]


def test_each_request_carries_nginxs_request_id_into_djangos_log(stack):
    response = stack.via_nginx("GET", "/robots.txt")

    request_id = response.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, kept by Django
    lines = stack.gunicorn_log().splitlines()
    (logged,) = [line for line in lines if request_id in line and line.startswith("{")]
    assert '"path": "/robots.txt"' in logged
