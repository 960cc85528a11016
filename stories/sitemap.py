"""The sitemap: Wagtail's, with every address on the site's public address (SITE_BASE_URL)."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from stories.public_url import rebase


class PublicSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = rebase(url["location"])
        return urls


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PublicSitemap})
