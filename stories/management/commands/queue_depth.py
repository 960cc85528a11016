"""`manage.py queue_depth`: how many background tasks wait, as one JSON line (for a
monitoring probe or a glance during an incident); `--every N` repeats it every N seconds.
Exits 1 when tasks wait longer than HEALTH_TASK_MAX_WAIT or were left running (as /healthz
would report)."""

import json
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from stories.task_backlog import backlog


class Command(BaseCommand):
    help = "Print the task queue's depth (waiting, running, stale, failed today) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds.")

    def handle(self, *args, every=0, **options):
        while True:
            depth = backlog()
            self.stdout.write(json.dumps({"queue": depth}))
            if not every:
                break
            time.sleep(every)
        late = depth["oldest_ready_seconds"] > settings.HEALTH_TASK_MAX_WAIT
        if late or depth["stale"]:
            raise CommandError("tasks are late or stale")
