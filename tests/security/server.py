"""A real gunicorn on loopback with production settings, and raw HTTP requests to it.

Raw sockets, not an HTTP library: the point is to send paths exactly as an attacker would,
without any client normalising them first.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


@dataclass
class RawResponse:
    status: int
    headers: dict
    body: bytes


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(folder):
    """A database with every table, as the test run migrated it."""
    if connection.vendor == "sqlite":
        target = folder / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Gunicorn:
    def __init__(self, folder, database):
        self.port = free_port()
        self.media_root = folder / "media"
        self.media_root.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.security.gunicorn_settings",
            DJANGO_SECRET_KEY=uuid.uuid4().hex * 3,
            ALLOWED_HOSTS="127.0.0.1",
            SITE_BASE_URL="http://127.0.0.1",
            DATABASE_URL=database,
            MEDIA_ROOT=str(self.media_root),
            SERVE_MEDIA="true",
            WEB_CONCURRENCY="1",
        )
        env.pop("REDIS_URL", None)
        self.log = open(folder / "gunicorn.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "centenaire.wsgi",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_ready()

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.log.name}")
            try:
                if self.get("/robots.txt").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def get(self, raw_path, headers=()):
        """GET ``raw_path`` byte for byte, as a browser behind HTTPS would (proxy header)."""
        lines = [
            f"GET {raw_path} HTTP/1.1",
            "Host: 127.0.0.1",
            "X-Forwarded-Proto: https",
            "Connection: close",
            *(f"{name}: {value}" for name, value in headers),
        ]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(request)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        parsed = dict(line.split(": ", 1) for line in header_lines if ": " in line)
        return RawResponse(int(status_line.split()[1]), parsed, body)
