"""A contribution holds the contributor's personal data; the draft story page holds none."""

import base64
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from stories.choices import (
    OPEN_STATUSES,
    WITHDRAWABLE_STATUSES,
    ContributionStatus,
    ContributorRelation,
    DisplayChoice,
    MailStatus,
)


class ContributionQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(status__in=OPEN_STATUSES)

    def closed_before(self, moment):
        """Refused, removed or withdrawn contributions last changed before ``moment`` (for the
        purge)."""
        return self.filter(
            status__in=[
                ContributionStatus.REJECTED,
                ContributionStatus.REMOVED,
                ContributionStatus.WITHDRAWN,
            ],
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


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def derive_token(link_key, secret=None):
    """The private link's token, computed from a random key and the site's secret.

    Only its hash is stored and it is never passed to a task: whoever writes it in an e-mail
    derives it again from the contribution.
    """
    digest = salted_hmac(
        "centenaire.contribution-link", link_key, secret=secret, algorithm="sha256"
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


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
    changes_requested = models.TextField(
        verbose_name=_("précisions demandées"),
        blank=True,
        help_text=_("Le dernier message d’un modérateur qui demande des modifications."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    link_key = models.CharField(max_length=32, blank=True, editable=False)
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
        """Create the private link; only the hash of its token is stored."""
        self.link_key = secrets.token_hex(16)
        token = derive_token(self.link_key)
        self.token_hash = hash_token(token)
        return token

    def private_token(self):
        """The token of the private link, for an e-mail: derived with the current secret key
        or a fallback, whichever made the stored hash. A contribution whose link cannot be
        derived (made before links were derived, or every key rotated since) gets a new one.
        """
        if self.link_key:
            for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
                token = derive_token(self.link_key, secret)
                if hash_token(token) == self.token_hash:
                    return token
        token = self.set_token()
        if self.pk:
            self.save(update_fields=["link_key", "token_hash", "updated_at"])
        return token

    @property
    def public_name(self):
        return display_name(self.name, self.display_choice)

    @property
    def is_withdrawable(self):
        return self.status in WITHDRAWABLE_STATUSES

    def consents(self):
        """Each consent as (what it is about, given or not, the exact sentence agreed)."""
        topics = {
            "publication": _("Publication"),
            "social": _("Images de partage et réseaux sociaux"),
            "people": _("Personnes reconnaissables d’accord"),
            "guidelines": _("Charte des contributeurs"),
        }
        return [
            (label, getattr(self, f"consent_{name}"), self.consent_texts.get(name, ""))
            for name, label in topics.items()
        ]

    @property
    def awaits_contributor(self):
        return self.status == ContributionStatus.CHANGES_REQUESTED


def display_name(name, choice):
    name = " ".join(name.split())
    if choice == DisplayChoice.FULL_NAME:
        return name
    if choice == DisplayChoice.FIRST_NAME_INITIAL:
        first, _sep, rest = name.partition(" ")
        return f"{first} {rest[0].upper()}." if rest else first
    return str(_("Anonyme"))
