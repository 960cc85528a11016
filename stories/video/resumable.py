"""Resumable video uploads: a subset of tus 1.0 (https://tus.io/protocols/resumable-upload),
creation, HEAD and PATCH, for the contribution form's JavaScript. A video sent from a phone
on a weak network resumes where it stopped instead of starting again.

- ``POST /envoi-video/`` with ``Upload-Length`` creates an upload. It needs the permit the
  form carries, its signed token (``Upload-Permit``, stories/contributions/abuse.py), stays
  within the uploads a network may create per hour (stories/contributions/rate_limits.py),
  the video size limit and the staging budget, where it reserves its announced length at
  once (stories/contributions/staging.py). The answer's ``Location`` is the upload's
  address, a signed reference (id, length, name) that expires after ``MAX_AGE``.
- ``HEAD`` on it says how much arrived (``Upload-Offset``);
- ``PATCH`` with the same ``Upload-Offset`` appends the bytes of its body, read and written
  in small chunks (a worker's memory stays flat whatever the size); a cut connection keeps
  what arrived. The client sends the file in chunks of a few megabytes, so a cut re-sends
  at most one chunk.
- When the last byte has arrived, the video is checked exactly as a form upload is
  (stories/video/validation.py) and its clean copy staged (stories/contributions/staging.py):
  the answer carries the staged reference, which the form then sends instead of the file.
  A refusal answers 422 with the French message saying what to do.

Partial files live in the private staging folder; one not touched for ``MAX_AGE`` is
deleted by ``manage.py clean_staged_media``. Without JavaScript, none of this is used: the
plain form uploads the file.
"""

import base64
import fcntl
import json
import logging
import os
import shutil
from dataclasses import asdict

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from stories.contributions import abuse, rate_limits, staging
from stories.video.probe import ProbeError
from stories.video.remux import clean_copy
from stories.video.validation import check_video, refusal, too_big

logger = logging.getLogger(__name__)
TUS_VERSION = "1.0.0"
SALT = "centenaire.resumable-video-upload"
MAX_AGE = staging.PARTIAL_MAX_AGE
READ_BYTES = 64 * 1024
NAME_LENGTH = 80


def tus_headers(response, **headers):
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = str(value)
    return response


def refused(message, status):
    return tus_headers(JsonResponse({"message": str(message)}, status=status))


@never_cache
@csrf_protect
def create(request):
    if request.method == "OPTIONS":
        return tus_headers(HttpResponse(status=204), Tus_Version=TUS_VERSION)
    if request.method != "POST":
        return tus_headers(HttpResponse(status=405))
    if not abuse.permits_upload(request.headers.get("Upload-Permit")):
        # A script that never loaded the form, or a page open for more than a day: the
        # file stays chosen and the form sends it (stories/video/uploads.py).
        return refused(
            _(
                "Votre vidéo partira avec le formulaire, quand vous l’enverrez. Pour un envoi "
                "qui reprend après une coupure du réseau, rechargez d’abord la page."
            ),
            403,
        )
    try:
        length = int(request.headers.get("Upload-Length", ""))
    except ValueError:
        return refused(_("L’envoi n’a pas pu commencer : rechargez la page."), 400)
    if length <= 0:
        return refused(_("Ce fichier est vide : choisissez-en un autre."), 400)
    if length > settings.VIDEO_MAX_BYTES:
        return refused(too_big(length).messages[0], 413)
    if rate_limits.uploads_are_busy(request):
        return refused(_("Trop d’envois depuis votre réseau : réessayez dans une heure."), 429)
    upload_id = staging.start_partial(length)  # its length reserved in the budget
    if upload_id is None:
        return refused(
            _(
                "Nous ne pouvons pas recevoir de vidéo pour le moment : envoyez votre histoire "
                "seule, l’équipe pourra vous la demander plus tard."
            ),
            507,
        )
    name = sent_name(request.headers.get("Upload-Metadata", ""))
    token = signing.dumps({"u": upload_id, "l": length, "n": name}, salt=SALT)
    location = reverse("resumable_upload", args=(token,))
    return tus_headers(HttpResponse(status=201), Location=location, Upload_Offset=0)


def sent_name(metadata):
    """The file's name from tus metadata ("filename <base64>"), for display only."""
    for pair in metadata.split(","):
        key, _sep, value = pair.strip().partition(" ")
        if key == "filename":
            try:
                return base64.b64decode(value).decode("utf-8", "replace")[:NAME_LENGTH]
            except (ValueError, TypeError):
                return ""
    return ""


@never_cache
@csrf_protect
def upload(request, token):
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return tus_headers(HttpResponse(status=404))
    path = staging.partial_path(data["u"], data["l"])
    if not path.exists():
        return tus_headers(HttpResponse(status=410))
    if request.method == "HEAD":
        return tus_headers(
            HttpResponse(status=200), Upload_Offset=path.stat().st_size, Upload_Length=data["l"]
        )
    if request.method != "PATCH":
        return tus_headers(HttpResponse(status=405))
    if request.content_type != "application/offset+octet-stream":
        return tus_headers(HttpResponse(status=415))
    return append(request, path, data)


def append(request, path, data):
    length = data["l"]
    try:
        offset = int(request.headers.get("Upload-Offset", ""))
    except ValueError:
        return tus_headers(HttpResponse(status=400))
    with open(path, "ab") as partial:
        fcntl.flock(partial, fcntl.LOCK_EX)  # one PATCH at a time per upload
        if offset != partial.tell():
            return tus_headers(HttpResponse(status=409), Upload_Offset=partial.tell())
        try:
            received = copy_body(request, partial, length - offset)
        except OSError as error:  # the connection was cut: what arrived is kept
            logger.info("Upload cut at %s: %s", partial.tell(), error)
            partial.flush()
            return tus_headers(HttpResponse(status=400), Upload_Offset=partial.tell())
        partial.flush()
        offset += received
    if offset < length:
        return tus_headers(HttpResponse(status=204), Upload_Offset=offset)
    return finish(path, data)


def copy_body(request, partial, room):
    """Append the request's body, chunk by chunk; never more than the announced length."""
    received = 0
    while True:
        chunk = request.read(READ_BYTES)
        if not chunk:
            return received
        if received + len(chunk) > room:
            raise OSError("more bytes than announced")
        partial.write(chunk)
        received += len(chunk)


def finish(path, data):
    """The whole file is here: check it as a form upload, stage its clean copy."""
    try:
        try:
            info = check_video(path, path.stat().st_size)
            copy = clean_copy(path, info)
        except ProbeError as error:
            raise refusal(error) from None
        with copy:
            info = check_video(copy.name, os.path.getsize(copy.name))
            kept = staging.new_path(info.container)
            shutil.copyfile(copy.name, kept)
    except ValidationError as error:
        return refused(" ".join(error.messages), 422)
    finally:
        path.unlink(missing_ok=True)
    reference = staging.sign("video", kept, data["n"] or "video", {"i": asdict(info)})
    response = tus_headers(HttpResponse(status=204), Upload_Offset=data["l"])
    response["Upload-Staged"] = reference
    response["Upload-Staged-Name"] = json.dumps(data["n"] or "video")
    return response
