"""Moderation rides on Wagtail's own workflow: one contributions review task for
"Modérateurs" (approve, ask the contributor for changes, refuse). The migrations create the
workflow, its task and the group; administrators may rename or reorganise them in the admin."""

import logging

from wagtail.models import Collection, Workflow

from stories.models import ContributionReviewTask

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
