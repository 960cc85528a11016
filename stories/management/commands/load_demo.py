from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand

from stories.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Build the demo centenary site from fixtures/demo (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-renditions",
            action="store_true",
            help="Do not pre-render image sizes (faster, for tests).",
        )

    def handle(self, *args, skip_renditions=False, **options):
        # The cache may remember renditions and pages of a database since deleted: a demo
        # rebuilt on a fresh database would then point at files that no longer exist.
        cache.clear()
        loader = DemoLoader()
        report = loader.load()
        if not skip_renditions:
            loader.warm_renditions()
        call_command("update_index", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(report.created)} pages created, "
                f"{len(report.updated)} updated, {report.unchanged} unchanged."
            )
        )
