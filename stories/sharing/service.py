"""Share cards of pages: what goes on them, where they are stored, when they are rendered.

A card is stored under a name made from the hash of everything drawn on it, so it is
rendered once per change and can be served with a year-long cache. Only live, public pages
have a card; every card ever drawn for a page lives in that page's folder
(``share-cards/<page id>/``), so unpublishing, withdrawing or deleting the page removes them
all, including those drawn before an edit of its title, name or photo.
"""

import hashlib
import json
import logging
import time

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from PIL import Image

from stories.sharing.cards import CardContent, render_card

logger = logging.getLogger(__name__)

RENDERER_VERSION = 1
FOLDER = "share-cards"
PHOTO_SPEC = "fill-440x630-c100|format-jpeg"
LOGO_SPEC = "height-80|format-png"
LOCK_SECONDS = 30
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def card_photo(page):
    """The share image the editors chose, else the page's own photo unless a contributor
    did not allow it on social networks."""
    if getattr(page, "social_image_id", None):
        return page.social_image
    image = getattr(page, "image", None)
    if image is None or not getattr(page, "photo_in_share_card", True):
        return None
    return image


def card_fields(page, centenary):
    """Everything drawn on the page's card, as plain data (the photo as an image id).

    Every public page has a card; pages without a photo of their own get a plain one.
    """

    image = card_photo(page)
    poster = None if image else card_poster(page)
    return {
        "title": page.title,
        **page.share_card_text(centenary),
        "hashtag": centenary.hashtag,
        "organisation": centenary.organisation_name,
        "primary": centenary.primary_colour,
        "accent": centenary.accent_colour,
        "photo": photo_identity(image) if image else poster_identity(poster),
        "logo": photo_identity(centenary.logo) if centenary.logo_id else None,
    }


def card_poster(page):
    """For a video testimony without a photo: its poster, with the same consent."""
    video = getattr(page, "video", None)
    if video is None or not video.is_ready or not video.thumbnail:
        return None
    return video if getattr(page, "photo_in_share_card", True) else None


def poster_identity(video):
    return ["poster", video.pk, video.thumbnail.name] if video else None


def photo_identity(image):
    """What changes the drawn photo: the image, its file and its focal point."""
    focal = (image.focal_point_x, image.focal_point_y, image.focal_point_width)
    return [image.pk, image.file_hash or image.file.name, focal]


def card_key(fields):
    data = json.dumps({"v": RENDERER_VERSION, **fields}, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:24]


def card_extension(fields):
    """A card with a photo is a JPEG, a plain one a PNG: the name and the bytes agree."""
    return "jpg" if fields["photo"] else "png"


def page_folder(page_id):
    return f"{FOLDER}/{int(page_id)}"


def card_name(page, fields):
    return f"{page_folder(page.pk)}/{card_key(fields)}.{card_extension(fields)}"


def stored_cards():
    """Every card file in storage (the names, relative to the media root)."""
    if not default_storage.exists(FOLDER):
        return []
    folders, loose = default_storage.listdir(FOLDER)
    names = [f"{FOLDER}/{name}" for name in loose]  # cards stored before page folders
    for folder in folders:
        names += [
            f"{FOLDER}/{folder}/{name}" for name in default_storage.listdir(f"{FOLDER}/{folder}")[1]
        ]
    return names


def draw_card(page, fields, centenary):
    """The card's bytes, in the format its name says even if its picture could not be read."""
    content = content_for(page, fields, centenary)
    return render_card(content, jpeg=card_extension(fields) == "jpg")


def card_url(page, centenary):
    fields = card_fields(page, centenary)
    return reverse("share_card", args=(page.pk, card_key(fields)))


def ensure_card(page, centenary):
    """The stored card's name, rendering it first if needed (one renderer at a time)."""
    fields = card_fields(page, centenary)
    name = card_name(page, fields)
    if default_storage.exists(name):
        return name
    lock = f"centenaire:card-lock:{name}"
    locked = cache.add(lock, 1, timeout=LOCK_SECONDS)
    if not locked and wait_for(name):
        return name
    try:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(draw_card(page, fields, centenary)))
    finally:
        if locked:
            cache.delete(lock)
    return name


def wait_for(name, seconds=5.0):
    """Another worker is rendering this card: wait for it rather than render it twice."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if default_storage.exists(name):
            return True
        time.sleep(0.05)
    return False


def content_for(page, fields, centenary):
    if fields["photo"] and fields["photo"][0] == "poster":
        photo = poster_image(page.video)
    else:
        photo = rendition_image(card_photo(page), PHOTO_SPEC) if fields["photo"] else None
    logo = rendition_image(centenary.logo, LOGO_SPEC) if fields["logo"] else None
    return CardContent(**{**fields, "photo": photo, "logo": logo})


def poster_image(video):
    try:
        with video.thumbnail.open("rb") as handle:
            decoded = Image.open(handle)
            decoded.load()
        return decoded
    except OSError:
        logger.warning("Share card drawn without the poster of video %s", video.pk)
        return None


def rendition_image(image, spec):
    """A rendition decoded by Pillow: small, so the card never decodes a full photo.

    A rendition whose file has gone (media restored without it) is made again; when the
    original itself is missing, the card goes without the picture rather than fail.
    """
    for _attempt in range(2):
        try:
            rendition = image.get_rendition(spec)  # SourceImageIOError: the original is gone
            with rendition.file.open("rb") as handle:
                decoded = Image.open(handle)
                decoded.load()
            return decoded
        except FileNotFoundError:
            image.renditions.filter(filter_spec=spec).delete()  # made again on the next try
        except OSError:
            break
    logger.warning("Share card drawn without image %s: its file is missing", image.pk)
    return None


def preview_card(page, centenary):
    """The card of a page as the editor is changing it: rendered, never stored."""
    fields = card_fields(page, centenary)
    return draw_card(page, fields, centenary), CONTENT_TYPES[card_extension(fields)]


def delete_cards(page_id):
    """Remove every card ever drawn for a page (unpublished, withdrawn or deleted)."""
    folder = page_folder(page_id)
    if not default_storage.exists(folder):
        return
    for name in default_storage.listdir(folder)[1]:
        default_storage.delete(f"{folder}/{name}")
    try:
        default_storage.delete(folder)  # the empty folder, where storage has folders
    except OSError:
        logger.info("Share card folder %s left in place", folder)
