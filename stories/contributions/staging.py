"""Photos and videos that passed their checks survive a form sent back with an error
elsewhere: each is kept, privately, in a staging folder outside the media served by the
site, and the form carries a signed reference to it (``django.core.signing``, with the
facts read when it was checked), so that the next send uses it without choosing it again.

The reference expires after ``MAX_AGE``; ``manage.py clean_staged_media`` (run with the
other periodic commands) deletes the files older than that, and a sent contribution
deletes its own at once. The folder has a size ceiling: past it, files are not kept and
the form asks for them again, as before.
"""

import logging
import os
import secrets
import shutil
import time
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.files import File

from stories.contributions.images import CleanPhoto
from stories.video.probe import VideoInfo

logger = logging.getLogger(__name__)
SALT = "centenaire.contribution-staged-file"
MAX_AGE = 24 * 60 * 60
# A resumable upload not written to for this long is abandoned (stories/video/resumable.py).
PARTIAL_MAX_AGE = 6 * 60 * 60
NAME_LENGTH = 80


def folder():
    path = Path(settings.CONTRIBUTION_STAGING_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def budget_bytes():
    return settings.CONTRIBUTION_STAGING_BUDGET_BYTES


def staged_bytes():
    return sum(entry.stat().st_size for entry in os.scandir(folder()) if entry.is_file())


def has_room_for(size):
    return staged_bytes() + size <= budget_bytes()


def new_path(extension):
    return folder() / f"{secrets.token_urlsafe(18)}.{extension}"


def sign(kind, path, sent_name, facts):
    return signing.dumps(
        {"k": kind, "f": path.name, "n": sent_name[:NAME_LENGTH], **facts}, salt=SALT
    )


def stage_photo(photo: CleanPhoto, sent_name):
    """The re-encoded photo kept; its reference, or "" when there is no room."""
    if not has_room_for(len(photo.content)):
        return ""
    path = new_path(photo.extension)
    path.write_bytes(photo.content)
    facts = {"e": photo.extension, "w": photo.width, "h": photo.height}
    return sign("photo", path, sent_name, facts)


def stage_video(upload, info: VideoInfo, sent_name):
    """The clean copy of a checked video kept (copied chunk by chunk, never read whole)."""
    if not has_room_for(upload.size):
        return ""
    path = new_path(info.container)
    upload.seek(0)
    with open(path, "wb") as kept:
        shutil.copyfileobj(upload, kept, length=1024 * 1024)
    upload.seek(0)
    return sign("video", path, sent_name, {"i": asdict(info)})


class Staged:
    """A file kept from an earlier send, as its reference describes it."""

    def __init__(self, reference, data):
        self.reference = reference
        self.kind = data["k"]
        self.path = folder() / Path(data["f"]).name  # a name only, never a path
        self.sent_name = data["n"]
        self.data = data

    @property
    def size(self):
        return self.path.stat().st_size

    def photo(self):
        data = self.data
        return CleanPhoto(self.path.read_bytes(), data["e"], data["w"], data["h"])

    def video(self):
        """(a file to store, the facts read when it was checked)."""
        handle = open(self.path, "rb")  # noqa: SIM115 (closed once stored)
        return File(handle, name=self.path.name), VideoInfo(**self.data["i"])

    def discard(self):
        self.path.unlink(missing_ok=True)


def load(reference, kind):
    """The staged file a reference names, or None (forged, expired, or already gone)."""
    if not reference:
        return None
    try:
        data = signing.loads(reference, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") != kind:
        return None
    staged = Staged(reference, data)
    return staged if staged.path.is_file() else None


def clean_expired(now=None):
    """Delete the staged files older than MAX_AGE, and the partial uploads not written to
    for PARTIAL_MAX_AGE; returns how many."""
    now = now or time.time()
    removed = 0
    for entry in os.scandir(folder()):
        limit = PARTIAL_MAX_AGE if entry.name.endswith(".part") else MAX_AGE
        if entry.is_file() and now - entry.stat().st_mtime > limit:
            Path(entry.path).unlink(missing_ok=True)
            removed += 1
    return removed
