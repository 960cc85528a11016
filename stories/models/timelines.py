from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from modelcluster.fields import ParentalKey

from stories.models.mixins import share_messages_panel
from stories.models.pages import BasePage, DirectChildRouteMixin, StoryPage
from stories.models.querysets import (
    VisiblePageQuerySet,
    renditions_from_specs,
    renditions_of,
)
from stories.periods import check_period, period_label
from stories.renditions import CARD_RENDITIONS, LEAD_RENDITIONS, THUMB_RENDITIONS
from stories.sharing.admin_forms import ShareablePageForm


class TimelineIndexPage(DirectChildRouteMixin, BasePage):
    template = "pages/timeline_index_page.html"

    intro = models.TextField(verbose_name=_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["stories.HomePage"]
    subpage_types = ["stories.TimelinePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("liste des frises")

    def child_model(self):
        return TimelinePage

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["timelines"] = (
            TimelinePage.objects.child_of(self)
            .visible()
            .select_related("image")
            .prefetch_related(renditions_of("image", *CARD_RENDITIONS))
        )
        return context


class TimelinePage(BasePage):
    """A themed timeline: eras as bands, events in date order whatever order they were entered."""

    template = "pages/timeline_page.html"

    intro = models.TextField(
        verbose_name=_("introduction"),
        blank=True,
        help_text=_("Quelques phrases qui présentent le thème de la frise."),
    )
    image = models.ForeignKey(
        "stories.CentenaryImage",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PageManager.from_queryset(VisiblePageQuerySet)()

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.RelatedFields("events", [index.SearchField("title"), index.SearchField("text")]),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        InlinePanel(
            "eras",
            label=_("Époque"),
            heading=_("Époques"),
            help_text=_(
                "Les grandes périodes de la frise. Chaque événement rejoint l’époque de son année."
            ),
        ),
        InlinePanel(
            "events",
            label=_("Événement"),
            heading=_("Événements"),
            help_text=_(
                "Ajoutez les événements dans n’importe quel ordre : ils sont rangés par année "
                "à l’enregistrement. Pour une même année, l’ordre que vous donnez est gardé."
            ),
        ),
    ]
    promote_panels = [*BasePage.promote_panels, share_messages_panel()]
    base_form_class = ShareablePageForm
    parent_page_types = ["stories.TimelineIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("frise")
        verbose_name_plural = _("frises")

    @property
    def card_summary(self):
        return self.listing_summary or self.intro

    def full_clean(self, *args, **kwargs):
        # Every save and every revision goes through here: the events are put in date order
        # first, so the editor finds them in that order when the page is opened again.
        self.order_events_by_date()
        super().full_clean(*args, **kwargs)

    def order_events_by_date(self):
        """Events by year; events of the same year keep the order the editor gave them."""
        events = list(self.events.all())
        ordered = sorted(events, key=event_date_key)
        if [event.sort_order for event in ordered] == list(range(len(ordered))):
            return
        for position, event in enumerate(ordered):
            event.sort_order = position
        self.events = ordered

    def event_list(self):
        """Events in date order, with their images and stories, in constant queries.

        The story is prefetched from live, public stories only: an event whose story is a
        draft or withdrawn gets ``event.story = None`` and shows no link.
        """
        live_stories = StoryPage.objects.visible().select_related("image")
        events = list(
            self.events.order_by("year", "sort_order")
            .select_related("image")
            .prefetch_related(Prefetch("story", queryset=live_stories))
        )
        images = [event.image for event in events if event.image_id]
        images += [event.story.image for event in events if event.story and event.story.image_id]
        if self.image_id:
            images.append(self.image)
        prefetch_related_objects(
            images, renditions_from_specs("renditions", *THUMB_RENDITIONS, *LEAD_RENDITIONS)
        )
        return events

    def eras_with_events(self):
        """Each era with the events whose year falls in it; events outside any era come last."""
        events = self.event_list()
        sections = []
        for era in self.eras.all():
            inside = [event for event in events if era.contains(event.year)]
            sections.append((era, inside))
        placed = {event.pk for _era, inside in sections for event in inside}
        rest = [event for event in events if event.pk not in placed]
        if rest:
            sections.append((None, rest))
        return [(era, inside) for era, inside in sections if inside]

    @staticmethod
    def decade_anchors(sections):
        """The earliest event of each decade, for the jump links."""
        events = sorted(
            (event for _era, inside in sections for event in inside), key=event_date_key
        )
        anchors = {}
        for event in events:
            anchors.setdefault(event.year - event.year % 10, event.anchor)
        return sorted(anchors.items())

    def get_context(self, request, *args, **kwargs):
        """Eras and events are read only when the page's fragment is rendered
        (templates/pages/timeline_page.html): a cached fragment costs no query for them."""
        context = super().get_context(request, *args, **kwargs)
        sections = SimpleLazyObject(self.eras_with_events)
        context["sections"] = sections
        context["decades"] = SimpleLazyObject(lambda: self.decade_anchors(sections))
        return context


class TimelineEra(Orderable):
    timeline = ParentalKey(TimelinePage, related_name="eras", on_delete=models.CASCADE)
    label = models.CharField(verbose_name=_("nom"), max_length=120)
    start_year = models.PositiveSmallIntegerField(verbose_name=_("de"))
    end_year = models.PositiveSmallIntegerField(verbose_name=_("à"))
    summary = models.TextField(verbose_name=_("résumé"), blank=True)

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
        FieldPanel("summary"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("époque")

    def __str__(self):
        return f"{self.label} ({self.start_year}–{self.end_year})"

    def clean(self):
        check_period(self.start_year, self.end_year, end_field="end_year")

    def contains(self, year):
        return self.start_year <= year <= self.end_year


class TimelineEvent(Orderable):
    timeline = ParentalKey(TimelinePage, related_name="events", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(verbose_name=_("année"))
    end_year = models.PositiveSmallIntegerField(
        verbose_name=_("jusqu’à"),
        null=True,
        blank=True,
        help_text=_("Pour un événement qui dure plusieurs années."),
    )
    title = models.CharField(verbose_name=_("titre"), max_length=200)
    text = models.TextField(verbose_name=_("texte"), blank=True)
    image = models.ForeignKey(
        "stories.CentenaryImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    story = models.ForeignKey(
        "stories.StoryPage",
        verbose_name=_("histoire liée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="timeline_events",
        help_text=_("Une histoire publiée qui raconte cet événement ; elle s’affiche avec lui."),
    )
    anchor = models.SlugField(
        verbose_name=_("ancre"),
        max_length=80,
        blank=True,
        help_text=_(
            "Le lien direct vers l’événement. Rempli automatiquement ; "
            "ne le changez pas une fois partagé."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("end_year")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("image"),
        FieldPanel("story"),
        FieldPanel("anchor"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("événement")

    def __str__(self):
        return f"{self.year} – {self.title}"

    def clean(self):
        check_period(self.year, self.end_year, end_field="end_year")

    def save(self, *args, **kwargs):
        if not self.anchor:
            self.anchor = default_anchor(self.year, self.title)
        super().save(*args, **kwargs)

    @property
    def period_label(self):
        return period_label(self.year, self.end_year)


def event_date_key(event):
    return (event.year or 0, event.sort_order if event.sort_order is not None else 0)


def default_anchor(year, title):
    return f"{year}-{slugify(title)}"[:80].strip("-")
