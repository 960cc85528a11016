"""Short clips generated with the real ffmpeg binary, for the video tests."""

import subprocess

from stories.video.probe import ffmpeg_exe

ENCODERS = {
    "mp4": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    "webm": ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-b:v", "100k", "-c:a", "libopus"],
    "mpeg4-in-mp4": ["-c:v", "mpeg4", "-c:a", "aac", "-f", "mp4"],
    # What an iPhone records by default: HEVC (tagged hvc1) and AAC in a QuickTime movie.
    "hevc-mov": [
        "-c:v",
        "libx265",
        "-preset",
        "ultrafast",
        "-x265-params",
        "log-level=error",
        "-tag:v",
        "hvc1",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-f",
        "mov",
    ],
    "h264-mov": [
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac", "-f", "mov"),
    ],
}


def make_clip(
    path, *, seconds=3, kind="mp4", size="320x180", rate=15, sound=True, video_filter=None
):
    """A test pattern (and a tone); a long clip is quick to make at a small size and rate."""
    tone = ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"] if sound else []
    command = [
        ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={size}:rate={rate}:duration={seconds}",
        *tone,
        *(["-vf", video_filter, "-fps_mode", "passthrough"] if video_filter else []),
        *ENCODERS[kind],
        "-shortest",
        str(path),
    ]
    subprocess.run(command, check=True)
    return path


def retag(source, path, *options):
    """A copy of ``source``, packets untouched, with the tags (or stream order) of
    ``options``: ``"-metadata", "title=..."`` and the like."""
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(source)]
    has_map = "-map" in options
    subprocess.run(
        [*command, *([] if has_map else ["-map", "0"]), "-c", "copy", *options, str(path)],
        check=True,
    )
    return path


def make_vfr_clip(path, kind="h264-mov"):
    """Variable frame rate, as phones record in low light: 30 images a second for the first
    second, then 10."""
    return make_clip(
        path, seconds=2, kind=kind, rate=30, video_filter="select='lt(t\\,1)+not(mod(n\\,3))'"
    )


def rotate(source, path, degrees):
    """A copy of ``source``, packets untouched, whose display matrix turns the picture by
    ``degrees`` (as a phone held upright writes it)."""
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y"]
    subprocess.run(
        [*command, "-display_rotation", str(degrees), "-i", str(source), "-c", "copy", str(path)],
        check=True,
    )
    return path
