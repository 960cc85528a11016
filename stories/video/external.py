"""Videos hosted elsewhere (YouTube, Vimeo, Dailymotion): a link is read into a provider
and an id, without asking the provider anything (no oEmbed call), and played in its
privacy-enhanced player only after the reader asks for it."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{1,12}$")
DAILYMOTION_ID = re.compile(r"^[A-Za-z0-9]{5,20}$")

PROVIDERS = {
    "youtube": (
        "YouTube",
        "https://www.youtube.com/watch?v={id}",
        "https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0",
    ),
    "vimeo": (
        "Vimeo",
        "https://vimeo.com/{id}",
        "https://player.vimeo.com/video/{id}?dnt=1&autoplay=1",
    ),
    "dailymotion": (
        "Dailymotion",
        "https://www.dailymotion.com/video/{id}",
        "https://www.dailymotion.com/embed/video/{id}?autoplay=1",
    ),
}


def embed_origins():
    """Where the players load from: what SECURE_CSP's frame-src must allow (stories/checks.py)."""
    return {
        "{0.scheme}://{0.netloc}".format(urlsplit(embed))
        for _name, _page, embed in PROVIDERS.values()
    }


@dataclass(frozen=True)
class ExternalVideo:
    provider: str
    video_id: str

    @property
    def provider_label(self):
        return PROVIDERS[self.provider][0]

    @property
    def watch_url(self):
        return PROVIDERS[self.provider][1].format(id=self.video_id)

    @property
    def embed_url(self):
        return PROVIDERS[self.provider][2].format(id=self.video_id)


def parse_video_url(url):
    """The provider and id of a video link, or None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username or parts.password or parts.port:
        return None
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    for provider, parse in (
        ("youtube", youtube_id),
        ("vimeo", vimeo_id),
        ("dailymotion", dailymotion_id),
    ):
        video_id = parse(host, segments, parts.query)
        if video_id:
            return ExternalVideo(provider, video_id)
    return None


def youtube_id(host, segments, query):
    if host == "youtu.be" and len(segments) == 1:
        candidate = segments[0]
    elif host in {"youtube.com", "www.youtube.com", "m.youtube.com", "www.youtube-nocookie.com"}:
        if segments == ["watch"]:
            candidate = parse_qs(query).get("v", [""])[0]
        elif len(segments) == 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            candidate = segments[1]
        else:
            return None
    else:
        return None
    return candidate if YOUTUBE_ID.match(candidate) else None


def vimeo_id(host, segments, _query):
    if host in {"vimeo.com", "www.vimeo.com"} and segments:
        candidate = segments[0]
    elif host == "player.vimeo.com" and len(segments) == 2 and segments[0] == "video":
        candidate = segments[1]
    else:
        return None
    return candidate if VIMEO_ID.match(candidate) else None


def dailymotion_id(host, segments, _query):
    if host == "dai.ly" and len(segments) == 1:
        candidate = segments[0]
    elif host in {"dailymotion.com", "www.dailymotion.com"} and len(segments) >= 2:
        if segments[0] == "video":
            candidate = segments[1]
        elif segments[:2] == ["embed", "video"] and len(segments) == 3:
            candidate = segments[2]
        else:
            return None
        candidate = candidate.split("_", 1)[0]  # /video/x7tgad0_a-title
    else:
        return None
    return candidate if DAILYMOTION_ID.match(candidate) else None
