"""Signals only bump the read cache's generation; no business logic lives here."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from taggit.models import Tag

from stories.cache import bump_generation


def bump_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_generation()


def connect():
    from stories.models import CentenarySettings

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_generation, dispatch_uid=f"centenaire-cache-{id(signal)}")
    post_delete.connect(bump_on_page_delete, dispatch_uid="centenaire-cache-page-delete")
    for model in (PageViewRestriction, Site, CentenarySettings, Tag):
        for signal in (post_save, post_delete):
            signal.connect(
                bump_generation,
                sender=model,
                dispatch_uid=f"centenaire-cache-{model.__name__}-{id(signal)}",
            )
