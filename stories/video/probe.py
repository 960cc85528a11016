"""What a video file really is, read from its content: the container's signature first,
then the ffmpeg binary of the imageio-ffmpeg package.

Nothing is read from ffmpeg's human-readable log, which repeats the file's own tags (a title
can say "Duration: 00:00:05.00" or imitate a stream line). The facts come from ffmpeg's
``framecrc`` output, a line format written by ffmpeg itself: one header line per stream
(time base, media type, codec, dimensions) and one line per packet (timestamps, duration).

- the codecs are those of the demuxed streams, and the first video frame (and sound frame)
  must decode with the decoder of the accepted codec, forced by name;
- the duration is measured from every packet's timestamps, never taken from a header or
  a tag;
- the width and height are those of the decoded frame.

ffmpeg runs with the demuxer forced from the signature (so a playlist or a concat list
renamed .mp4 is never interpreted as one), only the ``file`` protocol allowed (no network),
no standard input, and a time limit; its output is read line by line, never kept whole.
"""

import re
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings

import imageio_ffmpeg

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
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"3g2a",
    b"MSNV",
    b"XAVC",
}
# What Apple's cameras (and some others) write: a QuickTime movie, read by the same demuxer.
MOV_BRANDS = {b"qt  "}


@dataclass(frozen=True)
class Container:
    demuxer: str
    muxer: str
    video_decoders: dict  # accepted codec: the ffmpeg decoder that must read it
    audio_decoders: dict
    mime_type: str


# What phones record: H.264 or HEVC (H.265), sometimes AV1, with AAC sound, in MP4 or
# QuickTime; VP8, VP9 or AV1 with Opus or Vorbis in WebM. Each accepted codec names the
# decoder that must read its first frame. Only H.264 and AAC in MP4 play in every browser:
# anything else gets a web rendition (stories/video/transcode.py).
PHONE_VIDEO = {"h264": "h264", "hevc": "hevc", "av1": "libdav1d"}
PHONE_SOUND = {"aac": "aac", "alac": "alac", "mp3": "mp3float", "opus": "opus"}
CONTAINERS = {
    "mp4": Container("mov", "mp4", PHONE_VIDEO, PHONE_SOUND, "video/mp4"),
    "mov": Container("mov", "mov", PHONE_VIDEO, PHONE_SOUND, "video/quicktime"),
    "webm": Container(
        "matroska",
        "webm",
        {"vp8": "vp8", "vp9": "vp9", "av1": "libdav1d"},
        {"opus": "opus", "vorbis": "vorbis"},
        "video/webm",
    ),
}
PROBE_SECONDS = 30
# Far above any real clip (240 frames and 50 sound packets a second): a file announcing
# millions of empty packets is refused before its list is read to the end.
MAX_PACKETS_PER_SECOND = 400
NO_TIMESTAMP = -(2**63)
HEADER_LINE = re.compile(r"#(tb|media_type|codec_id|dimensions|sample_rate) (\d+): (\S+)")
PACKET_LINE = re.compile(r"(\d+), *(-?\d+), *(-?\d+), *(-?\d+), *(\d+), (0x[0-9a-f]{8}).*")
DIMENSIONS = re.compile(r"(\d{1,5})x(\d{1,5})")
TIME_BASE = re.compile(r"(\d{1,10})/(\d{1,10})")
# Both output streams are mapped in this order: the first video, then the first sound.
VIDEO, AUDIO = 0, 1
MAP_STREAMS = ["-map", "0:v:0", "-map", "0:a:0?"]


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
    # The picture is turned (or flipped) on display by the file's display matrix, as phones
    # record portrait videos; ``width`` and ``height`` are those of the picture as displayed.
    rotated: bool = False

    @property
    def mime_type(self):
        return CONTAINERS[self.container].mime_type

    @property
    def browser_safe(self):
        """Plays as it is in every browser: H.264 and AAC (or no sound) in MP4, upright,
        at most 1080p. Anything else is given a web rendition."""
        return (
            self.container == "mp4"
            and self.video_codec == "h264"
            and self.audio_codec in ("aac", "")
            and not self.rotated
            and max(self.width, self.height) <= 1920
            and min(self.width, self.height) <= 1080
        )


