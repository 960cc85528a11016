"""Photos from the public: read by content, never by name or declared type, then re-encoded.

Re-encoding applies the camera's orientation, converts the colours to sRGB from the embedded
ICC profile, then encodes a new image made of the pixels alone: no comment, text chunk, EXIF,
GPS, XMP, ICC profile or palette of the upload reaches the stored file (nor, since Wagtail
draws them from it, any rendition). What Wagtail stores is a picture made by Pillow.

HEIC/HEIF, what iPhones take, is read with pillow-heif (libheif applies the picture's own
rotation as it decodes) and stored as a JPEG, which every browser shows.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from stories.video.validation import contact_email

register_heif_opener()

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "jpg"}
# Formats browsers do not all show are stored as another.
STORED_AS = {"HEIF": "JPEG"}
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"
# The weight and pixel limits are the image library's own (WAGTAILIMAGES_MAX_UPLOAD_SIZE and
# WAGTAILIMAGES_MAX_IMAGE_PIXELS in the settings): contributors and editors get the same.
MAX_SIDE = 12_000
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    extension: str
    width: int
    height: int

    @property
    def file_name(self):
        return f"{uuid.uuid4().hex}.{self.extension}"


def clean_photo(upload) -> CleanPhoto:
    """Validate an uploaded file as a photo and return it re-encoded without metadata."""
    if upload.size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
        raise ValidationError(
            _(
                "Cette photo pèse plus de %(size)s Mo. Envoyez une version plus légère : sur "
                "un téléphone, choisissez la taille « Moyenne » ou « Grande » au moment de "
                "l’envoyer, ou envoyez-la depuis un ordinateur après l’avoir réduite."
            ),
            params={"size": settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE // (1024 * 1024)},
            code="too_big",
        )
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _reencode(upload)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels() from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
            raise not_a_photo() from None


def not_a_photo():
    return ValidationError(
        _(
            "Ce fichier n’est pas une photo que nous savons lire. Formats acceptés : JPEG, "
            "PNG, WebP ou HEIC (iPhone). Enregistrez-la dans l’un de ces formats, ou "
            "écrivez-nous à %(contact)s."
        ),
        params={"contact": contact_email()},
        code="invalid_image",
    )


def _reencode(upload):
    with Image.open(upload, formats=list(ALLOWED_FORMATS)) as probe:
        check_dimensions(*probe.size)
        fmt = probe.format
        probe.verify()  # structure check without decoding the pixels
    upload.seek(0)
    stored = STORED_AS.get(fmt, fmt)
    with Image.open(upload, formats=[fmt]) as image:
        image.load()
        picture = ImageOps.exif_transpose(image)
        picture = in_srgb(without_palette(picture))
        picture = pixels_only(normalise_mode(picture, stored))
        buffer = io.BytesIO()
        picture.save(buffer, format=stored, **save_options(stored))
    return CleanPhoto(buffer.getvalue(), ALLOWED_FORMATS[fmt], picture.width, picture.height)


def too_many_pixels():
    return ValidationError(
        _(
            "Cette photo est trop grande. Réduisez-la à moins de 40 mégapixels (par exemple "
            "7000 × 5000 pixels)."
        ),
        code="too_many_pixels",
    )


def check_dimensions(width, height):
    too_many = width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    if too_many or max(width, height) > MAX_SIDE:
        raise too_many_pixels()
    if width < 1 or height < 1:
        raise not_a_photo()


def without_palette(picture):
    """Palette and colour-key transparency become plain pixels: a palette is bytes of the
    upload written as they are into the file, and could carry anything."""
    transparent = "transparency" in picture.info
    if picture.mode in ("P", "PA"):
        return picture.convert("RGBA" if transparent or picture.mode == "PA" else "RGB")
    if transparent and picture.mode in ("RGB", "L"):
        return picture.convert(picture.mode + "A")
    return picture


def in_srgb(picture):
    """The pixels converted to sRGB from the ICC profile the photo declares.

    The profile itself is never kept (a picture without one is read as sRGB); a profile
    LittleCMS cannot use is ignored and the pixels taken as they are.
    """
    profile = picture.info.get("icc_profile")
    if not profile:
        return picture
    alpha = picture.getchannel("A") if picture.mode in ("RGBA", "LA") else None
    colours = picture.convert(picture.mode[:-1]) if alpha else picture
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(colours, source, SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return picture
    if alpha:
        converted.putalpha(alpha)
    return converted


def normalise_mode(picture, fmt):
    if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
        return picture.convert("RGB")
    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        return picture.convert("RGBA")
    return picture


def pixels_only(picture):
    """A copy with no ``info`` at all: encoders read comments, profiles and the like from it."""
    clean = picture.copy()
    clean.info = {}
    return clean


def save_options(fmt):
    if fmt == "JPEG":
        return {"quality": 88, "optimize": True}
    if fmt == "WEBP":
        return {"quality": 88}
    return {"optimize": True}
