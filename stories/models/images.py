import os

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Image

# Files of contributions live under this prefix of the media storage; they are served only
# through stories.contributions.media, which checks that the story is published.
PRIVATE_PREFIX = "contributions/"


class CentenaryImage(AbstractImage):
    """Wagtail image with the credit, licence and alt text every published photo needs."""

    description = models.CharField(
        verbose_name=_("texte alternatif"),
        max_length=255,
        help_text=_(
            "Décrivez ce que montre l’image pour une personne qui ne la voit pas "
            "(par exemple « Trois collègues devant l’usine de Corbeil en 1968 »)."
        ),
    )
    credit = models.CharField(
        verbose_name=_("crédit"),
        max_length=255,
        blank=True,
        help_text=_("Auteur ou source de la photo, affiché sous l’image."),
    )
    licence = models.CharField(
        verbose_name=_("licence"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple « Tous droits réservés » ou « CC BY 4.0 »."),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit", "licence")

    def get_upload_to(self, filename):
        """Contributed photos go under a prefix the public media route refuses to serve."""
        if getattr(self, "is_contribution", False):
            return os.path.join(PRIVATE_PREFIX, "originals", filename)
        return super().get_upload_to(filename)

    @property
    def is_private(self):
        return self.file.name.startswith(PRIVATE_PREFIX)

    @property
    def alt_text(self):
        return self.description

    @property
    def default_alt_text(self):
        return self.description or self.title

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CentenaryRendition(AbstractRendition):
    image = models.ForeignKey(CentenaryImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        if self.image.is_private:
            return os.path.join(PRIVATE_PREFIX, "renditions", filename)
        return super().get_upload_to(filename)