@dataclass
class Stream:
    """One output stream of a framecrc listing: its header, and the span of its packets."""

    headers: dict = field(default_factory=dict)
    packets: int = 0
    start: int | None = None
    end: int | None = None
    first_crc: str = ""

    def add_packet(self, pts, duration, crc=""):
        if pts == NO_TIMESTAMP:
            return
        self.packets += 1
        self.first_crc = self.first_crc or crc
        end = pts + max(duration, 0)
        self.start = pts if self.start is None else min(self.start, pts)
        self.end = end if self.end is None else max(self.end, end)

    @property
    def time_base(self):
        match = TIME_BASE.fullmatch(self.headers.get("tb", ""))
        if not match or not int(match.group(1)) or not int(match.group(2)):
            raise ProbeError("unreadable", "no time base")
        return Fraction(int(match.group(1)), int(match.group(2)))

    def span(self):
        """(first, last) presentation time in seconds, packet durations included."""
        if self.start is None:
            return None
        return self.start * self.time_base, self.end * self.time_base


class Listing:
    """ffmpeg's framecrc output, read line by line. Each header is written once per stream
    by ffmpeg; a second one could only come from a forgery, which is refused."""

    def __init__(self, max_packets):
        self.streams = {}
        self.max_packets = max_packets
        self.packets = 0

    def read(self, line):
        line = line.rstrip("\n")
        if header := HEADER_LINE.fullmatch(line):
            key, index, value = header.groups()
            headers = self.stream(index).headers
            if key in headers:
                raise ProbeError("unreadable", f"header {key} repeated")
            headers[key] = value
        elif packet := PACKET_LINE.fullmatch(line):
            index, _dts, pts, duration, _size, crc = packet.groups()
            self.packets += 1
            if self.packets > self.max_packets:
                raise ProbeError("unreadable", "too many packets")
            self.stream(index).add_packet(int(pts), int(duration), crc)

    def stream(self, index):
        return self.streams.setdefault(int(index), Stream())

    def codec(self, index, media_type):
        """The codec of an output stream, checked to be of the expected kind."""
        stream = self.streams.get(index)
        if stream is None:
            return ""
        if stream.headers.get("media_type") != media_type:
            raise ProbeError("unreadable", f"stream {index} is not {media_type}")
        return stream.headers.get("codec_id", "")

    def duration(self):
        """From the earliest packet to the end of the latest one, over every stream."""
        spans = [span for stream in self.streams.values() if (span := stream.span())]
        if not spans:
            raise ProbeError("unreadable", "no packets")
        return float(max(end for _, end in spans) - min(start for start, _ in spans))

    def dimensions(self, index):
        match = DIMENSIONS.fullmatch(self.streams[index].headers.get("dimensions", ""))
        if not match:
            raise ProbeError("unreadable", "no dimensions")
        return int(match.group(1)), int(match.group(2))


def ffmpeg_exe():
    return imageio_ffmpeg.get_ffmpeg_exe()


