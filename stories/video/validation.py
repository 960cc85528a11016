"""Accept a video by what it contains, within the size and duration limits of the settings.

Every message is French and says what to do; the probe's technical detail is kept for the
log, never shown.
"""

import logging
import os
import shutil
import tempfile
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from stories.video.probe import ProbeError, VideoInfo, probe
from stories.video.remux import clean_copy

logger = logging.getLogger(__name__)

MESSAGES = {
    "signature": _(
        "Ce fichier n’est pas une vidéo MP4 ou WebM. Enregistrez votre vidéo dans l’un de ces "
        "formats (c’est le cas de la plupart des téléphones), puis envoyez-la à nouveau."
    ),
    "unreadable": _(
        "Nous n’arrivons pas à lire cette vidéo : elle semble abîmée ou incomplète. "
        "Essayez de l’exporter à nouveau depuis votre téléphone ou votre logiciel."
    ),
    "codec": _(
        "Cette vidéo utilise un format d’image ou de son que tous les navigateurs ne lisent "
        "pas. Exportez-la en MP4 (H.264 et AAC) ou en WebM (VP9 et Opus)."
    ),
    "timeout": _(
        "L’analyse de cette vidéo a pris trop de temps. Essayez une version plus courte ou "
        "plus légère."
    ),
}


def format_duration(seconds):
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def too_big(size):
    return ValidationError(
        _(
            "Cette vidéo pèse %(size)s ; la limite est de %(limit)s. Raccourcissez-la ou "
            "exportez-la dans une qualité plus légère, puis envoyez-la à nouveau."
        )
        % {"size": filesizeformat(size), "limit": filesizeformat(settings.VIDEO_MAX_BYTES)},
        code="too_big",
    )


def too_long(duration):
    return ValidationError(
        _(
            "Cette vidéo dure %(duration)s ; la limite est de %(limit)s. Gardez le passage le "
            "plus parlant, puis envoyez-la à nouveau."
        )
        % {
            "duration": format_duration(duration),
            "limit": format_duration(settings.VIDEO_MAX_SECONDS),
        },
        code="too_long",
    )


def check_video(path, size) -> VideoInfo:
    """The video's facts, or a ValidationError saying politely what is wrong."""
    if size > settings.VIDEO_MAX_BYTES:
        raise too_big(size)
    try:
        info = probe(path)
    except ProbeError as error:
        raise refusal(error) from None
    if info.duration > settings.VIDEO_MAX_SECONDS:
        raise too_long(info.duration)
    return info


def refusal(error: ProbeError):
    logger.info("Video refused (%s): %s", error.code, error.detail)
    message = MESSAGES.get(error.code, MESSAGES["unreadable"])
    return ValidationError(message, code=error.code)


def validate_uploaded_video(uploaded) -> VideoInfo:
    """Check the upload, then put its clean copy in its place (see ``remux``): whoever saves
    the upload afterwards stores the copy, without the sent file's tags or trailing bytes.
    The copy is checked in turn, so what is stored is what was checked.

    Django keeps a large upload in a temporary file, so sizing it reads nothing."""
    with local_path(uploaded) as path:
        info = check_video(path, uploaded.size)
        try:
            copy = clean_copy(path, info)
        except ProbeError as error:
            raise refusal(error) from None
    try:
        info = check_video(copy.name, os.path.getsize(copy.name))
    except ValidationError:
        copy.close()
        raise
    replace_content(uploaded, copy)
    return info


def replace_content(uploaded, copy):
    """The upload now reads from ``copy``; its own temporary file is deleted at once. A
    TemporaryUploadedFile's path is the copy's, so storage moves the copy into place."""
    sent, uploaded.file = uploaded.file, copy
    uploaded.size = os.path.getsize(copy.name)
    sent.close()


@contextmanager
def local_path(file):
    """A path on disk for an uploaded or stored file: the upload's own temporary file when
    Django streamed it to disk, else a copy made chunk by chunk (never read whole)."""
    if hasattr(file, "temporary_file_path"):
        yield file.temporary_file_path()
        return
    try:
        path = file.path  # a stored file on the local file system
    except (AttributeError, NotImplementedError, ValueError):
        path = None
    if path:
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=".video") as copy:
        file.seek(0)
        shutil.copyfileobj(file, copy, length=1024 * 1024)
        copy.flush()
        file.seek(0)
        yield copy.name
