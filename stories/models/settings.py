from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from stories.colours import HEX_COLOUR, contrast_ratio

WHITE = "#ffffff"
hex_colour_validator = RegexValidator(
    HEX_COLOUR, _("Saisissez une couleur au format #RRGGBB, par exemple #0f3b7a.")
)


@register_setting(icon="calendar-alt")
class CentenarySettings(BaseSiteSetting):
    """What makes the site one organisation's centenary: names, years, hashtag, colours."""

    organisation_name = models.CharField(
        verbose_name=_("organisation"),
        max_length=120,
        default="Notre entreprise",
        help_text=_("Le nom de l’organisation tel qu’il apparaît sur le site."),
    )
    tagline = models.CharField(
        verbose_name=_("accroche"),
        max_length=200,
        blank=True,
        help_text=_("Une phrase courte sous le nom du site, par exemple « 100 ans d’histoires »."),
    )
    hashtag = models.CharField(
        verbose_name=_("mot-dièse"),
        max_length=60,
        default="Centenaire",
        validators=[
            RegexValidator(
                r"^\w+$", _("Lettres, chiffres et tiret bas seulement, sans le signe #.")
            )
        ],
        help_text=_("Sans le signe #, par exemple IBMfr100. Il accompagne chaque partage."),
    )
    founding_year = models.PositiveSmallIntegerField(
        verbose_name=_("année de fondation"),
        default=1925,
        validators=[MinValueValidator(1000), MaxValueValidator(2200)],
    )
    anniversary_year = models.PositiveSmallIntegerField(
        verbose_name=_("année du centenaire"),
        default=2025,
        validators=[MinValueValidator(1000), MaxValueValidator(2300)],
    )
    primary_colour = models.CharField(
        verbose_name=_("couleur principale"),
        max_length=7,
        default="#0f3b7a",
        validators=[hex_colour_validator],
        help_text=_(
            "Couleur des titres, liens et bandeaux. Elle doit rester lisible sur du blanc "
            "(contraste d’au moins 4,5:1), le site le vérifie."
        ),
    )
    accent_colour = models.CharField(
        verbose_name=_("couleur d’accent"),
        max_length=7,
        default="#f2a93b",
        validators=[hex_colour_validator],
        help_text=_(
            "Couleur des repères et des dates sur les bandeaux. Elle doit rester lisible sur "
            "la couleur principale (contraste d’au moins 4,5:1), le site le vérifie."
        ),
    )
    logo = models.ForeignKey(
        "stories.CentenaryImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contribute_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page « Contribuer »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La page vers laquelle mène l’appel à raconter son histoire, sur chaque page."),
    )

    moderation_email = models.EmailField(
        verbose_name=_("e-mail de la modération"),
        blank=True,
        help_text=_(
            "Reçoit un avis à chaque nouvelle contribution, en plus des membres du groupe "
            "« Modérateurs »."
        ),
    )
    retention_days = models.PositiveSmallIntegerField(
        verbose_name=_("conservation des données (jours)"),
        default=90,
        help_text=_(
            "Les données personnelles des contributions refusées ou retirées sont effacées "
            "après ce délai."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("tagline"), FieldPanel("logo")],
            heading=_("Identité"),
        ),
        MultiFieldPanel(
            [FieldPanel("founding_year"), FieldPanel("anniversary_year"), FieldPanel("hashtag")],
            heading=_("Centenaire"),
        ),
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("accent_colour")], heading=_("Couleurs")
        ),
        FieldPanel("contribute_page"),
        MultiFieldPanel(
            [FieldPanel("moderation_email"), FieldPanel("retention_days")],
            heading=_("Contributions"),
        ),
    ]

    class Meta:
        verbose_name = _("réglages du centenaire")

    def clean(self):
        super().clean()
        errors = {}
        if self.founding_year and self.anniversary_year <= self.founding_year:
            errors["anniversary_year"] = _(
                "L’année du centenaire doit suivre l’année de fondation."
            )
        errors.update(self.colour_errors())
        if errors:
            raise ValidationError(errors)

    def colour_errors(self):
        """AA contrast for text: primary on white, and accent on primary (dates, buttons)."""
        primary, accent = self.primary_colour or "", self.accent_colour or ""
        if not (HEX_COLOUR.match(primary) and HEX_COLOUR.match(accent)):
            return {}  # the field validators already explain the format
        if contrast_ratio(primary, WHITE) < 4.5:
            return {
                "primary_colour": _(
                    "Cette couleur est trop claire : le texte sur fond blanc serait difficile "
                    "à lire. Choisissez une teinte plus foncée."
                )
            }
        if contrast_ratio(accent, primary) < 4.5:
            return {
                "accent_colour": _(
                    "L’accent se lit mal sur la couleur principale. "
                    "Choisissez une teinte plus claire ou plus vive."
                )
            }
        return {}

    @classmethod
    def for_page(cls, page):
        """The settings of the site a page belongs to (the default site's for a page not
        yet placed in the tree); None when there is no site at all."""
        site = page.get_site() if page is not None and page.path else None
        if site is None:
            site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site is not None else None

    @classmethod
    def for_default_site(cls):
        """For work without a request or a page (tasks, commands): the default site's
        settings, or the defaults while no site exists."""
        return cls.for_page(None) or cls()

    @property
    def years(self):
        return range(self.founding_year, self.anniversary_year + 1)

    @property
    def decades(self):
        first = self.founding_year - self.founding_year % 10
        return list(range(first, self.anniversary_year + 1, 10))
