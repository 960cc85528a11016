import re
from html import unescape

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Subquery
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.http import Http404
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction, Site
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtailmedia.edit_handlers import MediaChooserPanel

from stories.blocks import StandardBodyBlock, StoryBodyBlock
from stories.cache import cached, restricted_paths
from stories.choices import ContributorRelation, StoryKind
from stories.contributions.panels import ContributionPanel
from stories.feeds import StoryFeed
from stories.filters import StoryFilterForm
from stories.models.mixins import ListingFields, SocialFields, share_messages_panel
from stories.models.querysets import StoryPageQuerySet, prefetch_card_renditions
from stories.models.settings import CentenarySettings
from stories.periods import check_period, period_label
from stories.renditions import LEAD_RENDITIONS
from stories.routing import answer_with
from stories.sharing.admin_forms import ShareablePageForm
from stories.text import first_sentence
from stories.video.panels import VideoStatusPanel

RELATED_STORIES = 3
LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


SHARE_CARD_PREVIEW = "share-card"


class BasePage(ListingFields, SocialFields, Page):
    """A public page: listing card and share fields in the promote tab."""

    promote_panels = [
        *Page.promote_panels,
        *ListingFields.listing_panels,
        *SocialFields.social_panels,
    ]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail's check before serving, without its two queries on a public page.

        The paths of restricted sections come from the site cache (see ``stories/cache.py``),
        renewed whenever a restriction changes or a page moves; an alias is checked by Wagtail.
        """

        if self.alias_of_id is None and not self.path.startswith(tuple(restricted_paths())):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @property
    def preview_modes(self):
        return [*super().preview_modes, (SHARE_CARD_PREVIEW, _("Image de partage"))]

    def share_card_text(self, centenary):
        """What the share card says besides the title: a quote, a byline, a period."""
        return {
            "quote": first_sentence(getattr(self, "intro", "")),
            "byline": centenary.tagline,
            "period": "",
        }

    def site_settings(self, parent=None):
        """The centenary settings of this page's site (of its parent's, before it is saved)."""
        return CentenarySettings.for_page(self if self.pk else parent)

    def serve_preview(self, request, mode_name):
        if mode_name == SHARE_CARD_PREVIEW:
            return answer_with("stories.sharing.views.share_card_preview", request, self)
        return super().serve_preview(request, mode_name)


class DirectChildRouteMixin:
    """Index pages whose children are all of one type: route to a child in one query.

    Wagtail's default routing reads the child as a generic page and then again as its
    specific type; ``child_pages()`` fetches the specific child at once. What its page shows
    (photo, video) is read only if its rendered fragments are not cached.
    """

    def child_model(self):
        """The one type of this index's children."""
        raise NotImplementedError

    def child_pages(self):
        """This page's children, as their type. The tree's path and depth alone, unordered:
        treebeard's ``child_of`` (a descendant test, then the depth, ordered by path) costs a
        third more to build, on every request that reaches a child."""
        return (
            self.child_model()
            .objects.filter(path__startswith=self.path, depth=self.depth + 1)
            .order_by()
        )

    def is_subpage_route(self, path_components):
        return False

    def route(self, request, path_components):
        if len(path_components) == 1 and not self.is_subpage_route(path_components):
            found = self.child_pages().filter(slug=path_components[0])[:1]
            child = next(iter(found), None)
            if child is not None:
                return child.route(request, [])
        return super().route(request, path_components)


class StoryListing:
    """One page of the filtered story list, read from the database only when the template asks
    for it: a cached fragment of the list (templates/pages/story_index_page.html) asks nothing.
    """

    def __init__(self, stories, page_size, request):
        self.stories = stories
        self.page_size = page_size
        self.number = request.GET.get("page", "1")

    @cached_property
    def page(self):
        paginator = Paginator(self.stories, self.page_size, allow_empty_first_page=True)
        return paginator.get_page(self.number)

    @property
    def count(self):
        return self.page.paginator.count

    @property
    def fragment_key(self):
        """The page number asked for, as the fragment's key, or None (not remembered) when it
        is not a plain page number: odd values cannot fill the cache."""
        return self.number if self.number.isdigit() and len(self.number) <= 4 else None


