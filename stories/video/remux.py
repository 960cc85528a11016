"""The copy of an accepted video that is stored: its first video stream and first sound
stream, packets copied as they are (no re-encoding, no loss), into a fresh container.

Nothing else of the sent file survives: no tags (title, comment, author, place), no chapters,
no other streams, no bytes after the media; an MP4 gets its index at the front so that it
starts playing before it is fully downloaded.
"""

import tempfile

from django.conf import settings

from stories.video.probe import CONTAINERS, MAP_STREAMS, ProbeError, VideoInfo, run_ffmpeg

REMUX_SECONDS = 120


def clean_copy(path, info: VideoInfo):
    """A named temporary file holding the clean copy; the caller closes it (which deletes
    it) or hands it over to be moved into storage."""
    container = CONTAINERS[info.container]
    copy = tempfile.NamedTemporaryFile(  # noqa: SIM115 (handed over to the caller)
        suffix=f".{info.container}", dir=settings.FILE_UPLOAD_TEMP_DIR
    )
    output = run_ffmpeg(
        ["-f", container.demuxer, "-i", str(path), *MAP_STREAMS, "-c", "copy"]
        + ["-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact"]
        + (["-movflags", "+faststart"] if container.muxer in ("mp4", "mov") else [])
        + ["-loglevel", "error", "-y", "-f", container.muxer, copy.name],
        seconds=REMUX_SECONDS,
    )
    if output.returncode != 0:
        copy.close()
        raise ProbeError("unreadable", output.stderr[-500:])
    return copy
