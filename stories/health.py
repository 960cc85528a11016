"""The health endpoint, ``/healthz``: is this web node fit to serve?

One JSON document, ``200`` when every check passes and ``503`` otherwise, never cached:

- ``database``: ``SELECT 1``;
- ``cache``: a probe key written, read back and deleted (Redis in production);
- ``storage``: a tiny probe file written to the media storage and deleted (a disk or S3);
- ``tasks``: the background queue (stories/task_backlog.py). It fails when the oldest
  waiting task has waited longer than ``HEALTH_TASK_MAX_WAIT`` seconds (no worker is taking
  them) or when tasks were left running by a killed worker (the scheduler puts them back).

It shows no secret: a failing check names the exception's class, never its message (a
database error can name hosts and users); the message goes to the log. Cost: two SQL
queries, three cache commands, a write and a delete on storage.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from stories.task_backlog import backlog

logger = logging.getLogger("centenaire.health")
PROBE_FOLDER = "health"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,), {}


def check_tasks():
    depth = backlog()
    max_wait = settings.HEALTH_TASK_MAX_WAIT
    ok = depth["oldest_ready_seconds"] <= max_wait and depth["stale"] == 0
    return ok, depth


def check_cache():
    key = f"health-probe-{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=30)
    ok = cache.get(key) == "ok"
    cache.delete(key)
    return ok, {}


def check_storage():
    name = default_storage.save(f"{PROBE_FOLDER}/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    return True, {}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "tasks": check_tasks,
}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            ok, details = check()
        except Exception as error:  # a health check reports every failure, whatever its kind
            logger.warning("health check %s failed: %r", name, error)
            ok, details = False, {"error": type(error).__name__}
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        results[name] = {"ok": ok, "ms": elapsed, **details}
    return results


@never_cache
@require_safe
def health(request):
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
