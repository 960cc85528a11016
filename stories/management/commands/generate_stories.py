import random
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update

from modelsearch.signal_handlers import post_save_signal_handler

from stories.busy import retry_when_busy
from stories.models import CentenaryImage, ContributorRelation, StoryIndexPage, StoryKind, StoryPage

THEMES = ["Sport", "Innovation", "Valeurs", "Usines et sites", "Vie d’équipe", "Clients"]
PLACES = ["Paris", "Corbeil-Essonnes", "Montpellier", "La Gaude", "Bordeaux", "Lille", "Lyon"]
# Each page is written in a transaction of its own: treebeard's add_child locks the story
# list's row until the commit, and every contributor's draft story needs that row too (on
# PostgreSQL a 50-page transaction made contributors wait seconds for each batch, past the
# proxy's timeout under load). Pages are indexed for search BATCH at a time, after their
# commits, outside the lock.
BATCH = 50
# On SQLite the write lock is the whole database's, and a page's commit hands it over for too
# short a moment: SQLite's waiters poll every 100 ms at most. So after BATCH pages the
# command lets go of the lock this long; without the gap it takes the lock back at once and
# starves them (benchmarks/contributors.py saw stories wait past the intake's budget).
HANDOVER_SECONDS = 0.15


class Command(BaseCommand):
    help = "Add N generated stories under the story index (for benchmarks; needs load_demo first)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=100)

    def handle(self, *args, count, seed, **options):
        index = StoryIndexPage.objects.first()
        if index is None:
            raise CommandError("No story index: run `manage.py load_demo` first.")
        rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
        images = list(CentenaryImage.objects.values_list("pk", flat=True))
        start = time.perf_counter()
        offset = StoryPage.objects.child_of(index).count()
        with search_index_updates_deferred(StoryPage), disable_reference_index_auto_update():
            for batch_start in range(0, count, BATCH):
                numbers = range(
                    offset + batch_start + 1, offset + min(count, batch_start + BATCH) + 1
                )
                batch = [write_story(index, rng, images, number) for number in numbers]
                index_for_search(batch)
                self.stdout.write(f"{min(count, batch_start + BATCH)} / {count}")
                if connection.vendor == "sqlite":
                    time.sleep(HANDOVER_SECONDS)
        elapsed = time.perf_counter() - start
        self.stdout.write(self.style.SUCCESS(f"{count} stories generated in {elapsed:.0f} s."))


@retry_when_busy(budget=60)
def write_story(index, rng, images, number):
    """One page, one transaction: the story list's row is locked for milliseconds. Tried
    again while contributors hold the lock (it is their turn); add_child reads the list's
    row again under its lock, so drafts that joined it meanwhile are counted."""
    with transaction.atomic():
        return add_story(index, rng, images, number)


@retry_when_busy(budget=60)
def index_for_search(batch):
    with transaction.atomic():
        get_search_backend().add_bulk(StoryPage, batch)


def add_story(index, rng, images, number):
    year = rng.randint(1914, 2014)
    story = StoryPage(
        title=f"Histoire générée n° {number}",
        slug=f"histoire-generee-{number}",
        standfirst=f"Un souvenir de {year}, raconté pour mesurer le site à grande échelle.",
        kind=rng.choice(StoryKind.values),
        year_start=year,
        place=rng.choice(PLACES),
        display_name=f"Contributeur {number}",
        contributor_relation=rng.choice(ContributorRelation.values),
        image_id=rng.choice(images) if images else None,
        body=[{"type": "paragraph", "value": f"<p>Récit généré numéro {number}.</p>"}],
        live=True,
        first_published_at=timezone.now(),
        last_published_at=timezone.now(),
    )
    story.themes.set(rng.sample(THEMES, 2))
    index.add_child(instance=story)
    return story


@contextmanager
def search_index_updates_deferred(model):
    """Index a batch at once instead of one search-index task per saved page."""
    post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        post_save.connect(post_save_signal_handler, sender=model)
