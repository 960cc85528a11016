"""Media on S3-compatible object storage (django-storages), switched on by
``AWS_STORAGE_BUCKET_NAME`` (centenaire/settings/base.py; README, "One machine, then many").

Nothing in the bucket is public: objects are written without an ACL (the bucket's owner
alone reads them), whatever their folder. Readers reach them in one of two ways:

- contribution media (``contributions/``) and share cards are always named by a URL of the
  site, ``/media/<name>``: Django checks, at every request, that the story is published (or
  that the user moderates), then redirects to a presigned URL valid a few minutes, marked
  ``Cache-Control: private``. Share cards go out through ``/partage/carte/`` as before,
  streamed from the bucket once the page is checked live;
- other media (editors' images, their renditions, videos) go the same way through Django, a
  redirect kept in caches for a while; or, with ``AWS_S3_CUSTOM_DOMAIN`` set (a CDN or a
  bucket policy that makes those folders, and only those, readable), straight from there.
"""

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.http import Http404, HttpResponseRedirect
from django.utils.encoding import filepath_to_uri

from storages.backends.s3 import S3Storage

from stories.media_serving import is_canonical

# The storage is built while models load (Wagtail asks for it): their folders are named here,
# and tests/ops/test_object_storage.py checks they are the models' own.
PRIVATE_PREFIX = "contributions/"  # stories.models.images.PRIVATE_PREFIX
CARD_FOLDER = "share-cards"  # stories.sharing.service.FOLDER

# How long a presigned URL stays valid, and how long a redirect to one may be reused.
PRIVATE_URL_SECONDS = 300
PUBLIC_URL_SECONDS = 3600
PUBLIC_REDIRECT_CACHE_SECONDS = 600
SHOWN_IN_PLACE = ("image/", "video/", "audio/", "text/vtt")


def is_gated(name):
    """Files whose every reading Django decides."""
    return name.startswith((PRIVATE_PREFIX, f"{CARD_FOLDER}/"))


class MediaStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_gated(name) or not self.custom_domain:
            return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"
        return super().url(name, parameters, expire, http_method)

    def signed_url(self, name, expire, parameters=()):
        """A presigned GET on the bucket itself, never on the public domain."""
        return self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket_name,
                "Key": self._normalize_name(name),
                **dict(parameters),
            },
            ExpiresIn=expire,
        )


def in_object_storage():
    return isinstance(storages["default"], MediaStorage)


def serve(request, path, may_see_contribution_file):
    """The answer to ``/media/<path>`` when media live in the bucket: 404, or a redirect."""
    if not is_canonical(path) or path.startswith(f"{CARD_FOLDER}/"):
        raise Http404  # share cards only through /partage/carte/, which checks the page
    private = path.startswith(PRIVATE_PREFIX)
    if private and not may_see_contribution_file(request, path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    disposition = "inline" if content_type.startswith(SHOWN_IN_PLACE) else "attachment"
    filename = PurePosixPath(path).name.encode("ascii", "ignore").decode() or "fichier"
    parameters = {
        "ResponseContentDisposition": f'{disposition}; filename="{filename}"',
        "ResponseCacheControl": "private" if private else "public, max-age=86400",
    }
    expire = PRIVATE_URL_SECONDS if private else PUBLIC_URL_SECONDS
    response = HttpResponseRedirect(default_storage.signed_url(path, expire, parameters))
    if private:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = f"public, max-age={PUBLIC_REDIRECT_CACHE_SECONDS}"
    return response
