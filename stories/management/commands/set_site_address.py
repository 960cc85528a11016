from django.core.management.base import BaseCommand, CommandError

from stories.public_url import AddressError, point_default_site_here, public_base_url


class Command(BaseCommand):
    help = (
        "Point the default Wagtail Site (host name and port) at the site's public address, "
        "SITE_BASE_URL, so that Wagtail's own links (page URLs in the admin, 'view live') "
        "agree with the e-mails, meta tags, sitemap and share links. make demo runs it with "
        "the address it serves; run it after migrate at each deployment."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            help="The address to use instead of SITE_BASE_URL, e.g. https://centenaire.example.org",
        )

    def handle(self, *args, url=None, **options):
        address = (url or public_base_url()).rstrip("/")
        try:
            site = point_default_site_here(address)
        except AddressError as error:
            raise CommandError(str(error)) from error
        if site is None:
            raise CommandError("There is no default Wagtail Site yet: run migrate first.")
        self.stdout.write(f"Site address: {site.root_url}/ (from {address})")