class StoryIndexPage(DirectChildRouteMixin, RoutablePageMixin, BasePage):
    template = "pages/story_index_page.html"

    intro = models.TextField(verbose_name=_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["stories.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("liste des histoires")

    def child_model(self):
        return StoryPage

    def is_subpage_route(self, path_components):
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    @path("")
    def story_list(self, request):
        form = StoryFilterForm(request.GET or None, decades=self.decades(request))
        listing = StoryListing(form.filter(self.stories()), self.get_page_size(), request)
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "listing": listing,
                "filter_query": form.query_string(),
            },
        )

    @path("flux/")
    def feed(self, request):
        latest = self.stories().order_by("-first_published_at")[: settings.STORIES_IN_FEED]
        organisation = self.centenary_settings(request).organisation_name
        return StoryFeed(self, latest, organisation)(request)

    def stories(self):
        return StoryPage.objects.child_of(self).visible()

    def get_page_size(self):
        return settings.STORIES_PER_PAGE

    @staticmethod
    def centenary_settings(request):
        return CentenarySettings.for_request(request)

    def decades(self, request):
        """The decades the filter offers, from the settings' years, remembered for the cache
        generation (a list whose cards are cached then reads no settings)."""
        return cached(
            f"decades:{Site.find_for_request(request).pk}",
            lambda: self.centenary_settings(request).decades,
        )


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class StoryPage(BasePage):
    """One story of the centenary: an anecdote, photos, a video testimony or an article."""

    template = "pages/story_page.html"

    standfirst = models.TextField(
        verbose_name=_("chapeau"),
        max_length=400,
        help_text=_("Une ou deux phrases sous le titre qui résument l’histoire."),
    )
    kind = models.CharField(
        verbose_name=_("genre"),
        max_length=20,
        choices=StoryKind.choices,
        default=StoryKind.ANECDOTE,
    )
    year_start = models.PositiveSmallIntegerField(
        verbose_name=_("année"),
        help_text=_("L’année où se passe l’histoire, ou la première année d’une période."),
    )
    year_end = models.PositiveSmallIntegerField(
        verbose_name=_("jusqu’à"),
        null=True,
        blank=True,
        help_text=_("Pour une période : la dernière année. Laissez vide pour une seule année."),
    )
    place = models.CharField(
        verbose_name=_("lieu"),
        max_length=200,
        blank=True,
        help_text=_("La ville, le site ou l’événement, par exemple « Corbeil-Essonnes, l’usine »."),
    )
    themes = ClusterTaggableManager(
        through=StoryPageTag,
        verbose_name=_("thèmes"),
        blank=True,
        help_text=_(
            "Choisissez de préférence des thèmes existants pour que les filtres restent clairs."
        ),
    )
    display_name = models.CharField(
        verbose_name=_("signature"),
        max_length=120,
        blank=True,
        help_text=_(
            "Le nom affiché, tel que la personne l’a accepté (nom complet, prénom et initiale, "
            "ou « Anonyme »). Laissez vide pour un article de la rédaction."
        ),
    )
    contributor_relation = models.CharField(
        verbose_name=_("lien avec l’entreprise"),
        max_length=20,
        choices=ContributorRelation.choices,
        blank=True,
        help_text=_("Qui raconte : salarié·e, ancien·ne, partenaire… Vide pour la rédaction."),
    )
    image = models.ForeignKey(
        "stories.CentenaryImage",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("En tête de l’histoire et sur sa carte. Format paysage de préférence."),
    )
    image_caption = models.CharField(
        verbose_name=_("légende de l’image principale"),
        max_length=300,
        blank=True,
        help_text=_(
            "Affichée sous l’image principale, avec son crédit : qui, où, quand. Pour une "
            "contribution, la légende écrite par la personne."
        ),
    )
    video = models.ForeignKey(
        "stories.Video",
        verbose_name=_("vidéo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Pour un témoignage vidéo : la vidéo, avec ses sous-titres et sa transcription. "
            "Elle s’affiche en tête de l’histoire une fois traitée."
        ),
    )
    pull_quote = models.CharField(
        verbose_name=_("citation à la une"),
        max_length=200,
        blank=True,
        help_text=_(
            "Une phrase forte de l’histoire, mise en valeur et reprise sur l’image de partage."
        ),
    )
    body = StreamField(StoryBodyBlock(), verbose_name=_("récit"), blank=True)
    photo_in_share_card = models.BooleanField(
        verbose_name=_("photo sur l’image de partage"),
        default=True,
        help_text=_(
            "Décochez si la personne n’a pas accepté que sa photo soit reprise sur les "
            "réseaux sociaux (pour une contribution, la case reprend son accord)."
        ),
    )

    objects = PageManager.from_queryset(StoryPageQuerySet)()

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.SearchField("place"),
        index.SearchField("display_name"),
        index.FilterField("year_start"),
        index.FilterField("kind"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    content_panels = [
        ContributionPanel(),
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldPanel("image"),
        FieldPanel("image_caption"),
        MediaChooserPanel("video", media_type="video"),
        VideoStatusPanel(),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("year_start"), FieldPanel("year_end")]),
                FieldPanel("place"),
                FieldPanel("themes"),
                FieldPanel("kind"),
            ],
            heading=_("Quand, où, quoi"),
        ),
        MultiFieldPanel(
            [FieldPanel("display_name"), FieldPanel("contributor_relation")],
            heading=_("Qui raconte"),
        ),
        FieldPanel("pull_quote"),
        FieldPanel("body"),
    ]
    promote_panels = [
        *BasePage.promote_panels,
        FieldPanel("photo_in_share_card"),
        share_messages_panel(),
    ]
    base_form_class = ShareablePageForm

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("histoire")
        verbose_name_plural = _("histoires")
        # (year, id) is the century's order: decade filters and previous/next read it.
        indexes = [models.Index(fields=["year_start", "page_ptr"], name="story_year_start_id")]

    def clean(self):
        super().clean()
        check_period(self.year_start, self.year_end, end_field="year_end")

    @property
    def period_label(self):
        return period_label(self.year_start, self.year_end)

    def index_url(self, request=None):
        """The story list it belongs to: a child's URL is its parent's and its slug, so no
        query for the parent."""
        return self.get_url(request).removesuffix(f"{self.slug}/")

    def share_card_text(self, centenary):
        """A story's card quotes its pull quote (else its first sentence) and names its teller."""
        return {
            "quote": self.pull_quote or first_sentence(self.standfirst),
            "byline": self.display_name or str(_("La rédaction")),
            "period": self.period_label,
        }

    @property
    def decade(self):
        return self.year_start - self.year_start % 10

    @cached_property
    def standfirst_opens_body(self):
        """True when the text begins with the standfirst, as a contribution's does (its
        standfirst is its first sentence, for cards and feeds): the story page then prints
        that sentence once, in the text."""
        standfirst = " ".join(self.standfirst.split()).removesuffix("…").strip()
        first = next(iter(self.body), None)
        if not standfirst or first is None or first.block_type != "paragraph":
            return False
        html = LINE_BREAK_TAG.sub(" ", first.value.source)
        return " ".join(unescape(strip_tags(html)).split()).startswith(standfirst)

    @cached_property
    def theme_list(self):
        return list(self.themes.all())

    def siblings(self):
        return StoryPage.objects.sibling_of(self, inclusive=False).visible()

    def get_context(self, request, *args, **kwargs):
        """Related stories and neighbours are read only when the page's fragment is rendered
        (templates/pages/story_page.html): a cached fragment costs no query for them."""
        context = super().get_context(request, *args, **kwargs)
        preview = getattr(request, "is_preview", False)

        def related():
            stories = self.related_stories(preview=preview)
            prefetch_card_renditions([*stories, self], extra=LEAD_RENDITIONS)
            return stories

        context.update(
            related_stories=SimpleLazyObject(related),
            neighbours=SimpleLazyObject(self.neighbours),
            index_url=SimpleLazyObject(lambda: self.index_url(request)),
        )
        return context

    def related_stories(self, *, preview=False):
        """The newest stories sharing a theme with this one, for cards.

        Finding them sorts every story of those themes (16 ms at 10,000 stories): the ids are
        remembered for the generation (any publication renews them), then read by key. A
        preview, whose themes may be a draft's, always searches.
        """
        stories = self.siblings().for_cards(prefetch=False)

        def newest_ids():
            related = self.siblings().sharing_themes_with(self).order_by("-first_published_at")
            return list(related.values_list("pk", flat=True)[:RELATED_STORIES])

        if preview or not self.pk:
            ids = newest_ids()
        else:
            ids = cached(f"related-stories-{self.pk}", newest_ids)
        if not ids:
            return []
        found = {story.pk: story for story in stories.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def neighbours(self):
        """The stories just before and after this one in the order of the century, one query.

        The century's order is (year, id): equal years are ordered by id, so every story has
        one predecessor and one successor. Each neighbour is a row-value range on the
        (year_start, page_ptr) index read in order until the first visible sibling, and the
        two are fetched by primary key: no part of the query reads the whole table.
        """
        key = (self.year_start, self.pk or 0)  # a preview may not be saved yet
        order = Tuple(F("year_start"), F("pk"))
        stories = self.siblings()
        before = stories.filter(TupleLessThan(order, key)).order_by("-year_start", "-pk")
        after = stories.filter(TupleGreaterThan(order, key)).order_by("year_start", "pk")
        found = list(
            StoryPage.objects.filter(
                models.Q(pk=Subquery(before.values("pk")[:1]))
                | models.Q(pk=Subquery(after.values("pk")[:1]))
            ).only("title", "url_path", "year_start", "year_end")
        )
        previous = next((story for story in found if _sort_key(story) < _sort_key(self)), None)
        following = next((story for story in found if _sort_key(story) > _sort_key(self)), None)
        return previous, following


def _sort_key(story):
    return (story.year_start, story.pk or 0)


class StandardPage(BasePage):
    template = "pages/standard_page.html"

    intro = models.TextField(verbose_name=_("introduction"), blank=True)
    body = StreamField(StandardBodyBlock(), verbose_name=_("contenu"), blank=True)

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["stories.HomePage", "stories.StandardPage"]
    subpage_types = ["stories.StandardPage"]

    class Meta:
        verbose_name = _("page simple")
