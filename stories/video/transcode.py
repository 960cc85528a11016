"""The web rendition: what every browser plays, made with the bundled ffmpeg from what a
phone recorded (HEVC in a QuickTime movie, VP9 or AV1 in WebM, a portrait video turned by
its display matrix, a variable frame rate, a 4K picture).

H.264 (High profile, 8-bit 4:2:0) and AAC in MP4, its index at the front (``faststart``) so
that it starts playing before it is fully downloaded; at most 1080p, the rotation applied to
the pixels, the frame rate left variable as recorded (duplicates dropped); quality-based (CRF)
with a ceiling on the bitrate, so a still interview stays light and a moving scene does not
exceed what a phone on 4G can play. No tag, chapter or other stream of the source survives.

ffmpeg runs sandboxed as for the probe (demuxer forced from the signature, ``file`` protocol
only, no standard input) with a time limit proportional to the duration; its ``-progress``
output (key=value lines written by ffmpeg itself, never the file's tags) says how far it got.
"""

import shutil
import tempfile

from django.conf import settings

from stories.video.probe import (
    CONTAINERS,
    MAP_STREAMS,
    VideoInfo,
    ffmpeg_command,
    run_reading_lines,
)

MAX_LONG_SIDE, MAX_SHORT_SIDE = 1920, 1080
VIDEO_OPTIONS = [
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "23",
    "-maxrate",
    "5M",
    "-bufsize",
    "10M",
    "-profile:v",
    "high",
    "-pix_fmt",
    "yuv420p",
    "-fps_mode",
    "vfr",
]
AUDIO_OPTIONS = ["-c:a", "aac", "-b:a", "128k", "-ac", "2", "-ar", "48000"]
# At least ten minutes, and ten times the clip's own duration: a 15-minute 4K HEVC clip on
# two busy cores takes far less, a file that makes ffmpeg loop forever is stopped.
MIN_SECONDS = 600
SECONDS_PER_SECOND = 10


def scale_filter(info: VideoInfo):
    """Down to 1080p (the long side at most 1920, the short one at most 1080), never up;
    even dimensions, as 4:2:0 needs. The size is the displayed one: ffmpeg turns the
    picture before this filter runs."""
    landscape = info.width >= info.height
    box = (MAX_LONG_SIDE, MAX_SHORT_SIDE) if landscape else (MAX_SHORT_SIDE, MAX_LONG_SIDE)
    if info.width <= box[0] and info.height <= box[1]:
        return "scale=trunc(iw/2)*2:trunc(ih/2)*2"
    return f"scale={box[0]}:{box[1]}:force_original_aspect_ratio=decrease:force_divisible_by=2"


def transcode_command(path, info: VideoInfo, output):
    demuxer = CONTAINERS[info.container].demuxer
    sound = AUDIO_OPTIONS if info.audio_codec else ["-an"]
    source = ["-f", demuxer, "-i", str(path), *MAP_STREAMS]
    clean = ["-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart"]
    progress = ["-progress", "pipe:1", "-nostats", "-loglevel", "error", "-y"]
    encode = ["-vf", scale_filter(info), *VIDEO_OPTIONS, *sound]
    return ffmpeg_command([*source, *encode, *clean, *progress, "-f", "mp4", output])


def web_rendition(path, info: VideoInfo, on_progress=None):
    """A named temporary file holding the web rendition of the video at ``path``; the caller
    closes it (which deletes it) or hands it over to be moved into storage.

    ``on_progress(fraction)`` is called as ffmpeg reports how far it got (0 to 1)."""
    rendition = tempfile.NamedTemporaryFile(  # noqa: SIM115 (handed over to the caller)
        suffix=".mp4", dir=settings.FILE_UPLOAD_TEMP_DIR
    )
    try:
        run_with_progress(transcode_command(path, info, rendition.name), info, on_progress)
    except BaseException:
        rendition.close()
        raise
    return rendition


def politely(command):
    """At a lower priority, where ``nice`` exists: a long transcoding on the machine that
    also serves the site leaves the web workers the processor first."""
    nice = shutil.which("nice")
    return [nice, "-n", "10", *command] if nice else command


def run_with_progress(command, info: VideoInfo, on_progress):
    def read_line(line):
        fraction = progress_of(line, info.duration)
        if fraction is not None and on_progress is not None:
            on_progress(fraction)

    limit = max(MIN_SECONDS, SECONDS_PER_SECOND * info.duration)
    run_reading_lines(politely(command), read_line, seconds=limit, failure="transcode")


def progress_of(line, duration):
    """The fraction done from one line of ffmpeg's -progress output, or None."""
    key, _sep, value = line.strip().partition("=")
    if key == "progress" and value == "end":
        return 1.0
    if key != "out_time_us" or not duration:
        return None
    try:
        done = int(value) / 1_000_000
    except ValueError:
        return None  # "N/A" before the first frame
    return min(max(done / duration, 0.0), 1.0)
