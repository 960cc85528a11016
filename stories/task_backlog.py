"""How much background work waits: the health endpoint, `manage.py queue_depth` and the
scheduler all read it here, in one query on django_tasks_db's table (present whatever the
task backend: with the immediate backend of the demo it simply stays empty)."""

from datetime import timedelta

from django.db.models import Count, Min, Q
from django.tasks import TaskResultStatus
from django.utils import timezone

from django_tasks_db.models import DBTaskResult, get_date_max

# A task still "running" after this long was left by a killed worker: far longer than the
# longest task (a video's probe, poster and web rendition).
STALE_SECONDS = 3600


def backlog(now=None):
    """Tasks waiting (ready now), running, stale (running too long) and failed in the last
    day, and how long the oldest waiting task has waited, in seconds (0 when none waits)."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=STALE_SECONDS)
    # Without a run_after of its own a task carries the largest date (django_tasks_db).
    due = Q(run_after=get_date_max()) | Q(run_after__lte=now)
    ready = Q(status=TaskResultStatus.READY) & due
    running = Q(status=TaskResultStatus.RUNNING)
    counts = DBTaskResult.objects.aggregate(
        ready=Count("pk", filter=ready),
        running=Count("pk", filter=running),
        stale=Count("pk", filter=running & Q(started_at__lte=stale_before)),
        failed_last_day=Count(
            "pk",
            filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=now - timedelta(days=1)),
        ),
        oldest_ready=Min("enqueued_at", filter=ready),
    )
    oldest = counts.pop("oldest_ready")
    counts["oldest_ready_seconds"] = max(0, int((now - oldest).total_seconds())) if oldest else 0
    return counts
