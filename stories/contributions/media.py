"""Uploaded media, served by Django on a single machine. Contributed files are served only
once their story is published, or to people who may use the contributions inbox
(moderators' previews)."""

from pathlib import PurePosixPath

from django.conf import settings
from django.db.models import Q
from django.http import Http404

from stories import object_storage
from stories.contributions.permissions import may_use_inbox
from stories.media_accel import accel_redirect
from stories.media_serving import locate, serve_file
from stories.models import (
    CentenaryImage,
    CentenaryRendition,
    Contribution,
    ContributionStatus,
    StoryPage,
    Video,
)
from stories.models.images import PRIVATE_PREFIX
from stories.sharing.service import FOLDER as CARD_FOLDER


def serve_media(request, path):
    """Decide on the file the path resolves to, not on the path as written (``//``, ``./``,
    ``..`` or a link could otherwise lead into the private folder by another name)."""
    if object_storage.in_object_storage():  # media in a bucket: checked, then redirected
        return object_storage.serve(request, path, may_see_contribution_file)
    media_file = locate(path, settings.MEDIA_ROOT, PRIVATE_PREFIX)
    if media_file.private and not may_see_contribution_file(request, media_file.name):
        raise Http404
    if media_file.name.startswith(f"{CARD_FOLDER}/"):
        raise Http404  # only through /partage/carte/, which checks that the page is live
    if settings.MEDIA_ACCEL_REDIRECT_PREFIX:  # behind nginx: it sends the bytes we allowed
        response = accel_redirect(media_file, settings.MEDIA_ACCEL_REDIRECT_PREFIX)
    else:
        response = serve_file(request, media_file)
    return as_inert_file(response, media_file.name)


# A media file opened on its own runs nothing and loads nothing, even if a browser were
# tricked into reading it as a page; it is shown in place only when it is a picture, a
# sound, a film or captions, and downloaded otherwise.
MEDIA_POLICY = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
SHOWN_IN_PLACE = ("image/", "video/", "audio/", "text/vtt")


def as_inert_file(response, name):
    response["Content-Security-Policy"] = MEDIA_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    content_type = response.get("Content-Type", "")
    disposition = "inline" if content_type.startswith(SHOWN_IN_PLACE) else "attachment"
    filename = PurePosixPath(name).name.encode("ascii", "ignore").decode() or "fichier"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def may_see_contribution_file(request, path):
    if may_use_inbox(request.user):
        return True
    # Read at each request: a story unpublished, deleted or put behind a view restriction
    # takes its files back to private at once.
    published = Contribution.objects.filter(
        status=ContributionStatus.PUBLISHED, page__in=StoryPage.objects.visible()
    )
    image = image_for_file(path)
    if image is not None:
        return published.filter(images=image).exists()
    video = Video.objects.filter(Q(file=path) | Q(thumbnail=path) | Q(captions=path)).first()
    if video is not None:
        return video.is_ready and published.filter(video=video).exists()
    return False


def image_for_file(path):
    image = CentenaryImage.objects.filter(file=path).first()
    if image is None:
        rendition = CentenaryRendition.objects.filter(file=path).select_related("image").first()
        image = rendition.image if rendition else None
    return image
