"""Batch commands write in short transactions: every new page locks the story list's row (and
on SQLite the whole database) until its commit, and a contributor's intake needs that lock
too, so it must never wait for more than one page."""

from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_save

import pytest

from stories.models import StoryPage
from tests.builders import make_site, make_story_index


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_generate_stories_commits_each_page_on_its_own():
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

    assert committed == list(range(1, 121))
