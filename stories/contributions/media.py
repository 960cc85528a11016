"""Uploaded media, served by Django on a single machine. Contributed files are served only
once their story is published, or to people who may use the admin (moderators' previews)."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from stories.models import CentenaryImage, CentenaryRendition, Contribution, ContributionStatus
from stories.models.images import PRIVATE_PREFIX


def serve_media(request, path):
    if path.startswith(PRIVATE_PREFIX) and not may_see_contribution_file(request, path):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def may_see_contribution_file(request, path):
    if request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin"):
        return True
    image = image_for_file(path)
    if image is None:
        return False
    return Contribution.objects.filter(
        images=image, status=ContributionStatus.PUBLISHED, page__live=True
    ).exists()


def image_for_file(path):
    image = CentenaryImage.objects.filter(file=path).first()
    if image is None:
        rendition = CentenaryRendition.objects.filter(file=path).select_related("image").first()
        image = rendition.image if rendition else None
    return image
