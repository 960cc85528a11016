"""Uploaded media served by Django itself (the demo, or one small machine), with HTTP range
requests so that a reader can seek in a video. In production the web server or the object
storage serves /media/ instead (see the README)."""

import mimetypes
import posixpath
import re
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils._os import safe_join
from django.views.static import serve

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def serve_with_ranges(request, path, document_root):
    """Django's static ``serve``, plus single byte ranges (206) for seeking."""
    header = request.headers.get("Range", "")
    if not header or "If-Range" in request.headers:
        response = serve(request, path, document_root=document_root)
        response["Accept-Ranges"] = "bytes"
        return response
    fullpath = resolve(path, document_root)
    size = fullpath.stat().st_size
    span = byte_range(header, size)
    if span is None:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = span
    content_type, _encoding = mimetypes.guess_type(str(fullpath))
    response = StreamingHttpResponse(
        read_span(fullpath, start, end - start + 1),
        status=206,
        content_type=content_type or "application/octet-stream",
    )
    response["Content-Length"] = str(end - start + 1)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def resolve(path, document_root):
    path = posixpath.normpath(path).lstrip("/")
    try:
        fullpath = Path(safe_join(document_root, path))
    except SuspiciousFileOperation as error:  # a path outside the media root
        raise Http404 from error
    if not fullpath.is_file():
        raise Http404
    return fullpath


def byte_range(header, size):
    """(first, last) byte of a single ``bytes=`` range, or None when it cannot be served."""
    match = RANGE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return None
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return None
    return start, end


def read_span(fullpath, start, length):
    with open(fullpath, "rb") as handle:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
