"""The domain's fixed vocabularies: a leaf that imports nothing of the project.

Models store these values; forms, filters, share links and templates read them from here
without loading the models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryKind(models.TextChoices):
    ANECDOTE = "anecdote", _("Anecdote")
    PHOTO = "photo", _("Photos")
    VIDEO = "video", _("Témoignage vidéo")
    EDITORIAL = "editorial", _("Article de la rédaction")


class ContributorRelation(models.TextChoices):
    EMPLOYEE = "employee", _("Salarié·e")
    ALUMNUS = "alumnus", _("Ancien·ne")
    PARTNER = "partner", _("Partenaire")
    OTHER = "other", _("Autre")


class DisplayChoice(models.TextChoices):
    FULL_NAME = "full", _("Mon nom complet")
    FIRST_NAME_INITIAL = "initial", _("Mon prénom et l’initiale de mon nom")
    ANONYMOUS = "anonymous", _("Anonyme")


class ContributionStatus(models.TextChoices):
    RECEIVED = "received", _("Reçue")
    IN_REVIEW = "in_review", _("En relecture")
    CHANGES_REQUESTED = "changes_requested", _("En attente de vos précisions")
    PUBLISHED = "published", _("Publiée")
    REJECTED = "rejected", _("Refusée")
    REMOVED = "removed", _("Retirée du site par l’équipe")
    WITHDRAWN = "withdrawn", _("Retirée")
    ERASED = "erased", _("Effacée")


# A moderator may still act on these; the contributor may still change or withdraw them.
OPEN_STATUSES = (
    ContributionStatus.RECEIVED,
    ContributionStatus.IN_REVIEW,
    ContributionStatus.CHANGES_REQUESTED,
)
# The contributor can take their story back from any of these.
WITHDRAWABLE_STATUSES = (
    *OPEN_STATUSES,
    ContributionStatus.PUBLISHED,
    ContributionStatus.REJECTED,
    ContributionStatus.REMOVED,
)


class MailStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")


class Network(models.TextChoices):
    X = "x", "X"
    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook"
    WHATSAPP = "whatsapp", "WhatsApp"
    EMAIL = "email", _("E-mail")


class VideoStatus(models.TextChoices):
    PENDING = "pending", _("en cours de traitement")
    READY = "ready", _("prête")
    FAILED = "failed", _("échec du traitement")
