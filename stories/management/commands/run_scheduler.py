"""`manage.py run_scheduler`: the site's periodic work (stories/scheduler.py), in one
long-running process (the ``scheduler`` service of docker-compose.yml). `--once` runs one
tick and exits, for cron or a systemd timer instead of a long-running process."""

import signal
import time

from django.core.management.base import BaseCommand

from stories import scheduler


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (scheduled publishing, stale tasks, media check, purge of "
        "contributions, pruning of task results) when due; one scheduler works at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=int, default=30, help="Seconds between ticks (30).")
        parser.add_argument("--once", action="store_true", help="One tick, then exit.")

    def handle(self, *args, tick=30, once=False, **options):
        if once:
            owner = "once"
            if not scheduler.hold_lease(owner, 600):
                self.stdout.write("Another scheduler is running; nothing done.")
                return
            try:
                ran = scheduler.tick()
            finally:
                scheduler.release_lease(owner)
            said = ", ".join(f"{name}: {'ok' if ok else 'failed'}" for name, ok in ran.items())
            self.stdout.write(said or "Nothing due.")
            return
        stopping = []
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.append(True))
        scheduler.run_forever(tick, stop=lambda: bool(stopping), sleep=self.sleeper(stopping))

    @staticmethod
    def sleeper(stopping):
        def sleep(seconds):
            # In short steps, so that a stop signal is obeyed within a second.
            for _ in range(int(seconds)):
                if stopping:
                    return
                time.sleep(1)

        return sleep
