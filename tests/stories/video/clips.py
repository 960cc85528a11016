"""Short clips generated with the real ffmpeg binary, for the video tests."""

import subprocess

from stories.video.probe import ffmpeg_exe

ENCODERS = {
    "mp4": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    "webm": ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-b:v", "100k", "-c:a", "libopus"],
    "mpeg4-in-mp4": ["-c:v", "mpeg4", "-c:a", "aac", "-f", "mp4"],
}


def make_clip(path, *, seconds=3, kind="mp4", size="320x180"):
    command = [
        ffmpeg_exe(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size={size}:rate=15:duration={seconds}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:duration={seconds}",
        *ENCODERS[kind],
        "-shortest",
        str(path),
    ]
    subprocess.run(command, check=True)
    return path
