"""Gunicorn settings; each can be overridden with the environment variable named beside it.

Used by the Dockerfile's CMD (`gunicorn -c gunicorn.conf.py centenaire.wsgi:application`) and
by the README's deployment behind nginx. Defaults, with no variable set:

    bind     0.0.0.0:8000   PORT
    workers  4              WEB_CONCURRENCY   (sync-thread workers: gthread when threads > 1)
    threads  2              GUNICORN_THREADS
    timeout  60 s           GUNICORN_TIMEOUT  (a worker silent this long is killed, restarted)
    max_requests 1000 (+ up to 100 of jitter), then the worker is replaced
    forwarded_allow_ips 127.0.0.1  FORWARDED_ALLOW_IPS
    access and error logs on standard output

A killed worker (timeout, out of memory, SIGKILL) is replaced by the arbiter; nothing of a
contribution is lost in between (README, "Crash safety").
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Two workers per core is the usual start for I/O-bound Django (4 for 2 cores).
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# Threads let a worker wait on the database or a slow client without blocking the others.
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 1000
max_requests_jitter = 100
# Large uploads (photos, videos) come through a proxy that buffers them; 60 s is ample, and
# above the intake's ~10 s of retries when the database is busy.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# The proxy in front sets X-Forwarded-*; trust it only when it is on the same host.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
