"""The documented deployment on loopback: gunicorn with production settings, and nginx in
front of it with deploy/nginx/centenaire.conf as rendered by deploy/nginx/render.py.

Raw sockets for requests, so that paths go out byte for byte and slow clients can be slow.
"""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent
ACCEL_PREFIX = "/_protected_media/"
# Short in the test so that a stalled client is seen dropped quickly (20 s as deployed).
CLIENT_TIMEOUT = 2


def nginx_binary():
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.path.exists(path)), None
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict  # lower-case names
    body: bytes


def request(port, method, raw_path, headers=(), body=b"", timeout=15):
    """One HTTP/1.1 request, the path sent exactly as given."""
    lines = [
        f"{method} {raw_path} HTTP/1.1",
        "Host: 127.0.0.1",
        "Connection: close",
        *(f"{name}: {value}" for name, value in headers),
    ]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        return read_response(sock)


def read_response(sock):
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        headers[name] = f"{headers[name]}, {value.strip()}" if name in headers else value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = unchunk(body)
    return Response(int(status_line.split()[1]), headers, body)


def unchunk(body):
    out = b""
    while body:
        size, _, body = body.partition(b"\r\n")
        length = int(size.split(b";")[0], 16)
        if length == 0:
            break
        out, body = out + body[:length], body[length + 2 :]
    return out


def migrated_sqlite(target):
    """A database with every table. The test run's own, copied when it is SQLite (instant);
    otherwise a fresh SQLite migrated for the proxy test (the proxy cares for no engine)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    url = f"sqlite:///{target}"
    run_manage(["migrate", "--noinput"], {"DATABASE_URL": url}, seconds=600)
    return url


def run_manage(arguments, env, seconds=120):
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**clean_environment(), **env},
        check=True,
        capture_output=True,
        timeout=seconds,
    )


def clean_environment():
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS_", "DATABASE_", "PYTEST_"))
    }


class Stack:
    """gunicorn on one loopback port, nginx in front of it on another."""

    def __init__(self):
        # nginx's workers run as www-data when the test runs as root: they must be able to
        # read the media and static folders, as www-data must in production.
        self.folder = Path(tempfile.mkdtemp(prefix="centenaire-nginx-"))
        self.folder.chmod(0o755)
        self.media_root = self.folder / "media"
        self.static_root = self.folder / "static"
        self.state_dir = self.folder / "nginx"
        for folder in (self.media_root, self.static_root, self.state_dir):
            folder.mkdir(mode=0o755)
        # nginx's French error pages, copied beside them: the checkout may sit in a folder
        # www-data cannot enter (a clone in a private temporary folder answered 403).
        self.error_pages = self.folder / "errors"
        shutil.copytree(ROOT / "deploy" / "nginx" / "errors", self.error_pages)
        self.error_pages.chmod(0o755)
        self.processes = []
        self.gunicorn = None
        self.gunicorn_port, self.nginx_port = free_port(), free_port()
        self.env = {
            **clean_environment(),
            "DJANGO_SETTINGS_MODULE": "centenaire.settings.production",
            "DJANGO_SECRET_KEY": uuid.uuid4().hex * 3,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_BASE_URL": "http://127.0.0.1",
            "DATABASE_URL": f"sqlite:///{self.folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(self.media_root),
            "STATIC_ROOT": str(self.static_root),
            "SERVE_MEDIA": "false",
            "MEDIA_ACCEL_REDIRECT_PREFIX": ACCEL_PREFIX,
            "SECURE_SSL_REDIRECT": "false",  # plain http on loopback
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
        }

    # --- setting up -------------------------------------------------------------------

    def prepare(self, database_factory):
        """collectstatic beside the database and its seed content (each takes seconds)."""
        static = self.spawn([sys.executable, "manage.py", "collectstatic", "--noinput"], "static")
        self.env["DATABASE_URL"] = database_factory(self.folder / "db.sqlite3")
        seeded = self.manage_python(["-m", "tests.deploy.seed"])
        static.wait(timeout=300)
        static.log.close()
        self.processes.remove(static)
        if static.returncode != 0:
            raise RuntimeError((self.folder / "static.log").read_text())
        return seeded

    def manage_python(self, arguments):
        result = subprocess.run(
            [sys.executable, *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stdout + result.stderr)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start(self):
        self.gunicorn = self.spawn(
            [
                str(VENV_BIN / "gunicorn"),
                "centenaire.wsgi",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.gunicorn_port}",
                "--no-control-socket",  # its default lives in the home folder, shared
            ],
            "gunicorn",
        )
        self.conf = self.folder / "nginx.conf"
        self.render(self.conf)
        nginx = nginx_binary()
        check = subprocess.run(
            [nginx, "-t", "-p", str(self.state_dir), "-c", str(self.conf)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if check.returncode != 0:
            raise RuntimeError(check.stderr)
        self.nginx = self.spawn(
            [nginx, "-p", str(self.state_dir), "-c", str(self.conf), "-g", "daemon off;"],
            "nginx",
        )
        self.wait_until_answering(self.gunicorn_port, self.gunicorn)
        self.wait_until_answering(self.nginx_port, self.nginx)

    def render(self, target, *, nginx_port=None, upstream_port=None, state_dir=None):
        """The configuration of this stack's nginx, or of another nginx (its own port and
        state folder) in front of another upstream."""
        user = "www-data" if os.geteuid() == 0 else os.environ.get("USER", "www-data")
        subprocess.run(
            [
                sys.executable,
                "deploy/nginx/render.py",
                f"--port=127.0.0.1:{nginx_port or self.nginx_port}",
                f"--upstream=127.0.0.1:{upstream_port or self.gunicorn_port}",
                f"--media-root={self.media_root}",
                f"--static-root={self.static_root}",
                f"--state-dir={state_dir or self.state_dir}",
                f"--error-pages={self.error_pages}",
                f"--user={user}",
                f"--client-timeout={CLIENT_TIMEOUT}",
                f"--output={target}",
            ],
            cwd=ROOT,
            check=True,
            timeout=30,
        )

    def spawn(self, command, name):
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115  (closed with the process)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        process.log = log
        self.processes.append(process)
        return process

    def wait_until_answering(self, port, process, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} stopped: {process.log.name}")
            try:
                if request(port, "GET", "/robots.txt", timeout=5).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"nothing answers on port {port}")

    def stop(self):
        for process in reversed(self.processes):
            process.send_signal(signal.SIGQUIT if process is self.gunicorn else signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            process.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- using it ---------------------------------------------------------------------

    def via_nginx(self, method, raw_path, **kwargs):
        return request(self.nginx_port, method, raw_path, **kwargs)

    def to_gunicorn(self, method, raw_path, **kwargs):
        return request(self.gunicorn_port, method, raw_path, **kwargs)

    def gunicorn_log(self):
        """What gunicorn has logged so far (its access log and Django's lines)."""
        self.gunicorn.log.flush()
        return (self.folder / "gunicorn.log").read_text(errors="replace")

    def gunicorn_saw(self, text):
        """Whether gunicorn's access log holds a request containing ``text``."""
        return text in self.gunicorn_log()
