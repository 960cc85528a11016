from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from stories.models.pages import BasePage
from stories.routing import answer_with

PRIVATE_LINK = r"(?P<token>[A-Za-z0-9_-]{20,80})"
# The views that answer this page's URLs (see stories/routing.py).
VIEWS = "stories.contributions.views"
FOLLOW_VIEWS = "stories.contributions.follow_views"

DEFAULT_CONSENTS = {
    "publication": _(
        "J’accepte que mon histoire, mes photos et le nom choisi ci-dessus soient publiés sur "
        "ce site après relecture par l’équipe du centenaire."
    ),
    "social": _(
        "J’accepte qu’ils soient repris dans les images de partage et sur les comptes de "
        "l’entreprise sur les réseaux sociaux."
    ),
    "people": _(
        "Les personnes reconnaissables sur mes photos ou ma vidéo sont d’accord pour y figurer."
    ),
    "guidelines": _(
        "Je respecte la charte des contributeurs : aucune information confidentielle sur un "
        "client, et je m’exprime en mon nom propre (« my views are my own »)."
    ),
}


class ContributionPage(RoutablePageMixin, BasePage):
    """The public form where employees, alumni and partners send their stories."""

    template = "pages/contribution_page.html"

    intro = models.TextField(
        verbose_name=_("introduction"),
        blank=True,
        help_text=_(
            "Quelques phrases d’accueil : ce que vous attendez, qui relit, quand c’est publié."
        ),
    )
    guidelines_summary = RichTextField(
        verbose_name=_("la charte en bref"),
        features=["bold", "italic", "link", "ul"],
        blank=True,
        help_text=_("Les règles essentielles, avec un lien vers la charte complète."),
    )
    consent_publication_text = models.TextField(
        verbose_name=_("accord de publication"), default=DEFAULT_CONSENTS["publication"]
    )
    consent_social_text = models.TextField(
        verbose_name=_("accord pour les réseaux sociaux (facultatif)"),
        default=DEFAULT_CONSENTS["social"],
    )
    consent_people_text = models.TextField(
        verbose_name=_("accord des personnes photographiées"), default=DEFAULT_CONSENTS["people"]
    )
    consent_guidelines_text = models.TextField(
        verbose_name=_("engagement sur la charte"), default=DEFAULT_CONSENTS["guidelines"]
    )
    thank_you_text = models.TextField(
        verbose_name=_("message de remerciement"),
        default=_(
            "Merci ! Votre histoire est bien arrivée. Une personne de l’équipe du centenaire "
            "va la relire ; vous recevrez un e-mail dès qu’elle sera publiée."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("guidelines_summary"),
        MultiFieldPanel(
            [
                FieldPanel("consent_publication_text"),
                FieldPanel("consent_social_text"),
                FieldPanel("consent_people_text"),
                FieldPanel("consent_guidelines_text"),
            ],
            heading=_("Textes des accords"),
            help_text=_(
                "Le texte exact accepté par chaque contributeur est conservé avec sa contribution."
            ),
        ),
        FieldPanel("thank_you_text"),
    ]
    parent_page_types = ["stories.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page « Contribuer »")

    def consent_texts(self):
        return {
            "publication": self.consent_publication_text,
            "social": self.consent_social_text,
            "people": self.consent_people_text,
            "guidelines": self.consent_guidelines_text,
        }

    @path("")
    def contribute(self, request):
        return answer_with(f"{VIEWS}.contribute", request, self)

    @path("merci/", name="thanks")
    def thanks(self, request):
        return answer_with(f"{VIEWS}.render_thanks", request, self)

    @re_path(rf"^suivi/{PRIVATE_LINK}/$", name="follow")
    def follow(self, request, token):
        return answer_with(f"{FOLLOW_VIEWS}.follow", request, self, token)

    @re_path(rf"^suivi/{PRIVATE_LINK}/modifier/$", name="revise")
    def revise(self, request, token):
        return answer_with(f"{FOLLOW_VIEWS}.revise", request, self, token)

    @re_path(rf"^suivi/{PRIVATE_LINK}/retirer/$", name="withdraw")
    def withdraw(self, request, token):
        return answer_with(f"{FOLLOW_VIEWS}.confirm_withdrawal", request, self, token)

    @re_path(rf"^suivi/{PRIVATE_LINK}/photo/(?P<image_id>[0-9]{{1,12}})/$", name="follow_photo")
    def follow_photo(self, request, token, image_id):
        return answer_with(f"{FOLLOW_VIEWS}.photo", request, self, token, int(image_id))
