"""Reading a stored video in the background: duration, size, poster. A failure is recorded
on the video (moderators see it), never lost."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.tasks import task

from stories.models import Video, VideoStatus
from stories.video.probe import ProbeError, extract_poster
from stories.video.validation import MESSAGES, check_video, local_path

logger = logging.getLogger(__name__)


@task
def process_video(video_id):
    video = Video.objects.filter(pk=video_id).first()
    if video is None:
        return None
    try:
        with local_path(video.file) as path:
            info = check_video(path, video.file.size)
            poster = extract_poster(path, info)
    except ValidationError as error:
        return record_failure(video, " ".join(error.messages))
    except ProbeError as error:
        logger.warning("Video %s: %s %s", video.pk, error.code, error.detail)
        return record_failure(video, str(MESSAGES.get(error.code, MESSAGES["unreadable"])))
    except OSError as error:
        logger.warning("Video %s unreadable: %s", video.pk, error)
        return record_failure(video, str(MESSAGES["unreadable"]))
    if video.thumbnail:
        video.thumbnail.delete(save=False)
    video.thumbnail.save("poster.jpg", ContentFile(poster), save=False)
    video.duration, video.width, video.height = info.duration, info.width, info.height
    video.status, video.processing_error = VideoStatus.READY, ""
    video.save(
        update_fields=["thumbnail", "duration", "width", "height", "status", "processing_error"]
    )
    return video.status


def record_failure(video, message):
    video.status, video.processing_error = VideoStatus.FAILED, message
    video.save(update_fields=["status", "processing_error"])
    return video.status
