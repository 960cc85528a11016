"""Background e-mails about contributions (Django's tasks framework).

A failed send never loses anything: the contribution is already saved; the failure is
recorded on it, shown in the inbox, and can be retried from there.

They are queued in the transaction that makes them necessary (stories/outbox.py) and the
queue delivers at least once, so each is safe to run twice: the acknowledgement and an
outcome are skipped once recorded as sent (or when the contribution has moved on); a
moderator notice is skipped once its review step is over, and otherwise may reach a
moderator twice if a worker dies between two messages (there is no per-moderator record).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import TaskState
from wagtail.users.models import UserProfile

from stories.contributions.moderation import moderation_workflow
from stories.models import (
    CentenarySettings,
    Contribution,
    ContributionPage,
    ContributionStatus,
    MailStatus,
)
from stories.public_url import absolute_url as public_absolute_url
from stories.routing import subpage_url

logger = logging.getLogger(__name__)


def absolute_url(path):
    return public_absolute_url(path)


def follow_url(contribution):
    """The contributor's private link, derived again here: tasks never carry the token."""
    page = ContributionPage.objects.live().first()
    if page is None:
        return ""
    path = subpage_url(page, "follow", contribution.private_token())
    return absolute_url(path)


def context_for(contribution, **extra):
    centenary = CentenarySettings.for_page(contribution.page) or CentenarySettings()
    return {"contribution": contribution, "centenary": centenary, **extra}


def deliver(contribution, field, template, recipients, **extra):
    """Render and send one e-mail; record success or failure on ``field``."""
    context = context_for(contribution, **extra)
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception as error:
        logger.warning("E-mail %s for %s failed: %s", template, contribution.reference, error)
        status, message = MailStatus.FAILED, str(error)[:300]
    else:
        status, message = MailStatus.SENT, ""
    if field:
        Contribution.objects.filter(pk=contribution.pk).update(
            **{field: status}, mail_error=message
        )
    return status


@task
def send_acknowledgement(contribution_id):
    """The reference and the private link; nothing to do once it went out."""
    contribution = Contribution.objects.get(pk=contribution_id)
    if contribution.acknowledgement_status == MailStatus.SENT:
        return MailStatus.SENT
    return deliver(
        contribution,
        "acknowledgement_status",
        "acknowledgement",
        [contribution.email],
        follow_url=follow_url(contribution),
    )


@task
def notify_moderators(contribution_id, resubmitted=False, task_state_id=None):
    """One e-mail per submission (or revision) to the moderators and the shared address;
    Wagtail's own notifications are not sent for contributions (signals.py). Nothing is
    sent once the review step that was submitted (``task_state_id``) is over."""
    if task_state_id is not None and not review_in_progress(task_state_id):
        return MailStatus.PENDING
    contribution = Contribution.objects.select_related("page").get(pk=contribution_id)
    recipients = moderator_addresses()
    if not recipients or not contribution.page_id:
        return MailStatus.PENDING
    admin_url = absolute_url(reverse("wagtailadmin_pages:edit", args=(contribution.page_id,)))
    statuses = [
        deliver(
            contribution,
            None,
            "moderators",
            [address],
            admin_url=admin_url,
            resubmitted=resubmitted,
        )
        for address in recipients  # one message each: moderators do not see each other's address
    ]
    return MailStatus.FAILED if MailStatus.FAILED in statuses else MailStatus.SENT


def review_in_progress(task_state_id):
    return TaskState.objects.filter(pk=task_state_id, status=TaskState.STATUS_IN_PROGRESS).exists()


OUTCOME_TEMPLATES = {
    ContributionStatus.PUBLISHED: "outcome_published",
    ContributionStatus.CHANGES_REQUESTED: "outcome_changes_requested",
    ContributionStatus.REJECTED: "outcome_rejected",
}


@task
def send_outcome(contribution_id, status=None):
    """Tell the contributor their story is published (with its link), what the moderators
    would like changed (with the private link to revise it), or why it was refused.

    ``status`` is the outcome to announce (None: the current one, for tasks queued before
    it was passed). Skipped when the contribution has moved on (withdrawn, erased, revised)
    or this outcome is already recorded as sent."""
    contribution = Contribution.objects.select_related("page").get(pk=contribution_id)
    status = status or contribution.status
    if contribution.status != status:
        return MailStatus.PENDING  # moved on: this outcome is no longer the news
    if contribution.outcome_status == MailStatus.SENT:
        return MailStatus.SENT
    template = OUTCOME_TEMPLATES.get(status)
    if template is None:  # withdrawn or erased meanwhile: nothing to say any more
        return MailStatus.PENDING
    story_url = (
        absolute_url(contribution.page.url) if contribution.page and contribution.page.live else ""
    )
    return deliver(
        contribution,
        "outcome_status",
        template,
        [contribution.email],
        story_url=story_url,
        follow_url=follow_url(contribution),
    )


def moderator_addresses():
    """Active members of the groups of the review task who accept submission notifications,
    and the shared moderation address of the settings; each address once."""
    addresses = {}
    for user in moderators_to_notify():
        addresses.setdefault(user.email.lower(), user.email)
    centenary = CentenarySettings.for_default_site()
    if centenary.moderation_email:
        addresses.setdefault(centenary.moderation_email.lower(), centenary.moderation_email)
    return sorted(addresses.values())


def moderators_to_notify():
    reviewers = get_user_model().objects.filter(
        groups__contributionreviewtask__workflow_tasks__workflow=moderation_workflow(),
        groups__contributionreviewtask__active=True,
        is_active=True,
    )
    users = reviewers.exclude(email="")
    return [
        user for user in users.distinct() if UserProfile.get_for_user(user).submitted_notifications
    ]
