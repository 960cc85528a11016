"""The one runner of ffmpeg (probe and web rendition): its time limit, and the race between
the limit and a process that finishes just then."""

import time

import pytest

from stories.video.probe import ProbeError, ffmpeg_command, run_reading_lines


def colour_frames(seconds):
    """ffmpeg listing the frames of a plain colour clip (lavfi: no file, no network)."""
    return ffmpeg_command(
        [
            "-f",
            "lavfi",
            "-i",
            f"color=size=32x32:rate=25:duration={seconds}",
            "-loglevel",
            "error",
            "-f",
            "framecrc",
            "pipe:1",
        ]
    )


def test_an_ffmpeg_still_running_at_the_limit_is_stopped_as_a_timeout():
    started = time.monotonic()
    with pytest.raises(ProbeError) as refusal:
        run_reading_lines(
            colour_frames(100_000), lambda line: None, seconds=0.5, failure="transcode"
        )
    assert refusal.value.code == "timeout"
    assert time.monotonic() - started < 30


def test_an_ffmpeg_that_finished_as_the_limit_passed_is_judged_by_its_own_exit():
    """ffmpeg writes its few lines and exits at once; the reader is slower than the limit,
    so the timer fires on a process that has already ended successfully: not a timeout."""
    lines = []

    def slow_reader(line):
        if not lines:
            time.sleep(3)
        lines.append(line)

    run_reading_lines(colour_frames(0.2), slow_reader, seconds=1, failure="transcode")
    assert sum(not line.startswith("#") for line in lines) == 5


def test_an_ffmpeg_that_fails_by_itself_is_reported_with_the_failure_and_its_log(tmp_path):
    missing = tmp_path / "absent.mp4"
    with pytest.raises(ProbeError) as refusal:
        run_reading_lines(
            ffmpeg_command(["-i", str(missing), "-f", "framecrc", "pipe:1"]),
            lambda line: None,
            seconds=30,
            failure="transcode",
        )
    assert refusal.value.code == "transcode"
    assert "absent.mp4" in refusal.value.detail


def test_a_reader_that_refuses_a_line_stops_ffmpeg_with_its_own_reason():
    def refuse(line):
        raise ProbeError("unreadable", "too many packets")

    started = time.monotonic()
    with pytest.raises(ProbeError) as refusal:
        run_reading_lines(colour_frames(100_000), refuse, seconds=60, failure="transcode")
    assert refusal.value.detail == "too many packets"
    assert time.monotonic() - started < 30
