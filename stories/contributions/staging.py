"""Photos and videos that passed their checks survive a form sent back with an error
elsewhere: each is kept, privately, in a staging folder outside the media served by the
site, and the form carries a signed reference to it (``django.core.signing``, with the
facts read when it was checked), so that the next send uses it without choosing it again.

The reference expires after ``MAX_AGE``; ``manage.py clean_staged_media`` (run with the
other periodic commands) deletes the files older than that, and a sent contribution
deletes its own at once. The folder has a size ceiling: past it, files are not kept and
the form asks for them again, as before.

The ceiling counts what is promised, not only what has arrived: a resumable upload
(stories/video/resumable.py) reserves its announced length when it is created (its partial
file's name carries it), a staged video its size before the copy starts, and room is
checked and reserved under one lock, so uploads created at the same moment cannot together
promise more than the budget.
"""

import fcntl
import logging
import os
import secrets
import shutil
import time
from contextlib import contextmanager
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
    """The bytes kept and promised: a partial upload counts for its announced length."""
    total = 0
    for entry in os.scandir(folder()):
        if entry.is_file():
            total += max(entry.stat().st_size, announced_length(entry.name))
    return total


def announced_length(name):
    """The length a partial upload's name announces ("<id>.<length>.part"), else 0."""
    parts = name.split(".")
    if len(parts) == 3 and parts[2] == "part" and parts[1].isdigit():
        return int(parts[1])
    return 0


def has_room_for(size):
    return staged_bytes() + size <= budget_bytes()


@contextmanager
def budget_lock():
    """One check-and-reserve at a time, across the workers of this machine (a lock on the
    folder itself: no file of its own to count or clean)."""
    descriptor = os.open(folder(), os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def reserve(path, size):
    """Create ``path`` holding ``size`` bytes of the budget, or return False when there is
    no room. A partial upload's name announces its length; any other file is created at its
    final size (sparse) and then written over."""
    with budget_lock():
        if not has_room_for(size):
            return False
        with open(path, "xb") as created:
            if not announced_length(path.name):
                created.truncate(size)
    return True


def start_partial(length):
    """A new resumable upload of ``length`` bytes: its id, or None when there is no room."""
    upload_id = secrets.token_urlsafe(18)
    return upload_id if reserve(partial_path(upload_id, length), length) else None


def partial_path(upload_id, length):
    return folder() / f"{Path(upload_id).name}.{int(length)}.part"


def new_path(extension):
    return folder() / f"{secrets.token_urlsafe(18)}.{extension}"


def sign(kind, path, sent_name, facts):
    return signing.dumps(
        {"k": kind, "f": path.name, "n": sent_name[:NAME_LENGTH], **facts}, salt=SALT
    )


def stage_photo(photo: CleanPhoto, sent_name):
    """The re-encoded photo kept; its reference, or "" when there is no room."""
    path = new_path(photo.extension)
    if not reserve(path, len(photo.content)):
        return ""
    with open(path, "r+b") as kept:
        kept.write(photo.content)
    facts = {"e": photo.extension, "w": photo.width, "h": photo.height}
    return sign("photo", path, sent_name, facts)


def stage_video(upload, info: VideoInfo, sent_name):
    """The clean copy of a checked video kept (copied chunk by chunk, never read whole)."""
    path = new_path(info.container)
    if not reserve(path, upload.size):
        return ""
    upload.seek(0)
    with open(path, "r+b") as kept:  # over the reserved size, never below it
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
