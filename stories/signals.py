"""Signals bump the read cache's generation and hand moderation events to the services."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, task_rejected

from taggit.models import Tag

from stories.cache import bump_generation


def bump_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_generation()


def story_published(sender, instance, **kwargs):
    from stories.contributions.outcomes import mark_published

    mark_published(instance)


def page_published_render_card(sender, instance, **kwargs):
    from django.db import transaction

    from stories.sharing.tasks import render_page_card

    transaction.on_commit(lambda: render_page_card.enqueue(instance.pk))


def settings_changed_render_cards(sender, instance, **kwargs):
    """The settings draw on every card: render them all again, in the background."""
    from django.db import transaction

    from stories.sharing.tasks import render_all_cards

    transaction.on_commit(render_all_cards.enqueue)


def video_saved_process(sender, instance, **kwargs):
    """A new or replaced video file is read (poster, duration) once the upload is committed."""
    if not getattr(instance, "process_after_save", False):
        return
    from django.db import transaction

    from stories.models import VideoStatus
    from stories.video.tasks import process_video

    instance.process_after_save = False
    sender.objects.filter(pk=instance.pk).update(status=VideoStatus.PENDING, processing_error="")
    transaction.on_commit(lambda: process_video.enqueue(instance.pk))


def video_deleted_remove_captions(sender, instance, **kwargs):
    """wagtailmedia removes a deleted video's file and poster; its captions go too."""
    if instance.captions:
        from django.db import transaction

        name, storage = instance.captions.name, instance.captions.storage
        transaction.on_commit(lambda: storage.delete(name))


def task_was_rejected(sender, instance, **kwargs):
    from stories.contributions.outcomes import mark_rejected

    page = instance.workflow_state.content_object
    mark_rejected(page, reason=instance.comment)


def connect():
    from stories.models import CentenarySettings, Video

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_generation, dispatch_uid=f"centenaire-cache-{id(signal)}")
    post_delete.connect(bump_on_page_delete, dispatch_uid="centenaire-cache-page-delete")
    from stories.models import StoryPage

    page_published.connect(story_published, sender=StoryPage, dispatch_uid="centenaire-published")
    page_published.connect(page_published_render_card, dispatch_uid="centenaire-share-card")
    task_rejected.connect(task_was_rejected, dispatch_uid="centenaire-task-rejected")
    post_save.connect(video_saved_process, sender=Video, dispatch_uid="centenaire-video-process")
    post_delete.connect(
        video_deleted_remove_captions, sender=Video, dispatch_uid="centenaire-video-captions"
    )
    post_save.connect(
        settings_changed_render_cards,
        sender=CentenarySettings,
        dispatch_uid="centenaire-settings-cards",
    )
    for model in (PageViewRestriction, Site, CentenarySettings, Tag):
        for signal in (post_save, post_delete):
            signal.connect(
                bump_generation,
                sender=model,
                dispatch_uid=f"centenaire-cache-{model.__name__}-{id(signal)}",
            )
