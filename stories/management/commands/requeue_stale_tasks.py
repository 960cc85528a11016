"""Tasks a killed `db_worker` left "running": back in the queue.

django_tasks_db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when it
ends; a worker killed in between (out of memory, a deployment, SIGKILL) leaves it RUNNING for
ever, so an acknowledgement would never go out. Every task of the site is safe to run twice
(stories/outbox.py), so a task running for longer than any task takes is put back. Run it
periodically beside check_media.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone

from django_tasks_db.models import DBTaskResult

from stories.task_backlog import STALE_SECONDS


def requeue_stale(older_than=STALE_SECONDS, now=None):
    cutoff = (now or timezone.now()) - timedelta(seconds=older_than)
    return (
        DBTaskResult.objects.running()
        .filter(started_at__lte=cutoff)
        .update(status=TaskResultStatus.READY, started_at=None)
    )


class Command(BaseCommand):
    help = (
        "Put back in the queue the tasks marked running for longer than --older-than seconds "
        "(a db_worker killed mid-task leaves them so)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=STALE_SECONDS,
            help=f"Seconds a task may run before it is considered lost ({STALE_SECONDS}).",
        )

    def handle(self, *args, older_than=STALE_SECONDS, **options):
        count = requeue_stale(older_than)
        self.stdout.write(f"{count} stale task(s) put back in the queue.")
