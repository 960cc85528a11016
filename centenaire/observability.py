"""Structured request logs: one JSON line per request, with its timing.

``RequestLogMiddleware`` (first in MIDDLEWARE in production) logs, on the
``centenaire.requests`` logger, the method, the path, the status, the duration in
milliseconds, the number of SQL queries (counted by a cheap execute wrapper, no SQL kept),
the response's size and a request id (no address: nginx's access log has them). The
request id is nginx's (``X-Request-ID``, deploy/nginx) when one came and looks like one, a
new one otherwise; it goes back in the response's ``X-Request-ID`` so that a reader's report
can be found.

What never reaches the log: the query string (search words, tokens, e-mail addresses in
links), cookies, and the private follow-up token of a contributor's link or Django's
password-reset token, replaced by ``…`` in the path.

``JsonFormatter`` writes any log record as one JSON object (time, level, logger, message and
the ``data`` dict a record carries).
"""

import json
import logging
import re
import time
import uuid

from django.db import connections

logger = logging.getLogger("centenaire.requests")

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# A private token in a path: after the follow-up page's "suivi/" (the contributor's link),
# and the uid and token of a password reset link.
SECRET_IN_PATH = [
    (re.compile(r"(/suivi/)[^/]+"), r"\1…"),
    (re.compile(r"(/reset/|/confirm/)[^/]+/[^/]+"), r"\1…/…"),
]


def loggable_path(path):
    for pattern, replacement in SECRET_IN_PATH:
        path = pattern.sub(replacement, path)
    return path


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        counter = QueryCounter()
        started = time.perf_counter()
        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        duration = (time.perf_counter() - started) * 1000
        response["X-Request-ID"] = request_id
        data = {
            "request_id": request_id,
            "method": request.method,
            "path": loggable_path(request.path),
            "status": response.status_code,
            "duration_ms": round(duration, 1),
            "queries": counter.count,
            "bytes": response_size(response),
        }
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        logger.log(level, "%(method)s %(path)s %(status)s", data, extra={"data": data})
        return response


def response_size(response):
    if response.streaming:
        return None
    return len(response.content)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data = getattr(record, "data", None)
        if isinstance(data, dict):
            entry.update(data)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
