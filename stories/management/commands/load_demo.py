from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand

from stories.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Build the demo centenary site from fixtures/demo, printing one line per step. Safe "
        "to run again, and it keeps editors' work: missing pages, images, videos and settings "
        "are created; a demo page still as the loader left it is brought up to date; a page "
        "anyone saved, published or unpublished in the admin is kept as it is (listed at the "
        "end); an existing image or video is never changed; a setting is written only while "
        "it still holds its default value."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-renditions",
            action="store_true",
            help="Do not pre-render image sizes (faster, for tests).",
        )

    def handle(self, *args, skip_renditions=False, verbosity=1, **options):
        # The cache may remember renditions and pages of a database since deleted: a demo
        # rebuilt on a fresh database would then point at files that no longer exist.
        cache.clear()
        loader = DemoLoader(progress=self.stdout.write if verbosity >= 1 else None)
        report = loader.load()
        if not skip_renditions:
            loader.warm_renditions()
        call_command("update_index", verbosity=0)
        loader.progress("Search index: updated")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {len(report.created)} pages created, "
                f"{len(report.updated)} updated, {report.unchanged} unchanged, "
                f"{len(report.kept)} kept as editors left them."
            )
        )
        if report.kept:
            self.stdout.write("Kept as edited: " + "; ".join(report.kept))
