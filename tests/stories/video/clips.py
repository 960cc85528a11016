"""Short clips generated with the real ffmpeg binary, for the video tests."""

import subprocess

from stories.video.probe import ffmpeg_exe

ENCODERS = {
    "mp4": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    "webm": ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-b:v", "100k", "-c:a", "libopus"],
    "mpeg4-in-mp4": ["-c:v", "mpeg4", "-c:a", "aac", "-f", "mp4"],
}


def make_clip(path, *, seconds=3, kind="mp4", size="320x180", rate=15, sound=True):
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
