"""StreamField blocks for stories and standard pages.

Every block declares an icon, a template, a preview value and a description so that editors
see what they insert in the block picker.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from stories.video.external import parse_video_url


def sample_image_value(caption):
    """A block value with the library's most recent image, for the block picker's preview."""
    image = get_image_model().objects.order_by("-created_at").first()
    return {"image": image.pk if image else None, "caption": caption}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=["bold", "italic", "link", "ol", "ul"], **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraphe")
        template = "blocks/paragraph.html"
        preview_value = (
            "<p>Le premier jour, on m’a confié une perforatrice et un classeur de cartes. "
            "Personne ne m’avait dit que ce serait le début de quarante ans de métier.</p>"
        )
        description = _("Du texte courant : gras, italique, liens et listes.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(label=_("Auteur ou source"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "blocks/quote.html"
        preview_value = {
            "text": "J’attends d’IBM de savoir ce que sera demain.",
            "attribution": "Un client, pour le centenaire",
        }
        description = _("Une phrase mise en valeur, avec son auteur.")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(
        label=_("Légende"),
        required=False,
        max_length=300,
        help_text=_("Ce que montre la photo, où et quand. Le crédit vient de l’image."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"
        description = _("Une photo en grand, avec sa légende et son crédit.")

    def get_preview_value(self):
        return self.to_python(sample_image_value("Les ateliers de Corbeil-Essonnes, vers 1965."))


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de la galerie"), required=False, max_length=120)
    images = blocks.ListBlock(CaptionedImageBlock(), min_num=2, max_num=12, label=_("Photos"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("Galerie")
        template = "blocks/gallery.html"
        description = _("De deux à douze photos présentées ensemble.")

    def get_preview_value(self):
        captions = ("Le court central.", "La salle de presse.", "Les feuilles de match.")
        return self.to_python(
            {"title": "Roland-Garros, 1985", "images": [sample_image_value(c) for c in captions]}
        )


class VideoLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label=_("Lien de la vidéo"),
        help_text=_("Adresse de la vidéo sur YouTube, Vimeo ou Dailymotion."),
    )
    title = blocks.CharBlock(label=_("Titre de la vidéo"), max_length=200)
    transcript = blocks.TextBlock(
        label=_("Transcription"),
        required=False,
        help_text=_("Le texte de ce qui est dit, pour qui ne peut pas écouter la vidéo."),
    )

    class Meta:
        icon = "media"
        label = _("Vidéo")
        template = "blocks/video_link.html"
        preview_value = {
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "Ce que le centenaire veut dire pour moi",
            "transcript": "Je suis entrée en 1978 à Montpellier…",
        }
        description = _("Un témoignage vidéo hébergé ailleurs, avec sa transcription.")

    def clean(self, value):
        value = super().clean(value)
        if parse_video_url(value["url"]) is None:
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _(
                            "Indiquez le lien d’une vidéo YouTube, Vimeo ou Dailymotion, par "
                            "exemple https://www.youtube.com/watch?v=… ou https://vimeo.com/…"
                        )
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["video"] = parse_video_url(value["url"])
        return context


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    video = VideoLinkBlock()


class StandardBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
