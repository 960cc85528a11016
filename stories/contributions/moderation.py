"""Moderation rides on Wagtail's own workflow: one contributions review task for
"Modérateurs" (approve, ask the contributor for changes, refuse). The migrations create the
workflow, its task and the group; administrators may rename or reorganise them in the admin."""

import logging

from django.db import transaction
from django.tasks import task

from wagtail.models import Collection, Workflow

from stories.models import Contribution, ContributionReviewTask, ContributionStatus

COLLECTION_NAME = "Contributions"

logger = logging.getLogger(__name__)


def moderation_workflow():
    """The active workflow with a contributions review step: found by the type of its task,
    so renaming it in the admin changes nothing; None if administrators removed it."""
    reviews = ContributionReviewTask.objects.filter(active=True)
    return (
        Workflow.objects.filter(active=True, workflow_tasks__task__in=reviews)
        .order_by("pk")
        .first()
    )


def contributions_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def start_moderation(page):
    """Submit the draft story to the moderators. Without a workflow the story stays a draft
    and its contribution "Reçue" in the inbox, where moderators still find it."""
    workflow = moderation_workflow()
    if workflow is None:
        logger.error("No active workflow reviews contributions; page %s waits as a draft.", page.pk)
        return None
    return workflow.start(page, user=None)


@task
def begin_review(contribution_id, unless_under_way=False):
    """A new contribution's story gets its first revision and goes to the moderators.

    Queued in the intake's transaction and run by the intake right after its commit, in a
    transaction of its own that leaves the story list's row alone (intake.py says why); the
    queued copy is there for a process killed in between. Safe to run twice, and at the same
    time: the contribution's row is locked, and a story already reviewed is left alone, as is
    a contribution withdrawn meanwhile. The intake's own call passes ``unless_under_way``: a
    worker that got there first finishes the job, the contributor does not wait for it."""
    with transaction.atomic():
        contribution = (
            Contribution.objects.select_for_update(skip_locked=unless_under_way)
            .filter(pk=contribution_id, status=ContributionStatus.RECEIVED)
            .exclude(page=None)
            .first()
        )
        if contribution is None:
            return
        story = contribution.page.specific
        if story.workflow_states.exists():
            return
        if story.latest_revision_id is None:
            story.save_revision(clean=False)  # validated when it was added
        start_moderation(story)
