"""Uploaded media, served by Django on a single machine. Contributed files are served only
once their story is published, or to people who may use the admin (moderators' previews)."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404

from stories.media_serving import serve_with_ranges
from stories.models import (
    CentenaryImage,
    CentenaryRendition,
    Contribution,
    ContributionStatus,
    Video,
)
from stories.models.images import PRIVATE_PREFIX


def serve_media(request, path):
    if path.startswith(PRIVATE_PREFIX) and not may_see_contribution_file(request, path):
        raise Http404
    return serve_with_ranges(request, path, settings.MEDIA_ROOT)


def may_see_contribution_file(request, path):
    if request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin"):
        return True
    published = Contribution.objects.filter(status=ContributionStatus.PUBLISHED, page__live=True)
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
