"""The home page: the anniversary, the stories editors put forward, the latest, the timelines.

Its own module because it shows every other kind of page: pages and timelines never import it.
"""

from functools import cache as cache_once

from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from modelcluster.fields import ParentalKey

from stories.models.pages import BasePage, StoryIndexPage, StoryPage
from stories.models.querysets import prefetch_card_renditions
from stories.models.timelines import TimelinePage

HOME_LATEST_STORIES = 6


class HomePage(BasePage):
    template = "pages/home_page.html"

    intro = models.TextField(
        verbose_name=_("introduction"),
        blank=True,
        help_text=_(
            "Deux ou trois phrases qui accueillent le visiteur et présentent le centenaire."
        ),
    )
    hero_image = models.ForeignKey(
        "stories.CentenaryImage",
        verbose_name=_("image d’accueil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        InlinePanel(
            "featured_stories",
            label=_("Histoires à la une"),
            heading=_("Histoires à la une"),
            help_text=_("Les histoires mises en avant sur l’accueil, dans cet ordre."),
            max_num=6,
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "stories.StoryIndexPage",
        "stories.TimelineIndexPage",
        "stories.ContributionPage",
        "stories.ShareKitPage",
        "stories.StandardPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page d’accueil")

    def get_context(self, request, *args, **kwargs):
        """The stories and timelines are read only when the page's fragment is rendered
        (templates/pages/home_page.html): a cached fragment costs no query for them."""
        context = super().get_context(request, *args, **kwargs)
        sections = cache_once(self.front_page_sections)
        context.update(
            featured_stories=SimpleLazyObject(lambda: sections()["featured"]),
            latest_stories=SimpleLazyObject(lambda: sections()["latest"]),
            timelines=SimpleLazyObject(lambda: sections()["timelines"]),
            story_index=SimpleLazyObject(
                lambda: StoryIndexPage.objects.child_of(self).live().first()
            ),
        )
        return context

    def front_page_sections(self):
        """The stories put forward, the latest others and the timelines, with their cards'
        themes and pictures."""
        featured = list(
            StoryPage.objects.visible()
            .filter(home_features__home=self)
            .order_by("home_features__sort_order")
            .for_cards(prefetch=False)
        )
        latest = list(
            StoryPage.objects.visible()
            .exclude(pk__in=[story.pk for story in featured])
            .order_by("-first_published_at")
            .for_cards(prefetch=False)[:HOME_LATEST_STORIES]
        )
        timelines = list(TimelinePage.objects.visible().select_related("image"))
        prefetch_related_objects([*featured, *latest], "themes")
        prefetch_card_renditions([*featured, *latest, *timelines])
        return {"featured": featured, "latest": latest, "timelines": timelines}


class HomeFeaturedStory(Orderable):
    home = ParentalKey(HomePage, related_name="featured_stories", on_delete=models.CASCADE)
    story = models.ForeignKey(
        "stories.StoryPage",
        verbose_name=_("histoire"),
        on_delete=models.CASCADE,
        related_name="home_features",
    )

    panels = [FieldPanel("story")]
