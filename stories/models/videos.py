import os
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtailmedia.models import AbstractMedia

from stories.choices import VideoStatus
from stories.models.images import PRIVATE_PREFIX
from stories.video.captions import validate_webvtt
from stories.video.validation import format_duration


def private_or_public(instance, folder, filename, extension=None):
    """Contributed files under the private prefix, with names nobody can guess."""
    extension = extension or os.path.splitext(filename)[1].lower()
    prefix = PRIVATE_PREFIX if instance.contributed else ""
    return f"{prefix}{folder}/{secrets.token_urlsafe(16)}{extension}"


def video_upload_to(instance, filename):
    return private_or_public(instance, "videos", filename)


def poster_upload_to(instance, filename):
    return private_or_public(instance, "videos/posters", filename, ".jpg")


def original_upload_to(instance, filename):
    """The file as sent, kept for the archive once a web rendition replaces it: always
    private, whoever sent it (moderators and editors of the inbox may fetch it)."""
    extension = os.path.splitext(filename)[1].lower()
    return f"{PRIVATE_PREFIX}videos/originals/{secrets.token_urlsafe(16)}{extension}"


def captions_upload_to(instance, filename):
    return private_or_public(instance, "videos/captions", filename, ".vtt")


class Video(AbstractMedia):
    """A video testimony: the file, its poster, captions and transcript.

    Duration, size and poster are read from the file by a background task, which also
    makes a web rendition of anything browsers cannot all play (stories/video/transcode.py):
    ``file`` becomes the rendition, and the file as sent moves to ``original``, private.
    Until the task has run (``status``, ``processing_progress``), the video is not shown.
    """

    file = models.FileField(
        upload_to=video_upload_to,
        verbose_name=_("fichier vidéo"),
        help_text=_(
            "MP4, MOV ou WebM, comme en enregistre un téléphone, 15 minutes et 500 Mo au "
            "plus. Une version lisible par tous les navigateurs est préparée au besoin."
        ),
    )
    original = models.FileField(
        upload_to=original_upload_to,
        blank=True,
        editable=False,
        verbose_name=_("fichier d’origine"),
        help_text=_("Le fichier tel qu’envoyé, gardé pour les archives, jamais publié."),
    )
    thumbnail = models.FileField(
        upload_to=poster_upload_to, blank=True, editable=False, verbose_name=_("affiche")
    )
    captions = models.FileField(
        upload_to=captions_upload_to,
        blank=True,
        validators=[validate_webvtt],
        verbose_name=_("sous-titres (WebVTT)"),
        help_text=_(
            "Un fichier .vtt : il permet de suivre la vidéo sans le son. Fortement conseillé."
        ),
    )
    captions_language = models.CharField(
        verbose_name=_("langue des sous-titres"), max_length=10, default="fr"
    )
    transcript = models.TextField(
        verbose_name=_("transcription"),
        blank=True,
        help_text=_("Le texte de ce qui est dit, affiché sous la vidéo."),
    )
    status = models.CharField(
        verbose_name=_("traitement"),
        max_length=10,
        choices=VideoStatus.choices,
        default=VideoStatus.PENDING,
        editable=False,
    )
    processing_error = models.TextField(
        verbose_name=_("erreur de traitement"), blank=True, editable=False
    )
    processing_progress = models.PositiveSmallIntegerField(
        verbose_name=_("avancement du traitement (%)"), default=0, editable=False
    )
    processing_seconds = models.FloatField(
        verbose_name=_("durée du traitement (secondes)"), null=True, blank=True, editable=False
    )
    contributed = models.BooleanField(default=False, editable=False)

    admin_form_fields = (
        "title",
        "file",
        "collection",
        "captions",
        "captions_language",
        "transcript",
        "tags",
    )

    class Meta(AbstractMedia.Meta):
        verbose_name = _("vidéo")
        verbose_name_plural = _("vidéos")

    @property
    def is_ready(self):
        return self.status == VideoStatus.READY

    @property
    def processing_label(self):
        """The state of the processing in a few words, for moderators: how far the web
        rendition has got, or why it failed."""
        if self.status == VideoStatus.PENDING:
            return _("en cours de traitement : %(percent)d %%") % {
                "percent": self.processing_progress
            }
        if self.status == VideoStatus.FAILED:
            return _("échec du traitement : %(error)s") % {"error": self.processing_error}
        return self.get_status_display()

    @property
    def mime_type(self):
        return "video/webm" if self.file.name.endswith(".webm") else "video/mp4"

    @property
    def duration_label(self):
        return format_duration(self.duration) if self.duration else ""
