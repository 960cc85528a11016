"""gunicorn with the production settings on loopback, started the same way by the tests that
need whole web nodes (tests/ops/test_two_nodes.py) and by `make bench`
(benchmarks/contributors.py).

Standard library only, and nothing from Django: the benchmarks import this module before any
settings exist.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
# The caller's own database, cache, bucket and settings never leak into the servers.
CALLERS_OWN = ("DJANGO_", "DATABASE_", "REDIS_", "AWS_", "PYTEST_")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(**variables):
    """What the production settings need to run on loopback's plain http, over the caller's
    environment without its database, cache, bucket or settings; ``variables`` add to it or
    override it (DATABASE_URL, MEDIA_ROOT…)."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(CALLERS_OWN)},
        "DJANGO_SETTINGS_MODULE": "centenaire.settings.production",
        "DJANGO_SECRET_KEY": "loopback-" + uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain http on loopback
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **variables,
    }


class Gunicorn:
    """gunicorn with the repository's gunicorn.conf.py, as the image runs it, on a free
    loopback port; its output (access log included) goes to ``log_path``."""

    def __init__(self, env, log_path, **variables):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "centenaire.wsgi",
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--no-control-socket",  # its default lives in the home folder, shared
            ],
            cwd=ROOT,
            env={**env, **variables},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self, path="/robots.txt", seconds=60):
        """Until ``path`` answers 200; the end of gunicorn's log in the error otherwise."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.log_tail()}")
            if self.status(path) == 200:
                return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn does not answer {path} in {seconds} s:\n{self.log_tail()}")

    def status(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path)
            return connection.getresponse().status
        except (OSError, http.client.HTTPException):
            return None
        finally:
            connection.close()

    def log_tail(self, characters=3000):
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-characters:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()