def sniff_container(head: bytes):
    """ "mp4", "mov" or "webm" from the first bytes of the file, or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "mp4"
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MOV_BRANDS:
        return "mov"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "webm"
    return None


def probe(path) -> VideoInfo:
    """Probe a file on disk; raise ProbeError when it is not an accepted video."""
    with open(path, "rb") as handle:
        container = sniff_container(handle.read(64))
    if container is None:
        raise ProbeError("signature")
    accepted = CONTAINERS[container]
    packets = list_packets(path, accepted)
    video_codec, audio_codec = packets.codec(VIDEO, "video"), packets.codec(AUDIO, "audio")
    if video_codec not in accepted.video_decoders or (
        audio_codec and audio_codec not in accepted.audio_decoders
    ):
        raise ProbeError("codec", f"{video_codec}/{audio_codec}")
    width, height, rotated = decode_first_frames(path, accepted, video_codec, audio_codec)
    return VideoInfo(
        container=container,
        duration=packets.duration(),
        width=width,
        height=height,
        video_codec=video_codec,
        audio_codec=audio_codec,
        rotated=rotated,
    )


def list_packets(path, accepted: Container) -> Listing:
    """Every packet of the first video and sound streams, copied without decoding."""
    listing = Listing(max_packets=MAX_PACKETS_PER_SECOND * settings.VIDEO_MAX_SECONDS)
    read_ffmpeg_lines(
        ["-f", accepted.demuxer, "-i", str(path), *MAP_STREAMS, "-c", "copy"],
        listing.read,
    )
    if VIDEO not in listing.streams:
        raise ProbeError("unreadable", "no video stream")
    return listing


def decode_first_frames(path, accepted: Container, video_codec, audio_codec):
    """Decode the first picture, then the first sound, each with the accepted codec's own
    decoder; the size is the decoded picture's, as displayed.

    The picture is decoded twice, as displayed and as stored: when the two differ (in size,
    or in content for a half turn or a mirror), the file asks for a rotation, which the
    web rendition applies."""
    decoder = accepted.video_decoders[video_codec]
    picture = decode_first_frame(path, accepted, "v", decoder)
    stored = decode_first_frame(path, accepted, "v", decoder, autorotate=False)
    if audio_codec:
        decode_first_frame(path, accepted, "a", accepted.audio_decoders[audio_codec])
    width, height = picture.dimensions(0)
    if not (16 <= width <= 16384 and 16 <= height <= 16384):
        raise ProbeError("unreadable", f"{width}x{height}")
    rotated = (stored.dimensions(0) != (width, height)) or (
        stored.streams[0].first_crc != picture.streams[0].first_crc
    )
    return width, height, rotated


def decode_first_frame(path, accepted: Container, kind, decoder, autorotate=True) -> Listing:
    listing = Listing(max_packets=1)
    arguments = [] if autorotate else ["-noautorotate"]
    arguments += [f"-c:{kind}", decoder, "-f", accepted.demuxer, "-i", str(path)]
    read_ffmpeg_lines([*arguments, "-map", f"0:{kind}:0", f"-frames:{kind}", "1"], listing.read)
    if not listing.streams.get(0, Stream()).packets:
        raise ProbeError("unreadable", f"no {kind} frame decoded by {decoder}")
    return listing


def ffmpeg_command(arguments):
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-protocol_whitelist", "file", *arguments]


def read_ffmpeg_lines(arguments, read_line):
    """Run ffmpeg with a framecrc listing on its standard output, handing each line to
    ``read_line`` as it comes (which may stop everything by raising ProbeError)."""
    command = ffmpeg_command([*arguments, "-loglevel", "error", "-f", "framecrc", "pipe:1"])
    run_reading_lines(command, read_line, seconds=PROBE_SECONDS, failure="unreadable")


def run_reading_lines(command, read_line, *, seconds, failure):
    """Run ``command`` (ffmpeg, for the probe and the web rendition) handing each line of its
    standard output to ``read_line`` as it comes; ``read_line`` may stop everything by
    raising, which kills the process. Its error log goes to a temporary file, never kept
    whole in memory.

    Raises ProbeError("timeout") when the time limit ``seconds`` killed the process, and
    ProbeError(``failure``, the end of its log) when it failed by itself. A process that
    ended as the limit passed is judged by its own exit status: "timed out" means the
    timer's kill is what ended it."""
    with tempfile.TemporaryFile() as log:
        # A list of arguments, no shell; the only outside input is a path we chose.
        process = subprocess.Popen(  # noqa: S603
            command,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            encoding="ascii",
            errors="replace",
        )
        limit = TimeLimit(process, seconds)
        try:
            for line in process.stdout:
                read_line(line)
            process.wait()  # still under the time limit
        finally:
            limit.cancel()
            if process.poll() is None:  # stopped early by read_line
                process.kill()
            process.wait()
            process.stdout.close()
        if limit.stopped_it():
            raise ProbeError("timeout")
        if process.returncode != 0:
            log.seek(0)
            raise ProbeError(failure, log.read()[-500:].decode("utf-8", "replace"))


class TimeLimit:
    """Kills a process still running after ``seconds``.

    The timer can fire while the process is exiting, or while another thread waits for it
    (``poll`` then knows nothing yet): its kill may land on a process that had already
    finished. So the process is said to have been stopped by the limit only when the timer
    sent its kill *and* the process died of that signal."""

    def __init__(self, process, seconds):
        self.process = process
        self.killed = threading.Event()
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.start()

    def expire(self):
        if self.process.poll() is None:
            self.killed.set()
            self.process.kill()

    def cancel(self):
        self.timer.cancel()

    def stopped_it(self):
        """After the process was waited for: whether the time limit is what ended it."""
        return self.killed.is_set() and self.process.returncode == -signal.SIGKILL


def run_ffmpeg(arguments, *, seconds=PROBE_SECONDS, capture_stdout=False):
    try:
        # A list of arguments, no shell; the only outside input is a path we chose.
        return subprocess.run(  # noqa: S603
            ffmpeg_command(arguments),
            stdout=subprocess.PIPE if capture_stdout else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=seconds,
            check=False,
            text=not capture_stdout,
        )
    except subprocess.TimeoutExpired as error:
        raise ProbeError("timeout") from error


def extract_poster(path, info: VideoInfo) -> bytes:
    """A JPEG of the frame one second in (or the middle of a shorter clip)."""
    at = 1.0 if info.duration > 2 else info.duration / 2
    demuxer = CONTAINERS[info.container].demuxer
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
