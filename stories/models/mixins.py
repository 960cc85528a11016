"""Field groups shared by page types, composed into their promote panels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel


class ListingFields(models.Model):
    """How a page looks as a card in listings, search results and on the home page."""

    listing_title = models.CharField(
        verbose_name=_("titre dans les listes"),
        max_length=120,
        blank=True,
        help_text=_("Un titre plus court pour les cartes. Laissez vide pour reprendre le titre."),
    )
    listing_summary = models.CharField(
        verbose_name=_("résumé dans les listes"),
        max_length=240,
        blank=True,
        help_text=_("Une ou deux phrases pour donner envie de lire. Sinon, le chapeau est repris."),
    )

    listing_panels = [
        MultiFieldPanel(
            [FieldPanel("listing_title"), FieldPanel("listing_summary")],
            heading=_("Dans les listes"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def card_title(self):
        return self.listing_title or self.title

    @property
    def card_summary(self):
        return self.listing_summary or getattr(self, "standfirst", "") or self.search_description


class SocialFields(models.Model):
    """What social networks show when the page is shared."""

    social_text = models.CharField(
        verbose_name=_("texte de partage"),
        max_length=240,
        blank=True,
        help_text=_("Description montrée par les réseaux sociaux. Sinon, le résumé est repris."),
    )
    social_image = models.ForeignKey(
        "stories.CentenaryImage",
        verbose_name=_("image de partage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Laissez vide pour reprendre l’image principale de la page."),
    )

    social_panels = [
        MultiFieldPanel(
            [FieldPanel("social_text"), FieldPanel("social_image")],
            heading=_("Partage sur les réseaux sociaux"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def share_description(self):
        return self.social_text or self.card_summary


def share_messages_panel():
    """The ready-to-post messages of a story or a timeline, in its promote tab."""
    return InlinePanel(
        "share_messages",
        heading=_("Messages prêts à publier"),
        label=_("Message"),
        help_text=_(
            "Des messages que chacun pourra publier en un clic ou copier depuis le kit de "
            "partage. Le plus utile en premier."
        ),
    )
