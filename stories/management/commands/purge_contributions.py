from django.core.management.base import BaseCommand

from stories.contributions.outcomes import purge_expired
from stories.models import CentenarySettings


class Command(BaseCommand):
    help = (
        "Erase the personal data of rejected and withdrawn contributions older than the "
        "retention set in the site settings (or --days)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Override the retention setting.")

    def handle(self, *args, days=None, **options):
        if days is None:
            days = CentenarySettings.for_default_site().retention_days
        erased = purge_expired(days)
        self.stdout.write(f"{erased} contribution(s) erased (retention: {days} days).")
