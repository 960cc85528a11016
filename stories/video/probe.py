"""What a video file really is, read from its content: the container's signature first,
then a probe by the ffmpeg binary of the imageio-ffmpeg package.

ffmpeg is run with the demuxer forced from the signature (so a playlist or a concat list
renamed .mp4 is never interpreted as one), only the ``file`` protocol allowed (no network),
no standard input, and a time limit. It must decode the first video frame.
"""

import re
import subprocess
from dataclasses import dataclass

from django.conf import settings

MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"dash",
}
CONTAINERS = {
    # name: (ffmpeg demuxer, accepted video codecs, accepted audio codecs, MIME type)
    "mp4": ("mov", {"h264"}, {"aac"}, "video/mp4"),
    "webm": ("matroska", {"vp8", "vp9", "av1"}, {"opus", "vorbis"}, "video/webm"),
}
DURATION = re.compile(r"Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
VIDEO_STREAM = re.compile(r"Stream #0:\d+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})")
AUDIO_STREAM = re.compile(r"Stream #0:\d+.*?: Audio: (\w+)")
PROBE_SECONDS = 30


class ProbeError(Exception):
    """The file is not a video we accept; ``code`` says why (see ``messages``)."""

    def __init__(self, code, detail=""):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class VideoInfo:
    container: str
    duration: float
    width: int
    height: int
    video_codec: str
    audio_codec: str  # "" when the clip has no sound

    @property
    def mime_type(self):
        return CONTAINERS[self.container][3]


def ffmpeg_exe():
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def sniff_container(head: bytes):
    """ "mp4" or "webm" from the first bytes of the file, or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "webm"
    return None


def probe(path) -> VideoInfo:
    """Probe a file on disk; raise ProbeError when it is not an accepted video."""
    with open(path, "rb") as handle:
        container = sniff_container(handle.read(64))
    if container is None:
        raise ProbeError("signature")
    demuxer, video_codecs, audio_codecs, _mime = CONTAINERS[container]
    output = run_ffmpeg(
        ["-f", demuxer, "-i", str(path), "-map", "0:v:0", "-frames:v", "1", "-f", "null", "-"]
    )
    info = parse_probe(container, output.stderr)
    if output.returncode != 0 or info is None:
        raise ProbeError("unreadable", output.stderr[-500:])
    if info.video_codec not in video_codecs or (
        info.audio_codec and info.audio_codec not in audio_codecs
    ):
        raise ProbeError("codec", f"{info.video_codec}/{info.audio_codec}")
    return info


def run_ffmpeg(arguments, *, seconds=PROBE_SECONDS, capture_stdout=False):
    command = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-protocol_whitelist",
        "file",
        *arguments,
    ]
    try:
        # A list of arguments, no shell; the only outside input is a path we chose.
        return subprocess.run(  # noqa: S603
            command,
            stdout=subprocess.PIPE if capture_stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=seconds,
            check=False,
            text=not capture_stdout,
        )
    except subprocess.TimeoutExpired as error:
        raise ProbeError("timeout") from error


def parse_probe(container, stderr):
    duration = DURATION.search(stderr)
    video = VIDEO_STREAM.search(stderr)
    if not duration or not video:
        return None
    hours, minutes, seconds = duration.groups()
    audio = AUDIO_STREAM.search(stderr)
    return VideoInfo(
        container=container,
        duration=int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        width=int(video.group(2)),
        height=int(video.group(3)),
        video_codec=video.group(1),
        audio_codec=audio.group(1) if audio else "",
    )


def extract_poster(path, info: VideoInfo) -> bytes:
    """A JPEG of the frame one second in (or the middle of a shorter clip)."""
    at = 1.0 if info.duration > 2 else info.duration / 2
    demuxer = CONTAINERS[info.container][0]
    output = run_ffmpeg(
        [
            "-ss",
            f"{at:.2f}",
            "-f",
            demuxer,
            "-i",
            str(path),
            "-frames:v",
            "1",
            "-q:v",
            "3",
            "-f",
            "image2",
            "-c:v",
            "mjpeg",
            "pipe:1",
        ],
        capture_stdout=True,
    )
    if output.returncode != 0 or not output.stdout.startswith(b"\xff\xd8"):
        raise ProbeError("poster", output.stderr[-500:].decode("utf-8", "replace"))
    return output.stdout


def limits():
    return settings.VIDEO_MAX_BYTES, settings.VIDEO_MAX_SECONDS
