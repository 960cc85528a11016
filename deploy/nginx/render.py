#!/usr/bin/env python3
"""Render deploy/nginx/centenaire.conf into a complete nginx.conf.

    python3 deploy/nginx/render.py --port 80 --upstream 127.0.0.1:8000 \\
        --media-root /srv/centenaire/media --static-root /srv/centenaire/staticfiles \\
        > /etc/nginx/nginx.conf

Each option defaults to the environment variable of the same meaning that Django reads
(MEDIA_ROOT, STATIC_ROOT, VIDEO_MAX_BYTES), so one environment describes both. Standard
library only: it runs wherever nginx does, without the project's virtual environment.
"""

import argparse
import math
import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("centenaire.conf")
# nginx's own error pages (413, 429, 502, 504) in French; nginx's workers must be able to read them.
ERROR_PAGES = Path(__file__).with_name("errors")
MIB = 1024 * 1024
# The contribution form: up to 5 photos of 15 MB each beside the video, and its text fields.
PHOTOS_BYTES = 5 * 15 * MIB
FORM_OVERHEAD_BYTES = 8 * MIB
# A value goes into the configuration as one word: nothing that could end a directive.
SAFE_VALUE = re.compile(r"^[A-Za-z0-9_./:\[\]-]+$")


def max_body(video_max_bytes):
    """The largest request nginx lets through, in MiB (nginx's ``m``)."""
    return f"{math.ceil((video_max_bytes + PHOTOS_BYTES + FORM_OVERHEAD_BYTES) / MIB)}m"


def render(
    *,
    port,
    upstream,
    media_root,
    static_root,
    state_dir="/var/lib/nginx",
    user="www-data",
    client_timeout=20,
    video_max_bytes=500 * MIB,
    media_in_bucket=False,
    error_pages=ERROR_PAGES,
):
    values = {
        "PORT": str(port),
        "UPSTREAM": upstream,
        "MEDIA_ROOT": str(media_root).rstrip("/"),
        "STATIC_ROOT": str(static_root).rstrip("/"),
        "STATE_DIR": str(state_dir).rstrip("/"),
        "USER": user,
        "CLIENT_TIMEOUT": str(int(client_timeout)),
        "MAX_BODY": max_body(int(video_max_bytes)),
        "ERROR_PAGES": str(error_pages).rstrip("/"),
    }
    for name, value in values.items():
        if not SAFE_VALUE.match(value):
            raise ValueError(f"{name}: {value!r} cannot go into nginx.conf as it is")
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    if media_in_bucket:
        text = media_through_django(text)
    left = sorted(set(re.findall(r"@[A-Z_]+@", text)))
    if left:
        raise ValueError(f"placeholders without a value: {', '.join(left)}")
    return text


# The public media location, as the template has it (one block, up to its closing brace).
PUBLIC_MEDIA = re.compile(
    r"^        location /media/ \{\n.*?^        \}\n", re.MULTILINE | re.DOTALL
)
MEDIA_FROM_DJANGO = """        location /media/ {
            # Media live in an S3 bucket (AWS_STORAGE_BUCKET_NAME): Django answers with a
            # redirect to a presigned URL (stories/object_storage.py); nothing on this disk.
            proxy_pass http://centenaire_django;
            proxy_ignore_headers X-Accel-Redirect;
        }
"""


def media_through_django(text):
    text, count = PUBLIC_MEDIA.subn(MEDIA_FROM_DJANGO, text)
    if count != 1:
        raise ValueError("the public media location of the template was not found")
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--port", default=env("NGINX_PORT", "80"), help="where nginx listens")
    parser.add_argument("--upstream", default="127.0.0.1:8000", help="gunicorn's host:port")
    parser.add_argument("--media-root", default=env("MEDIA_ROOT"), help="Django's MEDIA_ROOT")
    parser.add_argument("--static-root", default=env("STATIC_ROOT"), help="STATIC_ROOT")
    parser.add_argument("--state-dir", default="/var/lib/nginx", help="pid and buffer files")
    parser.add_argument("--user", default="www-data", help="nginx workers' user")
    parser.add_argument(
        "--client-timeout",
        type=int,
        default=20,
        help="seconds of silence before a slow client is dropped",
    )
    parser.add_argument(
        "--video-max-bytes",
        type=int,
        default=int(env("VIDEO_MAX_BYTES", str(500 * MIB))),
        help="Django's VIDEO_MAX_BYTES (the body limit adds the photos and the form)",
    )
    parser.add_argument(
        "--media-in-bucket",
        action="store_true",
        default=bool(env("AWS_STORAGE_BUCKET_NAME")),
        help="media on S3 (AWS_STORAGE_BUCKET_NAME set): /media/ goes to Django, not to disk",
    )
    parser.add_argument(
        "--error-pages",
        default=str(ERROR_PAGES),
        help="folder of the French 413, 429, 502 and 504 pages (errors/ beside this file)",
    )
    parser.add_argument("--output", "-o", help="file to write (standard output by default)")
    args = parser.parse_args(argv)
    if not args.media_root or not args.static_root:
        parser.error("--media-root and --static-root (or MEDIA_ROOT and STATIC_ROOT) are required")
    try:
        text = render_from(args)
    except ValueError as error:
        parser.error(str(error))
    if args.output:
        Path(args.output).write_text(text)
    else:
        sys.stdout.write(text)


def render_from(args):
    return render(
        port=args.port,
        upstream=args.upstream,
        media_root=Path(args.media_root).resolve(),
        static_root=Path(args.static_root).resolve(),
        state_dir=args.state_dir,
        user=args.user,
        client_timeout=args.client_timeout,
        video_max_bytes=args.video_max_bytes,
        media_in_bucket=args.media_in_bucket,
        error_pages=Path(args.error_pages).resolve(),
    )


if __name__ == "__main__":
    main()
