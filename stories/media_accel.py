"""Behind nginx (deploy/nginx/centenaire.conf), Django decides who may have a contribution
file and nginx sends its bytes: an empty answer carrying ``X-Accel-Redirect``. nginx then
answers byte ranges and If-Modified-Since itself, and no Django worker is held while a video
goes out. On by ``MEDIA_ACCEL_REDIRECT_PREFIX``; without it Django streams the file."""

from urllib.parse import quote

from django.http import HttpResponse

from stories.media_serving import content_type_of


def accel_redirect(media_file, prefix):
    """``media_file`` is the file the request resolved to (``media_serving.locate``), so the
    redirect names it by its one canonical name under the media root."""
    response = HttpResponse(content_type=content_type_of(media_file.path))
    response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{quote(media_file.name)}"
    return response
