from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Image


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
