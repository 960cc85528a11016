"""Signals bump the read cache's generation and hand moderation events to the services."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import Page, PageViewRestriction, Site, TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    task_rejected,
    task_submitted,
    workflow_submitted,
)

from taggit.models import Tag

from stories import outbox
from stories.cache import bump_generation
from stories.contributions.outcomes import (
    mark_changes_requested,
    mark_published,
    mark_refused,
    mark_removed,
)
from stories.contributions.tasks import notify_moderators
from stories.models import (
    CentenarySettings,
    Contribution,
    StoryPage,
    Video,
    VideoStatus,
    contribution_refused,
)
from stories.sharing.tasks import delete_page_cards, render_all_cards, render_page_card
from stories.video.tasks import process_video


def bump_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_generation()


def page_left_remove_cards(sender, instance, **kwargs):
    """Unpublished or deleted: every card ever drawn for the page goes, after commit."""
    if isinstance(instance, Page):
        outbox.enqueue(delete_page_cards, instance.pk)


def story_published(sender, instance, **kwargs):
    mark_published(instance)


def page_published_render_card(sender, instance, **kwargs):
    outbox.enqueue(render_page_card, instance.pk)


def settings_changed_render_cards(sender, instance, **kwargs):
    """The settings draw on every card: render them all again, in the background."""

    outbox.enqueue(render_all_cards)


def video_saved_process(sender, instance, **kwargs):
    """A new or replaced video file is read (poster, duration) once the upload is committed."""
    if not getattr(instance, "process_after_save", False):
        return

    instance.process_after_save = False
    sender.objects.filter(pk=instance.pk).update(
        status=VideoStatus.PENDING, processing_error="", processing_progress=0
    )
    outbox.enqueue(process_video, instance.pk)


def video_deleted_remove_captions(sender, instance, **kwargs):
    """wagtailmedia removes a deleted video's file and poster; its captions and the original
    kept for the archive go too."""
    for kept in (instance.captions, instance.original):
        if kept:
            name, storage = kept.name, kept.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))


def task_was_rejected(sender, instance, **kwargs):
    """Wagtail's "reject" is our "request changes": the comment goes to the contributor."""

    page = instance.workflow_state.content_object
    mark_changes_requested(page, message=instance.comment)


def contribution_was_refused(sender, page, reason, **kwargs):
    mark_refused(page, reason=reason)


def story_taken_down(sender, instance, **kwargs):
    """Unpublished or deleted by the team: the contribution says so."""
    if isinstance(instance, Page):
        mark_removed(instance)


def contribution_id_for(workflow_state):
    """The contribution whose draft story this workflow reviews, if any."""

    if workflow_state.base_content_type.model_class() is not Page:
        return None
    return (
        Contribution.objects.filter(page_id=workflow_state.object_id)
        .values_list("pk", flat=True)
        .first()
    )


def contribution_submitted(sender, instance, **kwargs):
    """A contribution reached the moderators (sent or revised): one e-mail, queued with the
    transaction (stories/outbox.py)."""
    contribution_id = contribution_id_for(instance.workflow_state)
    if contribution_id is None:
        return

    resubmitted = instance.workflow_state.task_states.count() > 1
    outbox.enqueue(
        notify_moderators, contribution_id, resubmitted=resubmitted, task_state_id=instance.pk
    )


class ExceptContributions:
    """Wagtail's own submission e-mail, for every page but contributions: theirs is our single
    queued e-mail above, sent after the commit, so a mail server in trouble never delays or
    undoes an intake, and moderators are not told twice."""

    def __init__(self, notifier, workflow_state_of):
        self.notifier = notifier
        self.workflow_state_of = workflow_state_of

    def __call__(self, sender, instance=None, **kwargs):
        if contribution_id_for(self.workflow_state_of(instance)) is not None:
            return True
        return self.notifier(instance=instance, sender=sender, **kwargs)


def replace_wagtail_submission_emails():
    """Registered under Wagtail's own dispatch_uids, before wagtail.admin's ready() runs
    ("stories" is first in INSTALLED_APPS), so Wagtail's later connect of the same uid is a
    no-op. tests/stories/contributions/test_conversation.py counts the e-mails of a
    submission, so an upgrade that renames these uids fails a test instead of e-mailing twice.
    """

    task_submitted.connect(
        ExceptContributions(
            GroupApprovalTaskStateSubmissionEmailNotifier(), lambda state: state.workflow_state
        ),
        sender=TaskState,
        dispatch_uid="group_approval_task_submitted_email_notification",
        weak=False,
    )
    workflow_submitted.connect(
        ExceptContributions(WorkflowStateSubmissionEmailNotifier(), lambda state: state),
        sender=WorkflowState,
        dispatch_uid="workflow_state_submitted_email_notification",
        weak=False,
    )


def connect():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_generation, dispatch_uid=f"centenaire-cache-{id(signal)}")
    post_delete.connect(bump_on_page_delete, dispatch_uid="centenaire-cache-page-delete")

    page_published.connect(story_published, sender=StoryPage, dispatch_uid="centenaire-published")
    page_published.connect(page_published_render_card, dispatch_uid="centenaire-share-card")
    task_rejected.connect(task_was_rejected, dispatch_uid="centenaire-task-rejected")
    contribution_refused.connect(contribution_was_refused, dispatch_uid="centenaire-refused")
    task_submitted.connect(contribution_submitted, dispatch_uid="centenaire-submitted")
    page_unpublished.connect(story_taken_down, dispatch_uid="centenaire-unpublished")
    page_unpublished.connect(page_left_remove_cards, dispatch_uid="centenaire-cards-unpublished")
    post_delete.connect(page_left_remove_cards, dispatch_uid="centenaire-cards-deleted")
    pre_delete.connect(story_taken_down, dispatch_uid="centenaire-story-deleted")
    replace_wagtail_submission_emails()
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
