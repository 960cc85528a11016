"""Purge the edge cache (Varnish, a CDN) by URL when what a public page shows changes.

``wagtail.contrib.frontend_cache`` sends the purges to the backends of WAGTAILFRONTENDCACHE
(none configured: nothing is sent; see README, "Caches"). Wagtail purges a published or
unpublished page itself; these handlers add every other page that shows it, once the
change is committed (a reader in between cannot put the old version back in the cache):
- a story: its list (with its filter and page variants: the Varnish configuration of
  deploy/varnish purges a path with all its query strings), the list's feed, the home page,
  the sitemap, the share kit, the timelines whose events link to it, and the stories just
  before and after it in time (their previous/next links);
- any other page: its parent, the home page and the sitemap;
- a page in the menus (a child of the home page), the home page itself, the site settings, a
  view restriction or a site: every public page, since each shows the menus and the footer.

Moves and deletions purge the old address too. The "same themes" cards of other stories
refresh at the edge when their ``s-maxage`` runs out (PAGE_CACHE_EDGE_SECONDS).
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
from django.tasks import task

from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from stories import outbox
from stories.models import (
    CentenarySettings,
    HomePage,
    ShareKitPage,
    StoryIndexPage,
    StoryPage,
    TimelinePage,
)
from stories.models.querysets import exclude_private


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


@task()
def purge_edge_urls(urls):
    """Send PURGE (or the CDN's API call) for each URL to the configured backends."""

    purge_urls_from_cache_task.call(urls)


def purge(urls):
    """Queue the purges with the current transaction (stories/outbox.py): they are sent
    after the commit, so a reader in between cannot put the old page back in the cache."""
    urls = sorted({url for url in urls if url})
    if urls and configured():
        outbox.enqueue(purge_edge_urls, urls)


def full_url(page, cache):
    return page.get_full_url(cache)


def site_wide_urls():
    """Every public page, with its routable sub-pages (the story list's feed)."""

    cache = type("UrlCache", (), {})()
    urls = set()
    for page in exclude_private(Page.objects.live()).specific(defer=True).iterator():
        base = full_url(page, cache)
        if base:
            urls.update(base + path.lstrip("/") for path in page.get_cached_paths())
    urls.update(site_root_urls(cache))
    return urls


def site_root_urls(cache):
    urls = set()
    for site in Site.objects.all():
        root = site.root_url.rstrip("/")
        urls.update({f"{root}/", f"{root}/sitemap.xml"})
    return urls


def urls_showing(page):
    """The addresses of the pages that show ``page`` (its own included)."""

    page = page.specific
    cache = type("UrlCache", (), {})()
    urls = {full_url(page, cache)}
    parent = page.get_parent()
    if isinstance(page, HomePage) or isinstance(parent.specific, HomePage):
        return urls | site_wide_urls()
    urls.add(full_url(parent, cache))
    urls.update(site_root_urls(cache))
    if isinstance(page, StoryPage):
        index = parent.specific
        if isinstance(index, StoryIndexPage):
            urls.add(full_url(index, cache) + "flux/")
        urls.update(full_url(story, cache) for story in page.neighbours() if story)
        urls.update(
            full_url(timeline, cache)
            for timeline in TimelinePage.objects.live().filter(events__story=page).distinct()
        )
        urls.update(full_url(kit, cache) for kit in ShareKitPage.objects.live())
    return urls


def page_changed(sender, instance, **kwargs):
    """Published or unpublished (Wagtail's signals): the pages that show it."""
    if configured():
        purge(urls_showing(instance))


def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    if not configured():
        return
    urls = urls_showing(instance)
    parent_before = kwargs.get("parent_page_before")
    if parent_before is not None:
        urls.add(parent_before.get_full_url())
    if url_path_before != url_path_after:
        # The old address, on every site the page was reachable from.
        for site in Site.objects.all():
            root_path = site.root_page.url_path
            if url_path_before.startswith(root_path):
                path = url_path_before[len(root_path) - 1 :]
                urls.add(site.root_url.rstrip("/") + path)
    purge(urls)


def page_deleted(sender, instance, **kwargs):
    """Before the deletion: the page and those that show it, while they can still be read."""
    if configured() and isinstance(instance, Page) and instance.live:
        purge(urls_showing(instance))


def everything_changed(sender, **kwargs):
    """Settings, view restrictions, sites: every page shows them (menus, footer, colours)."""
    if configured():
        purge(site_wide_urls())


def connect():
    page_published.connect(page_changed, dispatch_uid="centenaire-edge-published")
    page_unpublished.connect(page_changed, dispatch_uid="centenaire-edge-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="centenaire-edge-moved")
    pre_delete.connect(page_deleted, dispatch_uid="centenaire-edge-deleted")
    for model in (PageViewRestriction, Site, CentenarySettings):
        for signal in (post_save, post_delete):
            signal.connect(
                everything_changed,
                sender=model,
                dispatch_uid=f"centenaire-edge-{model.__name__}-{id(signal)}",
            )
