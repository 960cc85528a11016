"""A contribution holds the contributor's personal data; the draft story page holds none."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stories.models.pages import ContributorRelation


class DisplayChoice(models.TextChoices):
    FULL_NAME = "full", _("Mon nom complet")
    FIRST_NAME_INITIAL = "initial", _("Mon prénom et l’initiale de mon nom")
    ANONYMOUS = "anonymous", _("Anonyme")


class ContributionStatus(models.TextChoices):
    RECEIVED = "received", _("Reçue")
    IN_REVIEW = "in_review", _("En relecture")
    PUBLISHED = "published", _("Publiée")
    REJECTED = "rejected", _("Refusée")
    WITHDRAWN = "withdrawn", _("Retirée")
    ERASED = "erased", _("Effacée")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")


class ContributionQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(status__in=[ContributionStatus.RECEIVED, ContributionStatus.IN_REVIEW])

    def closed_before(self, moment):
        """Rejected or withdrawn contributions last changed before ``moment`` (for the purge)."""
        return self.filter(
            status__in=[ContributionStatus.REJECTED, ContributionStatus.WITHDRAWN],
            updated_at__lt=moment,
        )

    def by_token(self, token):
        return self.filter(token_hash=hash_token(token)).exclude(status=ContributionStatus.ERASED)

    def with_mail_failures(self):
        return self.filter(
            models.Q(acknowledgement_status=MailStatus.FAILED)
            | models.Q(outcome_status=MailStatus.FAILED)
        )


def new_reference():
    """A short public reference, easy to read aloud on the phone (no 0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "C-" + "".join(secrets.choice(alphabet) for _ in range(8))


def new_token():
    return secrets.token_urlsafe(32)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class Contribution(models.Model):
    reference = models.CharField(
        verbose_name=_("référence"), max_length=12, unique=True, default=new_reference
    )
    page = models.ForeignKey(
        "stories.StoryPage",
        verbose_name=_("histoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    images = models.ManyToManyField(
        "stories.CentenaryImage", verbose_name=_("photos"), blank=True, related_name="+"
    )
    video = models.ForeignKey(
        "stories.Video",
        verbose_name=_("vidéo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(verbose_name=_("nom"), max_length=120)
    email = models.EmailField(verbose_name=_("adresse e-mail"))
    relation = models.CharField(
        verbose_name=_("lien avec l’entreprise"), max_length=20, choices=ContributorRelation.choices
    )
    years_at_company = models.CharField(
        verbose_name=_("années dans l’entreprise"), max_length=60, blank=True
    )
    display_choice = models.CharField(
        verbose_name=_("nom affiché"), max_length=20, choices=DisplayChoice.choices
    )
    consent_publication = models.BooleanField(verbose_name=_("accord pour la publication"))
    consent_social = models.BooleanField(
        verbose_name=_("accord pour les images de partage et les réseaux sociaux"), default=False
    )
    consent_people = models.BooleanField(
        verbose_name=_("accord des personnes reconnaissables"), default=False
    )
    consent_guidelines = models.BooleanField(verbose_name=_("engagement sur la charte"))
    consent_texts = models.JSONField(
        verbose_name=_("textes acceptés"),
        default=dict,
        help_text=_("Le texte exact de chaque accord, tel qu’affiché au moment de l’envoi."),
    )
    consented_at = models.DateTimeField(verbose_name=_("date des accords"))
    status = models.CharField(
        verbose_name=_("statut"),
        max_length=20,
        choices=ContributionStatus.choices,
        default=ContributionStatus.RECEIVED,
        db_index=True,
    )
    rejection_reason = models.TextField(verbose_name=_("motif du refus"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    acknowledgement_status = models.CharField(
        verbose_name=_("accusé de réception"),
        max_length=10,
        choices=MailStatus.choices,
        default=MailStatus.PENDING,
    )
    outcome_status = models.CharField(
        verbose_name=_("e-mail de décision"), max_length=10, choices=MailStatus.choices, blank=True
    )
    mail_error = models.CharField(
        verbose_name=_("dernière erreur d’envoi"), max_length=300, blank=True
    )
    created_at = models.DateTimeField(
        verbose_name=_("reçue le"), default=timezone.now, db_index=True
    )
    updated_at = models.DateTimeField(verbose_name=_("modifiée le"), auto_now=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference} – {self.public_name}"

    def set_token(self):
        """Create the private management token; only its hash is stored."""
        token = new_token()
        self.token_hash = hash_token(token)
        return token

    @property
    def public_name(self):
        return display_name(self.name, self.display_choice)

    @property
    def is_withdrawable(self):
        return self.status in {
            ContributionStatus.RECEIVED,
            ContributionStatus.IN_REVIEW,
            ContributionStatus.PUBLISHED,
        }


def display_name(name, choice):
    name = " ".join(name.split())
    if choice == DisplayChoice.FULL_NAME:
        return name
    if choice == DisplayChoice.FIRST_NAME_INITIAL:
        first, _sep, rest = name.partition(" ")
        return f"{first} {rest[0].upper()}." if rest else first
    return str(_("Anonyme"))
