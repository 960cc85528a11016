"""Read queries named like the domain."""

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Coalesce

from wagtail.images import get_image_model
from wagtail.query import PageQuerySet

from stories.renditions import CARD_RENDITIONS


def images_with_renditions(*specs):
    return get_image_model().objects.prefetch_renditions(*specs)


class StoryPageQuerySet(PageQuerySet):
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
        themes = story.themes.all()
        return self.filter(Q(themes__in=themes)).exclude(pk=story.pk).distinct()

    def chronological(self):
        return self.order_by("year_start", "title", "pk")

    def for_cards(self):
        """Everything a story card shows, in a constant number of queries."""
        return self.prefetch_related(
            Prefetch("image", queryset=images_with_renditions(*CARD_RENDITIONS)),
            "themes",
        )
