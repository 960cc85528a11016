from django.core.management.base import BaseCommand

from stories.contributions import staging


class Command(BaseCommand):
    help = (
        "Delete the photos and videos kept for a contribution form sent back with an error, "
        "once older than their expiry (a day). Run it with the other periodic commands."
    )

    def handle(self, *args, **options):
        removed = staging.clean_expired()
        self.stdout.write(f"{removed} staged file(s) removed.")
