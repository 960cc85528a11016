"""Moderation rides on Wagtail's own workflow: one contributions review task for
"Modérateurs" (approve, ask the contributor for changes, refuse)."""

from django.contrib.auth.models import Group

from wagtail.models import Collection, Workflow, WorkflowTask

from stories.models import ContributionReviewTask

WORKFLOW_NAME = "Modération des contributions"
TASK_NAME = "Relecture par les modérateurs"
MODERATORS = "Modérateurs"
EDITORS = "Éditeurs"
COLLECTION_NAME = "Contributions"


def moderation_workflow():
    """The contributions workflow; recreated if someone deleted it, so intake never fails."""
    workflow, created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    if created or not workflow.workflow_tasks.exists():
        moderators, _ = Group.objects.get_or_create(name=MODERATORS)
        task, _ = ContributionReviewTask.objects.get_or_create(name=TASK_NAME)
        task.groups.add(moderators)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def contributions_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def start_moderation(page):
    return moderation_workflow().start(page, user=None)
