"""Batch commands write in short transactions, so that a contributor's intake waiting for
SQLite's write lock gets it between two of them."""

from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_save

import pytest

from stories.management.commands.generate_stories import BATCH
from stories.models import StoryPage
from tests.builders import make_site, make_story_index


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_generate_stories_commits_every_fifty_pages():
    make_story_index(make_site())
    saved, committed = [], []

    def count(sender, instance, created, **kwargs):
        if created:
            saved.append(instance.pk)
            # Runs when the transaction commits: how many pages were saved by then.
            transaction.on_commit(lambda: committed.append(len(saved)))

    post_save.connect(count, sender=StoryPage, dispatch_uid="test-short-transactions")
    try:
        call_command("generate_stories", count=120, verbosity=0)
    finally:
        post_save.disconnect(sender=StoryPage, dispatch_uid="test-short-transactions")

    commits = sorted(set(committed))
    assert commits == [50, 100, 120]
    assert BATCH <= 50
