"""Uploaded media served by Django itself (the demo, or one small machine), with HTTP range
requests so that a reader can seek in a video. In production the web server or the object
storage serves /media/ instead (see the README).

A request names a file by a path; what is decided and what is served is the file that path
resolves to (every ``.``, ``..``, doubled slash and link followed), never the text of the
path, so that no spelling of a path can reach a private file the gate would not recognise.
"""

import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.http import http_date
from django.views.static import was_modified_since

# At most 18 digits a side: any real offset fits, and int() never sees thousands of digits.
RANGE = re.compile(r"^bytes=([0-9]{0,18})-([0-9]{0,18})$")
CHUNK = 64 * 1024


@dataclass(frozen=True)
class MediaFile:
    path: Path  # the file itself, every link resolved
    name: str  # its name in the storage, relative to the media root
    private: bool  # inside the private folder


def locate(path, document_root, private_folder):
    """The file a media path designates, or Http404.

    Only a path in its one canonical spelling is accepted; the file it resolves to must lie
    inside the media root, and it is private when it lies inside ``private_folder`` (a
    folder of the media root), however it was reached.
    """
    if not is_canonical(path):
        raise Http404
    root = Path(os.path.realpath(document_root))
    target = Path(os.path.realpath(root / path))
    if not is_file(target):
        raise Http404
    private_root = Path(os.path.realpath(root / private_folder))
    inside_private = relative_inside(target, private_root)
    if inside_private is not None:
        name = str(PurePosixPath(private_folder.strip("/"), inside_private))
        return MediaFile(target, name, private=True)
    inside_root = relative_inside(target, root)
    if inside_root is None:  # a link leading out of the media root
        raise Http404
    return MediaFile(target, str(inside_root), private=False)


def is_canonical(path):
    """No empty, ``.`` or ``..`` segment, no leading or trailing slash, no backslash or
    control character (NUL included)."""
    if not path or any(ord(char) < 32 or char in "\\\x7f" for char in path):
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


def is_file(path):
    try:
        return path.is_file()
    except OSError:  # a name too long for the disk, for one
        return False


def relative_inside(target, folder):
    """``target`` relative to ``folder`` when it lies inside it, else None.

    Folders are compared as files (device and inode), not as text, so a case-insensitive
    disk or a second mount of the same folder is still recognised.
    """
    try:
        folder_stat = folder.stat()
    except OSError:
        return None
    for parent in target.parents:
        try:
            if os.path.samestat(parent.stat(), folder_stat):
                return PurePosixPath(target.relative_to(parent).as_posix())
        except OSError:
            return None
    return None


def serve_file(request, media_file):
    """The whole file (200, or 304 when unchanged), or a single byte range (206)."""
    fullpath = media_file.path
    header = request.headers.get("Range", "")
    if header and "If-Range" not in request.headers:
        return serve_range(fullpath, header)
    statobj = fullpath.stat()
    if not was_modified_since(request.headers.get("If-Modified-Since"), statobj.st_mtime):
        return HttpResponseNotModified()
    response = FileResponse(fullpath.open("rb"), content_type=content_type_of(fullpath))
    response["Last-Modified"] = http_date(statobj.st_mtime)
    response["Accept-Ranges"] = "bytes"
    return response


def serve_range(fullpath, header):
    size = fullpath.stat().st_size
    span = byte_range(header, size)
    if span is None:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = span
    response = StreamingHttpResponse(
        read_span(fullpath, start, end - start + 1),
        status=206,
        content_type=content_type_of(fullpath),
    )
    response["Content-Length"] = str(end - start + 1)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def content_type_of(fullpath):
    content_type, _encoding = mimetypes.guess_type(fullpath.name)
    return content_type or "application/octet-stream"


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


def accel_redirect(media_file, prefix):
    """An empty answer that tells nginx in front (``X-Accel-Redirect``) to send the file
    itself, once Django has decided it may: nginx then answers ranges and If-Modified-Since,
    and no Django worker is held while the bytes go out (deploy/nginx/centenaire.conf)."""
    response = HttpResponse(content_type=content_type_of(media_file.path))
    response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{quote(media_file.name)}"
    return response
