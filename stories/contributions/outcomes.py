"""What happens to a contribution after intake: review, requests for changes, publication,
refusal, removal by the team, withdrawal, and the end of its personal data (purge, erasure;
the export is in data_export.py)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from stories import outbox
from stories.choices import OPEN_STATUSES
from stories.contributions import tasks
from stories.models import Contribution, ContributionStatus, MailStatus

TAKEN_DOWN_FROM = (*OPEN_STATUSES, ContributionStatus.PUBLISHED)


def contribution_for(page):
    return Contribution.objects.filter(page_id=page.pk).first() if page and page.pk else None


def mark_in_review(page):
    """A moderator has started working on the story."""
    Contribution.objects.filter(page_id=page.pk, status=ContributionStatus.RECEIVED).update(
        status=ContributionStatus.IN_REVIEW, updated_at=timezone.now()
    )


def mark_published(page):
    contribution = contribution_for(page)
    if contribution is None or contribution.status == ContributionStatus.PUBLISHED:
        return
    if contribution.status in (ContributionStatus.WITHDRAWN, ContributionStatus.ERASED):
        return
    _tell_contributor(contribution, ContributionStatus.PUBLISHED)


def mark_changes_requested(page, message=""):
    """A moderator asked for changes: the contributor reads the message and may revise."""
    contribution = contribution_for(page)
    if contribution is None or contribution.status not in OPEN_STATUSES:
        return
    contribution.changes_requested = message or ""
    _tell_contributor(contribution, ContributionStatus.CHANGES_REQUESTED)


def mark_refused(page, reason=""):
    """A moderator refused the story for good, with a reason the contributor receives."""
    contribution = contribution_for(page)
    if contribution is None or contribution.status not in OPEN_STATUSES:
        return
    contribution.rejection_reason = reason or ""
    _tell_contributor(contribution, ContributionStatus.REJECTED)


def mark_removed(page):
    """The team unpublished or deleted a story: its follow-up page says so, its media turn
    private again (the media route serves them only for a live, published story)."""
    contribution = contribution_for(page)
    if contribution is None or contribution.status not in TAKEN_DOWN_FROM:
        return
    contribution.status = ContributionStatus.REMOVED
    contribution.save(update_fields=["status", "updated_at"])


def _tell_contributor(contribution, status):
    contribution.status = status
    contribution.outcome_status = MailStatus.PENDING
    contribution.save(
        update_fields=[
            "status",
            "rejection_reason",
            "changes_requested",
            "outcome_status",
            "updated_at",
        ]
    )
    outbox.enqueue(tasks.send_outcome, contribution.pk, status)


@transaction.atomic
def withdraw(contribution):
    """The contributor takes their story back: unpublished, media deleted, status set."""
    page = contribution.page
    # Saved first, so that unpublishing below does not read as a removal by the team.
    contribution.status = ContributionStatus.WITHDRAWN
    contribution.save(update_fields=["status", "updated_at"])
    if page is not None:
        cancel_workflow(page)
        if page.live:
            page.unpublish()  # which removes every share card of the page (signals.py)
    delete_media(contribution)


def cancel_workflow(page):
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=None)


def delete_media(contribution):
    """Delete the contribution's photos and video, with every file made from them (after
    commit)."""
    images = list(contribution.images.all())
    video = contribution.video
    page = contribution.page
    if page is not None and page.image_id in {image.pk for image in images}:
        page.image = None
        page.save(update_fields=["image"])
    if page is not None and video is not None and page.video_id == video.pk:
        page.video = None
        page.save(update_fields=["video"])
    for image in images:
        image.delete()  # Wagtail deletes the file and every rendition with it
    if video is not None:
        video.delete()  # its file, poster and captions go after commit (signals)
        contribution.video = None


@transaction.atomic
def erase(contribution):
    """Erase the personal data of a contribution for good; its story goes with it."""
    if contribution.page is not None and contribution.is_withdrawable:
        withdraw(contribution)
    else:
        delete_media(contribution)
    contribution.name = ""
    contribution.email = f"efface-{contribution.reference.lower()}@invalid"
    contribution.years_at_company = ""
    contribution.rejection_reason = ""
    contribution.changes_requested = ""
    contribution.consent_texts = {}
    contribution.mail_error = ""
    contribution.status = ContributionStatus.ERASED
    contribution.save()
    page = contribution.page
    if page is not None and not page.live:
        page_id = page.pk
        page.delete()
        forget_page_history(page_id)


def forget_page_history(page_id):
    """Wagtail keeps a deleted page's log (titles, comments of the review) and its workflow
    states: an erased story leaves neither."""
    PageLogEntry.objects.filter(page_id=page_id).delete()
    WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page_id)
    ).delete()
    Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page_id)
    ).delete()


def purge_expired(retention_days, *, now=None):
    """Erase refused, removed and withdrawn contributions untouched for ``retention_days``."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days)
    expired = list(Contribution.objects.closed_before(cutoff).select_related("page"))
    for contribution in expired:
        erase(contribution)
    return len(expired)


def resend(contribution):
    """Retry failed e-mails; the private link stays the same."""

    if contribution.acknowledgement_status == MailStatus.FAILED:
        tasks.send_acknowledgement.enqueue(contribution.pk)
    if contribution.outcome_status == MailStatus.FAILED:
        tasks.send_outcome.enqueue(contribution.pk, contribution.status)
