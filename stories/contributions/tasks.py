"""Background e-mails about contributions (Django's tasks framework).

A failed send never loses anything: the contribution is already saved; the failure is
recorded on it, shown in the inbox, and can be retried from there.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string

from stories.models import CentenarySettings, Contribution, ContributionPage, MailStatus

logger = logging.getLogger(__name__)


def after_intake(contribution_id, token):
    send_acknowledgement.enqueue(contribution_id, token)
    notify_moderators.enqueue(contribution_id)


def absolute_url(path):
    from stories.public_url import absolute_url as public_absolute_url

    return public_absolute_url(path)


def follow_url(token):
    page = ContributionPage.objects.live().first()
    return absolute_url(f"{page.url}suivi/{token}/") if page else ""


def context_for(contribution, **extra):
    centenary = CentenarySettings.objects.first() or CentenarySettings()
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
def send_acknowledgement(contribution_id, token):
    contribution = Contribution.objects.get(pk=contribution_id)
    return deliver(
        contribution,
        "acknowledgement_status",
        "acknowledgement",
        [contribution.email],
        follow_url=follow_url(token),
    )


@task
def notify_moderators(contribution_id):
    contribution = Contribution.objects.select_related("page").get(pk=contribution_id)
    recipients = moderator_addresses()
    if not recipients:
        return MailStatus.PENDING
    admin_url = (
        absolute_url(f"/admin/pages/{contribution.page_id}/edit/") if contribution.page_id else ""
    )
    return deliver(contribution, None, "moderators", recipients, admin_url=admin_url)


@task
def send_outcome(contribution_id):
    """Tell the contributor their story is published (with its link) or why it was not."""
    contribution = Contribution.objects.select_related("page").get(pk=contribution_id)
    story_url = (
        absolute_url(contribution.page.url) if contribution.page and contribution.page.live else ""
    )
    return deliver(
        contribution,
        "outcome_status",
        f"outcome_{contribution.status}",
        [contribution.email],
        story_url=story_url,
    )


def moderator_addresses():
    """The shared moderation address of the settings. Members of the Modérateurs group are
    already told by Wagtail's own workflow notification, with the same review link."""
    centenary = CentenarySettings.objects.first()
    return [centenary.moderation_email] if centenary and centenary.moderation_email else []
