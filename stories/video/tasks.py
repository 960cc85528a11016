"""Reading a stored video in the background: duration, size, poster, and the web rendition
of anything browsers cannot all play. Progress is written on the video as ffmpeg reports it;
a failure is recorded on the video (moderators see it), never lost.

Idempotent, as the queue delivers at least once: a video whose file is already browser-safe
is only read again; a run killed mid-way leaves the file as sent in place and starts over
(a half-copied original or rendition left behind is an orphan ``check_media`` removes)."""

import logging
import os
import time
from contextlib import ExitStack

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.tasks import task

from stories.models import Video, VideoStatus
from stories.video.probe import ProbeError, extract_poster
from stories.video.transcode import web_rendition
from stories.video.validation import check_video, local_path, message_for

logger = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 1.0


@task
def process_video(video_id):
    video = Video.objects.filter(pk=video_id).first()
    if video is None:
        return None
    started = time.monotonic()
    try:
        with ExitStack() as cleanup:
            path = cleanup.enter_context(local_path(video.file))
            info = check_video(path, video.file.size)
            rendition = None
            if not info.browser_safe:
                rendition = cleanup.enter_context(
                    web_rendition(path, info, on_progress=progress_recorder(video))
                )
                # What is stored is what was checked: the rendition is probed in turn.
                info = check_video(rendition.name, os.path.getsize(rendition.name))
                path = rendition.name
            poster = extract_poster(path, info)
            if rendition is not None:
                keep_original_and_store(video, rendition)
    except ValidationError as error:
        return record_failure(video, " ".join(error.messages))
    except ProbeError as error:
        logger.warning("Video %s: %s %s", video.pk, error.code, error.detail)
        return record_failure(video, message_for(error.code))
    except OSError as error:
        logger.warning("Video %s unreadable: %s", video.pk, error)
        return record_failure(video, message_for("unreadable"))
    if video.thumbnail:
        video.thumbnail.delete(save=False)
    video.thumbnail.save("poster.jpg", ContentFile(poster), save=False)
    video.duration, video.width, video.height = info.duration, info.width, info.height
    video.status, video.processing_error = VideoStatus.READY, ""
    video.processing_progress = 100
    video.processing_seconds = round(time.monotonic() - started, 2)
    video.save(
        update_fields=[
            "file",
            "original",
            "thumbnail",
            "duration",
            "width",
            "height",
            "status",
            "processing_error",
            "processing_progress",
            "processing_seconds",
        ]
    )
    return video.status


def keep_original_and_store(video, rendition):
    """The file as sent moves to the private ``original``; the rendition takes its place.
    The sent file is deleted from its old place only once both copies are stored."""
    sent = video.file.name
    extension = os.path.splitext(sent)[1].lower()
    if video.original:
        video.original.delete(save=False)  # a previous run's, or an earlier file's
    with video.file.storage.open(sent, "rb") as source:
        video.original.save(f"original{extension}", File(source), save=False)
    rendition.seek(0)
    video.file.save("video.mp4", File(rendition), save=False)
    if sent != video.original.name:
        video.file.storage.delete(sent)


def progress_recorder(video):
    """A callback writing the percentage done on the video's row, at most once a second."""

    last = {"percent": -1, "at": 0.0}

    def record(fraction):
        percent = min(99, int(fraction * 100))  # 100 once the rendition is stored
        now = time.monotonic()
        if percent == last["percent"] or now - last["at"] < PROGRESS_EVERY_SECONDS:
            return
        last.update(percent=percent, at=now)
        Video.objects.filter(pk=video.pk).update(processing_progress=percent)

    return record


def record_failure(video, message):
    video.status, video.processing_error = VideoStatus.FAILED, message
    video.processing_progress = 0
    video.save(update_fields=["status", "processing_error", "processing_progress"])
    return video.status
