"""Read queries named like the domain."""

from django.db.models import F, Prefetch, prefetch_related_objects
from django.db.models.functions import Coalesce

from wagtail.images import get_image_model
from wagtail.query import PageQuerySet

from stories.cache import private_q
from stories.renditions import CARD_RENDITIONS


def renditions_from_specs(lookup, *specs):
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        lookup,
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


def renditions_of(relation, *specs):
    """Prefetch the given renditions of an image already joined with select_related."""
    return renditions_from_specs(f"{relation}__renditions", *specs)


class VisiblePageQuerySet(PageQuerySet):
    def visible(self):
        """Live pages outside any private section: what the public may list.

        Same rule as Wagtail's ``live().public()``, with the private sections read from the
        site cache instead of the database on every call.
        """
        return exclude_private(self.live())


def exclude_private(pages):
    """Drop pages under a view restriction, read from the site cache (no query)."""
    restricted = private_q()
    return pages.exclude(restricted) if restricted else pages


class StoryPageQuerySet(VisiblePageQuerySet):
    def in_decade(self, decade: int):
        """Stories whose period overlaps the ten years starting at ``decade``."""
        return self.annotate(period_end=Coalesce(F("year_end"), F("year_start"))).filter(
            year_start__lte=decade + 9, period_end__gte=decade
        )

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def told_by(self, relation: str):
        return self.filter(contributor_relation=relation)

    def with_theme(self, slug: str):
        return self.filter(themes__slug=slug)

    def sharing_themes_with(self, story):
        # A subquery, not a join: no DISTINCT, so the newest can be read from an index.
        tagged = self.model.themes.through.objects.filter(
            tag__in=[theme.pk for theme in story.theme_list]
        )
        related = self.filter(pk__in=tagged.values("content_object_id"))
        return related.exclude(pk=story.pk) if story.pk else related

    def for_cards(self, *, prefetch=True):
        """Everything a story card shows, in a constant number of queries.

        With ``prefetch=False`` only the image is joined; the caller prefetches themes and
        renditions once for several lists (see ``prefetch_card_renditions``).
        """
        stories = self.defer_streamfields().select_related("image", "video")
        if not prefetch:
            return stories
        return stories.prefetch_related(renditions_of("image", *CARD_RENDITIONS), "themes")


def prefetch_card_renditions(pages, *, extra=()):
    """One query for the card renditions of the images of pages of any type."""
    images = [page.image for page in pages if page.image_id]
    if images:
        prefetch_related_objects(
            images, renditions_from_specs("renditions", *CARD_RENDITIONS, *extra)
        )
