"""A ceiling on the disk the public's photos and videos may take, all contributions together
(``CONTRIBUTION_MEDIA_BUDGET_BYTES``), so that a flood of uploads cannot fill the disk the
site, its database and its logs live on. When it is reached, stories are still welcome as
text; photos and videos wait until an administrator makes room.

Read from the database (photo sizes) and the storage (videos), and remembered for a minute.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum

from stories.models import CentenaryImage, Video
from stories.models.images import PRIVATE_PREFIX

CACHE_KEY = "centenaire:contribution-media-bytes"


def has_room_for(incoming_bytes):
    return used_bytes() + incoming_bytes <= settings.CONTRIBUTION_MEDIA_BUDGET_BYTES


def used_bytes():
    used = cache.get(CACHE_KEY)
    if used is None:
        used = photo_bytes() + video_bytes()
        cache.set(CACHE_KEY, used, timeout=60)
    return used


def photo_bytes():
    photos = CentenaryImage.objects.filter(file__startswith=PRIVATE_PREFIX)
    return photos.aggregate(total=Sum("file_size"))["total"] or 0


def video_bytes():
    total = 0
    for video in Video.objects.filter(contributed=True).only("file"):
        try:
            total += video.file.size
        except OSError:
            continue  # a file gone missing takes no room (check_media reports it)
    return total


def forget_usage():
    """After intake or deletion, the next check counts again."""
    cache.delete(CACHE_KEY)
