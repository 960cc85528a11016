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
from django.utils.translation import ngettext

from stories.video.probe import ProbeError, VideoInfo, probe
from stories.video.remux import clean_copy

logger = logging.getLogger(__name__)

MESSAGES = {
    "signature": _(
        "Ce fichier n’est pas une vidéo que nous savons lire. Nous acceptons les vidéos MP4, "
        "MOV et WebM, celles que font les téléphones : envoyez la vidéo telle que votre "
        "téléphone l’a enregistrée, ou écrivez-nous à %(contact)s."
    ),
    "unreadable": _(
        "Nous n’arrivons pas à lire cette vidéo : elle semble abîmée ou incomplète. Essayez "
        "de l’envoyer à nouveau, ou de l’exporter depuis votre téléphone ou votre logiciel ; "
        "si cela ne marche toujours pas, écrivez-nous à %(contact)s."
    ),
    "codec": _(
        "Cette vidéo utilise un format d’image ou de son que nous ne savons pas lire. "
        "Exportez-la en MP4 depuis votre téléphone ou votre logiciel, ou écrivez-nous à "
        "%(contact)s."
    ),
    "timeout": _(
        "L’analyse de cette vidéo a pris trop de temps. Raccourcissez-la, ou envoyez-la "
        "depuis un ordinateur en qualité plus légère ; sinon, écrivez-nous à %(contact)s."
    ),
    "transcode": _(
        "Nous n’avons pas pu préparer une version de cette vidéo lisible par tous les "
        "navigateurs. Essayez de l’exporter à nouveau en MP4, ou écrivez-nous à %(contact)s."
    ),
}


def contact_email():
    return settings.CONTRIBUTION_CONTACT_EMAIL or settings.DEFAULT_FROM_EMAIL


def message_for(code):
    """The French message for a probe's refusal, with the address to write to."""
    return str(MESSAGES.get(code, MESSAGES["unreadable"])) % {"contact": contact_email()}


def format_duration(seconds):
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def format_limit(seconds):
    """15 minutes rather than "15 min 00 s", in a sentence saying what to cut it to."""
    minutes, rest = divmod(round(seconds), 60)
    if minutes and not rest:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return format_duration(seconds)


def too_big(size):
    return ValidationError(
        _(
            "Cette vidéo pèse %(size)s ; la limite est de %(limit)s. Raccourcissez-la, ou "
            "envoyez-la depuis un ordinateur après l’avoir exportée en qualité plus légère "
            "(1080p suffit). Si vous n’y arrivez pas, écrivez-nous à %(contact)s."
        )
        % {
            "size": filesizeformat(size),
            "limit": filesizeformat(settings.VIDEO_MAX_BYTES),
            "contact": contact_email(),
        },
        code="too_big",
    )


def too_long(duration):
    return ValidationError(
        _(
            "Cette vidéo dure %(duration)s ; la limite est de %(limit)s. Raccourcissez-la à "
            "%(limit_words)s en gardant le passage le plus parlant (sur la plupart des "
            "téléphones : « Modifier », puis faites glisser le début ou la fin), puis "
            "envoyez-la à nouveau. Pour un témoignage plus long, écrivez-nous à %(contact)s."
        )
        % {
            "duration": format_duration(duration),
            "limit": format_duration(settings.VIDEO_MAX_SECONDS),
            "limit_words": format_limit(settings.VIDEO_MAX_SECONDS),
            "contact": contact_email(),
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
    return ValidationError(message_for(error.code), code=error.code)


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
