"""Periodic work, run by `manage.py run_scheduler` (one process for the whole site).

Each job runs when its interval has passed since it last ran anywhere: the last runs are
kept in the shared cache (Redis in production, the file cache on one machine), so a
scheduler restarted or replaced does not run a daily job again at once. A lease in the same
cache makes sure only one scheduler works at a time: a second one (two machines started with
the same compose file, a deployment overlapping the old process) waits, and takes over within
``LEASE_SECONDS`` when the first stops. Every job is safe to run twice (each command is
idempotent), so the rare double run a lost lease could cause does no harm.

Each job logs one line (``centenaire.scheduler``: job, ok, duration, what it said), and the
queue depth is logged at every tick (``centenaire.tasks``) for monitoring.
"""

import io
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections
from django.tasks import task_backends

from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from stories.task_backlog import backlog

logger = logging.getLogger("centenaire.scheduler")
queue_logger = logging.getLogger("centenaire.tasks")

LOCK_KEY = "scheduler:lock"
LAST_RUN_KEY = "scheduler:last:{}"
MINUTE, HOUR, DAY = 60, 3600, 86400


@dataclass(frozen=True)
class Job:
    name: str
    every: int  # seconds
    run: Callable[[], str]  # what it did, in a few words


def command(*arguments, **options):
    def run():
        out = io.StringIO()
        call_command(*arguments, stdout=out, stderr=out, **options)
        return " ".join(out.getvalue().split())[:500]

    return run


def prune_task_results():
    """django_tasks_db's own command, where its queue is the one in use (production)."""
    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        return "no database task queue"
    before = DBTaskResult.objects.count()
    command(
        "prune_db_task_results",
        backend=backend,
        queue_name="*",
        min_age_days=settings.TASK_RESULTS_KEEP_DAYS,
        verbosity=0,
    )()
    return f"{before - DBTaskResult.objects.count()} task result(s) deleted."


JOBS = [
    # Pages an editor scheduled to go live or to expire (Wagtail).
    Job("publish_scheduled", MINUTE, command("publish_scheduled")),
    # Tasks a killed db_worker left "running", back in the queue.
    Job("requeue_stale_tasks", 5 * MINUTE, command("requeue_stale_tasks")),
    # Photos and uploads left by a crash, share cards of pages gone.
    Job("check_media", HOUR, command("check_media", "--delete")),
    # Files kept for a form after an error, past a day; resumable uploads abandoned for 6 h.
    Job("clean_staged_media", HOUR, command("clean_staged_media")),
    # Personal data of rejected and withdrawn contributions past the retention period.
    Job("purge_contributions", DAY, command("purge_contributions")),
    # Finished task results older than TASK_RESULTS_KEEP_DAYS.
    Job("prune_task_results", DAY, prune_task_results),
]


def hold_lease(owner, seconds):
    """True while this scheduler is the one that works (the lease is renewed each tick)."""
    if cache.add(LOCK_KEY, owner, timeout=seconds):
        return True
    if cache.get(LOCK_KEY) == owner:
        cache.touch(LOCK_KEY, timeout=seconds)
        return True
    return False


def release_lease(owner):
    if cache.get(LOCK_KEY) == owner:
        cache.delete(LOCK_KEY)


def due(job, now):
    last = cache.get(LAST_RUN_KEY.format(job.name))
    return last is None or now - last >= job.every


def run_job(job, now):
    started = time.perf_counter()
    try:
        said, ok = job.run(), True
    except Exception as error:  # one job failing must not stop the others
        logger.exception("scheduled job %s failed", job.name)
        said, ok = type(error).__name__, False
    # Recorded even on failure: a job that fails is tried again at its next interval, not
    # at every tick.
    cache.set(LAST_RUN_KEY.format(job.name), now, timeout=None)
    data = {
        "job": job.name,
        "ok": ok,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "said": said,
    }
    logger.info("%(job)s: %(said)s", data, extra={"data": data})
    return ok


def log_queue_depth():
    depth = backlog()
    queue_logger.info(
        "tasks waiting: %(ready)s (oldest %(oldest_ready_seconds)s s), running: %(running)s",
        depth,
        extra={"data": {"queue": depth}},
    )
    return depth


def tick(now=None, jobs=None):
    """Run every job that is due; returns {job name: ok} for those that ran."""
    now = time.time() if now is None else now
    ran = {job.name: run_job(job, now) for job in jobs or JOBS if due(job, now)}
    log_queue_depth()
    return ran


def run_forever(tick_seconds, stop=lambda: False, sleep=time.sleep):
    owner = uuid.uuid4().hex
    lease = 3 * tick_seconds
    try:
        while not stop():
            if hold_lease(owner, lease):
                # A database restarted since the last tick: a new connection, not an error.
                close_old_connections()
                tick()
                close_old_connections()
            else:
                logger.info("another scheduler holds the lease; waiting")
            sleep(tick_seconds)
    finally:
        release_lease(owner)
